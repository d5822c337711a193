import "server-only";
import { randomUUID } from "node:crypto";

// Keys are generated here, never taken from users; the shape also keeps a key from
// climbing out of the local folder or naming a temp file (those start with a dot).
const KEY = /^[a-z0-9-]+\/[a-z0-9-]+$/i;

export function newStorageKey(storeId: string): string {
  return checkedStorageKey(`${storeId}/${randomUUID()}`);
}

export function checkedStorageKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
  return key;
}
