import "server-only";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { stores, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { parseHost, storeHost } from "./host";

export async function findStoreBySubdomain(subdomain: string): Promise<Store | null> {
  const db = await getDb();
  const [store] = await db.select().from(stores).where(eq(stores.subdomain, subdomain.toLowerCase())).limit(1);
  return store ?? null;
}

export async function isSubdomainTaken(subdomain: string): Promise<boolean> {
  return (await findStoreBySubdomain(subdomain)) !== null;
}

/**
 * The store a request addresses, resolved from its Host header, never from the URL
 * alone: the internal `/s/<store>` segment must agree with the host, so a request that
 * reaches the segment without passing middleware still sees only its own store.
 */
export async function findStoreForRequest(segmentSubdomain: string): Promise<Store | null> {
  const target = parseHost((await headers()).get("host"), env.ROOT_DOMAIN);
  if (target.kind !== "store" || target.subdomain !== segmentSubdomain) return null;
  return findStoreBySubdomain(target.subdomain);
}

/** As `findStoreForRequest`, for pages: an unknown store is a 404. */
export async function requireStoreForRequest(segmentSubdomain: string): Promise<Store> {
  return (await findStoreForRequest(segmentSubdomain)) ?? notFound();
}

/** The public URL of a store, e.g. `http://demo.localhost:3000`. */
export function storeUrl(store: Pick<Store, "subdomain">, pathname = ""): string {
  return `${env.APP_PROTOCOL}://${storeHost(store.subdomain, env.ROOT_DOMAIN)}${pathname}`;
}

export function platformUrl(pathname = ""): string {
  return `${env.APP_PROTOCOL}://${env.ROOT_DOMAIN}${pathname}`;
}
