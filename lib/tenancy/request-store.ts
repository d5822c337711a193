import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { Store } from "@/db/schema";
import { env } from "@/lib/env";
import { parseHost } from "./host";
import { findStoreBySubdomain } from "./stores";

/** The store the request's Host header names, or null (platform, reserved or unknown host). */
export async function findStoreFromHost(): Promise<Store | null> {
  const target = parseHost((await headers()).get("host"), env.ROOT_DOMAIN);
  return target.kind === "store" ? findStoreBySubdomain(target.subdomain) : null;
}

/**
 * The store a request addresses, resolved from its Host header, never from the URL
 * alone: the internal `/s/<store>` segment must agree with the host, so a request that
 * reaches the segment without passing middleware still sees only its own store.
 */
export async function findStoreForRequest(segmentSubdomain: string): Promise<Store | null> {
  const store = await findStoreFromHost();
  return store?.subdomain === segmentSubdomain ? store : null;
}

/** As `findStoreForRequest`, for pages: an unknown store is a 404. */
export async function requireStoreForRequest(segmentSubdomain: string): Promise<Store> {
  return (await findStoreForRequest(segmentSubdomain)) ?? notFound();
}

/** For server actions on a store host (no route params): the store from the Host header alone. */
export async function requireStoreFromHost(): Promise<Store> {
  return (await findStoreFromHost()) ?? notFound();
}
