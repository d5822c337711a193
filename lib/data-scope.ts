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

/** The store id of each request's host, looked up once per request. */
const storeIdByRequest = new WeakMap<object, Promise<string | null>>();

export async function currentDataScope(): Promise<DataScope> {
  const explicit = explicitScope.getStore();
  if (explicit) return explicit;
  const requestHeaders = await headersOfCurrentRequest();
  if (!requestHeaders) return PLATFORM;
  const target = parseHost(requestHeaders.get("host"), env.ROOT_DOMAIN);
  if (target.kind !== "store") return PLATFORM;
  let storeId = storeIdByRequest.get(requestHeaders);
  if (!storeId) {
    // The lookup itself reads `stores` across tenants, so it runs as the platform.
    storeId = asPlatform(async () => (await findStoreBySubdomain(target.subdomain))?.id ?? null);
    storeIdByRequest.set(requestHeaders, storeId);
  }
  // An unknown store's host sees no store's rows.
  return { kind: "store", storeId: await storeId };
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
