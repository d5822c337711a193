import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { headers } from "next/headers";
import type { DataScope } from "@/db/client";
import { env } from "./env";
import { parseHost } from "./tenancy/host";
import { findStoreBySubdomain } from "./tenancy/stores";

/**
 * Which rows the database lets the app see: the second wall behind every query's own
 * store filter. Postgres row-level security (migration 0005) shows a store-owned row only
 * when `app.store_id` names its store, or when `app.scope` is `platform`. The driver sets
 * both for every query and transaction from `currentDataScope()`:
 *  - inside `asStore` / `asPlatform`, what they say (jobs and scripts say it explicitly);
 *  - in a request on a store's host, that store, and nothing else;
 *  - in a request on the platform's own hosts (dashboard, signup), the platform;
 *  - outside any request (scripts, tests), the platform.
 */
// One store per process, on globalThis like the connection (lib/db.ts): Next bundles this
// module once per layer (instrumentation, pages, actions), and the connection keeps the
// `currentDataScope` of whichever copy opened it, so every copy must read the same store.
const scopeHolder = globalThis as unknown as { __storehostDataScope?: AsyncLocalStorage<DataScope> };
const explicitScope = (scopeHolder.__storehostDataScope ??= new AsyncLocalStorage<DataScope>());

const PLATFORM: DataScope = { kind: "platform" };

/** Runs `work` with the platform's view of every store: the outbox, reconciliation, staff. */
export function asPlatform<T>(work: () => PromiseLike<T>): Promise<T> {
  // Awaited inside the run: drizzle's queries are lazy thenables that start when awaited.
  return explicitScope.run(PLATFORM, async () => await work());
}

/** Runs `work` seeing only this store's rows (and no platform rows). */
export function asStore<T>(storeId: string, work: () => PromiseLike<T>): Promise<T> {
  return explicitScope.run({ kind: "store", storeId }, async () => await work());
}

/**
 * Store ids by subdomain. A store's subdomain never changes and stores are never deleted,
 * so a mapping once found holds for the life of the process, and a request on a known store
 * host needs no lookup to know its scope. Unknown subdomains are not remembered: a store may
 * be signed up under one at any moment. Bounded, as a flood of store hosts could grow it.
 */
const storeIdBySubdomain = new Map<string, string>();
const MAX_REMEMBERED_STORES = 100_000;

/** The id of the store at `subdomain`, or null. Looked up as the platform (it reads `stores` across tenants). */
export async function storeIdForSubdomain(subdomain: string): Promise<string | null> {
  const key = subdomain.toLowerCase();
  const known = storeIdBySubdomain.get(key);
  if (known) return known;
  const id = await asPlatform(async () => (await findStoreBySubdomain(key))?.id ?? null);
  if (id) {
    if (storeIdBySubdomain.size >= MAX_REMEMBERED_STORES) storeIdBySubdomain.clear();
    storeIdBySubdomain.set(key, id);
  }
  return id;
}

export async function currentDataScope(): Promise<DataScope> {
  const explicit = explicitScope.getStore();
  if (explicit) return explicit;
  const requestHeaders = await headersOfCurrentRequest();
  if (!requestHeaders) return PLATFORM;
  const target = parseHost(requestHeaders.get("host"), env.ROOT_DOMAIN);
  if (target.kind !== "store") return PLATFORM;
  // An unknown store's host sees no store's rows.
  return { kind: "store", storeId: await storeIdForSubdomain(target.subdomain) };
}

async function headersOfCurrentRequest(): Promise<Headers | null> {
  try {
    return await headers();
  } catch (error) {
    // No request at all: a script, a job's timer, a test. Anything else (Next's own
    // signals, such as "this page is dynamic") must reach Next.
    if (error instanceof Error && error.message.includes("was called outside a request scope")) return null;
    throw error;
  }
}
