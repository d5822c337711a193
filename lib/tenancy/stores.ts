import "server-only";
import { eq } from "drizzle-orm";
import { stores, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { storeHost } from "./host";

export async function findStoreBySubdomain(subdomain: string): Promise<Store | null> {
  const db = await getDb();
  const [store] = await db.select().from(stores).where(eq(stores.subdomain, subdomain.toLowerCase())).limit(1);
  return store ?? null;
}

/** A store by id, in the caller's scope (a store's own requests may read their own row). */
export async function findStoreById(storeId: string): Promise<Store | null> {
  const db = await getDb();
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId)).limit(1);
  return store ?? null;
}

export async function isSubdomainTaken(subdomain: string): Promise<boolean> {
  return (await findStoreBySubdomain(subdomain)) !== null;
}

/** The public URL of a store, e.g. `http://demo.localhost:3000`. */
export function storeUrl(store: Pick<Store, "subdomain">, pathname = ""): string {
  return `${env.APP_PROTOCOL}://${storeHost(store.subdomain, env.ROOT_DOMAIN)}${pathname}`;
}

export function platformUrl(pathname = ""): string {
  return `${env.APP_PROTOCOL}://${env.ROOT_DOMAIN}${pathname}`;
}
