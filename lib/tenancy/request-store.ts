import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { Store } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseHost } from "./host";
import { storeIdForSubdomain } from "@/lib/data-scope";
import { findStoreById } from "./stores";

/**
 * The store a Host header names, or null (platform, reserved or unknown host). Its row is
 * read fresh on every call (standing, pause and settings change); only the subdomain's id is
 * remembered, so a request on a store host reads its store once, by id, in its own scope.
 */
export async function findStoreForHost(host: string | null): Promise<Store | null> {
  const target = parseHost(host, env.ROOT_DOMAIN);
  if (target.kind !== "store") return null;
  const storeId = await storeIdForSubdomain(target.subdomain);
  const store = storeId ? await findStoreById(storeId) : null;
  return store?.subdomain === target.subdomain ? store : null;
}

/**
 * One read of the store per render: a page's metadata, layout and body share it (React's
 * per-request cache). Outside a render (server actions, route handlers) every call reads
 * afresh, so the render that follows an action sees what the action changed.
 */
const findStoreForRenderHost = cache(findStoreForHost);

/** The store the request's Host header names, or null (platform, reserved or unknown host). */
export async function findStoreFromHost(): Promise<Store | null> {
  return findStoreForRenderHost((await headers()).get("host"));
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

/*
 * The pause switch. While the owner has paused the storefront, every surface that sells
 * (the home, product, cart and checkout pages, the cart and checkout actions, the checkout
 * route and the checkout code itself) asks the two functions below and sells nothing.
 * What a buyer already paid for keeps working (order pages, download pages and files,
 * the logo), and so does Stripe's webhook, so a payment made just before the pause still
 * becomes an order.
 */

/**
 * Why the storefront sells nothing right now: the owner paused it (with their message), or
 * platform staff or billing suspended the store (buyers see only "temporarily unavailable";
 * the reason is for the owner). Either way past purchases and the webhook keep working.
 */
export type StorefrontPause =
  { kind: "paused"; since: Date; message: string | null } | { kind: "suspended"; since: null; message: null };

export const STORE_PAUSED_MESSAGE = "This store is paused and is not taking orders right now.";
export const STORE_SUSPENDED_MESSAGE = "This store is temporarily unavailable.";

type Standing = Pick<Store, "pausedAt" | "pausedMessage" | "status" | "billingHoldSince">;
type Closable = Pick<Store, "pausedAt" | "status" | "billingHoldSince">;

/** Suspended by staff, or for billing (lib/billing/standing.ts): buyers see the same either way. */
const isSuspended = (store: Pick<Store, "status" | "billingHoldSince">) =>
  store.status === "suspended" || store.billingHoldSince !== null;

/** The pause shoppers see instead of the products, or null while the store sells. */
export function storefrontPause(store: Standing): StorefrontPause | null {
  if (isSuspended(store)) return { kind: "suspended", since: null, message: null };
  return store.pausedAt ? { kind: "paused", since: store.pausedAt, message: store.pausedMessage } : null;
}

/** Why nothing can be bought here right now, as the error selling code answers with; null while open. */
export function storefrontClosed(store: Closable): AppError | null {
  if (isSuspended(store)) return new AppError("store_suspended", STORE_SUSPENDED_MESSAGE, 503);
  return store.pausedAt ? new AppError("store_paused", STORE_PAUSED_MESSAGE, 503) : null;
}

/** For code that sells: throws `storefrontClosed`'s error while the storefront is paused or suspended. */
export function requireStorefrontOpen(store: Closable): void {
  const closed = storefrontClosed(store);
  if (closed) throw closed;
}

/**
 * For storefront pages that sell: the store (unknown → 404) and its pause. A paused store's
 * page renders `<StorefrontPaused>` instead of its content.
 */
export async function requireStorefrontForRequest(
  segmentSubdomain: string,
): Promise<{ store: Store; pause: StorefrontPause | null }> {
  const store = await requireStoreForRequest(segmentSubdomain);
  return { store, pause: storefrontPause(store) };
}
