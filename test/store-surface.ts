import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { emailOutbox, type Store } from "@/db/schema";
import { setCoverImage } from "@/lib/catalog/cover-images";
import { getDb } from "@/lib/db";
import { createDownloadGrants } from "@/lib/downloads/grants";
import { enqueueEmail } from "@/lib/email/outbox";
import { env } from "@/lib/env";
import { buyerOrderPath } from "@/lib/orders/buyer-order";
import { uploadSupportAttachment } from "@/lib/support/attachments";
import { sealSnapshot, takeContextSnapshot } from "@/lib/support/context-snapshot";
import { openTicket } from "@/lib/support/tickets";
import { storeHost } from "@/lib/tenancy/host";
import { setStoreLogo } from "@/lib/tenancy/store-settings";
import { createPaidOrder } from "./downloads-factories";
import { createOwnerWithStore, createProductWithFile } from "./factories";

/*
 * Every page, route handler and server action a store serves, found in the app tree, with
 * a store that has one of everything they can show (a product with a file and a cover, a
 * paid order with a download link, a mail in its log). Tests drive their checks from
 * these lists, so a page or action added later is checked too, or the test says what
 * entry it needs.
 */

const root = path.resolve(import.meta.dirname, "..");
export const STORE_DIR = "app/s/[store]";

/** Files under `dir` (relative to the repo) named like `name`, as repo-relative paths. */
export function appFiles(dir: string, name: RegExp): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && name.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Imports an app module by its repo-relative path. */
export function importApp(file: string): Promise<Record<string, unknown>> {
  return import(/* @vite-ignore */ path.join(root, file)) as Promise<Record<string, unknown>>;
}

export type SurfaceStore = Awaited<ReturnType<typeof createSurfaceStore>>;

/** A store with one of everything its pages show, and its owner. */
export async function createSurfaceStore() {
  const { store, user } = await createOwnerWithStore();
  const { product, file } = await createProductWithFile(store);
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "green" } })
    .png()
    .toBuffer();
  await setCoverImage(store.id, product.id, png);
  await setStoreLogo(store.id, png);
  const order = await createPaidOrder(store, [product]);
  const db = await getDb();
  const [download] = await db.transaction((tx) => createDownloadGrants(tx, store.id, order.id));
  if (!download) throw new Error("no download link issued");
  const dedupeKey = `surface:${randomUUID()}`;
  await enqueueEmail(db, {
    storeId: store.id,
    kind: "test",
    to: "buyer@example.test",
    subject: "Hello",
    html: "<p>Hi</p>",
    text: "Hi",
    dedupeKey,
  });
  const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, dedupeKey));
  if (!mail) throw new Error("no mail queued");
  const orderKey = new URL(buyerOrderPath(order.id), "http://x").searchParams.get("key") ?? "";
  // A support request with a screenshot, for Admin → Help's thread and its attachment route.
  const access = { store, user, role: "owner" as const };
  const attachment = await uploadSupportAttachment(access, {
    body: png,
    fileName: "screenshot.png",
    declaredSize: png.byteLength,
  });
  const sealed = sealSnapshot(store.id, await takeContextSnapshot(store));
  const ticket = await openTicket(access, {
    subject: "No order after a payment",
    category: "payments",
    message: "Stripe shows the payment but no order was created.",
    attachmentIds: [attachment.id],
    snapshotJson: sealed.json,
    snapshotSeal: sealed.seal,
  });
  return {
    store,
    owner: user,
    product,
    file,
    order,
    orderKey,
    token: download.token,
    mailId: mail.id,
    ticketId: ticket.id,
    attachmentId: attachment.id,
  };
}

export const hostOf = (store: Pick<Store, "subdomain">) => storeHost(store.subdomain, env.ROOT_DOMAIN);
export const originOf = (store: Pick<Store, "subdomain">) => `http://${hostOf(store)}`;

type PageCall = { params: Record<string, string>; searchParams?: Record<string, string> };

/**
 * What each store page needs to show something real of `s` (its route params besides
 * `store`, and its query). Keyed by the file's path under app/s/[store].
 */
export const PAGE_CALLS: Record<string, (s: SurfaceStore) => PageCall> = {
  "page.tsx": () => ({ params: {} }),
  "cart/page.tsx": () => ({ params: {} }),
  "checkout/page.tsx": () => ({ params: {} }),
  "products/[slug]/page.tsx": (s) => ({ params: { slug: s.product.slug } }),
  "orders/[id]/page.tsx": (s) => ({ params: { id: s.order.id }, searchParams: { key: s.orderKey } }),
  "admin/help/page.tsx": () => ({ params: {} }),
  "admin/help/new/page.tsx": () => ({ params: {} }),
  "admin/help/[id]/page.tsx": (s) => ({ params: { id: s.ticketId } }),
  "downloads/[token]/page.tsx": (s) => ({ params: { token: s.token } }),
  "admin/page.tsx": () => ({ params: {} }),
  "admin/sign-in/page.tsx": () => ({ params: {} }),
  "admin/products/page.tsx": () => ({ params: {} }),
  "admin/products/new/page.tsx": () => ({ params: {} }),
  "admin/products/[id]/page.tsx": (s) => ({ params: { id: s.product.id } }),
  "admin/orders/page.tsx": () => ({ params: {} }),
  "admin/orders/[id]/page.tsx": (s) => ({ params: { id: s.order.id } }),
  "admin/customers/page.tsx": () => ({ params: {} }),
  "admin/emails/page.tsx": () => ({ params: {} }),
  "admin/emails/[id]/page.tsx": (s) => ({ params: { id: s.mailId } }),
  "admin/settings/page.tsx": () => ({ params: {} }),
  "admin/settings/store/page.tsx": () => ({ params: {} }),
  "admin/webhooks/page.tsx": () => ({ params: {} }),
};

/** Calls a page module's `generateMetadata` (if any) and its default export, as Next would. */
export async function renderPage(module: Record<string, unknown>, segment: string, call: PageCall): Promise<void> {
  const props = {
    params: Promise.resolve({ store: segment, ...call.params }),
    searchParams: Promise.resolve(call.searchParams ?? {}),
  };
  const generateMetadata = module.generateMetadata as ((p: typeof props) => Promise<unknown>) | undefined;
  if (generateMetadata) await generateMetadata(props);
  await (module.default as (p: typeof props) => Promise<unknown>)(props);
}

type RouteCall = {
  params: Record<string, string>;
  path: string;
  init?: { body?: string; headers?: Record<string, string> };
};

/**
 * What each store route handler needs to answer with something real of `s`, per method.
 * `path` is the public path on the store's host.
 */
export const ROUTE_CALLS: Record<string, Record<string, (s: SurfaceStore) => RouteCall>> = {
  "admin/help/attachments/[attachmentId]/route.ts": {
    GET: (s) => ({ params: { attachmentId: s.attachmentId }, path: `/admin/help/attachments/${s.attachmentId}` }),
  },
  "downloads/[token]/file/route.ts": {
    GET: (s) => ({ params: { token: s.token }, path: `/downloads/${s.token}/file` }),
    HEAD: (s) => ({ params: { token: s.token }, path: `/downloads/${s.token}/file` }),
  },
  "media/covers/[productId]/[variant]/route.ts": {
    GET: (s) => ({
      params: { productId: s.product.id, variant: "card.webp" },
      path: `/media/covers/${s.product.id}/card.webp`,
    }),
  },
  "media/logo/route.ts": {
    GET: () => ({ params: {}, path: "/media/logo" }),
  },
  "shop/checkout/route.ts": {
    POST: () => ({ params: {}, path: "/shop/checkout", init: { body: "{}" } }),
  },
  "admin/orders/export/route.ts": {
    GET: () => ({ params: {}, path: "/admin/orders/export" }),
  },
};

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Calls one method of a route module with a request to `host`, as Next would. */
export async function callRoute(
  module: Record<string, unknown>,
  method: string,
  host: string,
  segment: string,
  call: RouteCall,
): Promise<Response> {
  const request = new NextRequest(`http://${host}${call.path}`, {
    method,
    headers: { host, ...call.init?.headers },
    body: call.init?.body,
  });
  const handler = module[method] as (
    r: NextRequest,
    c: { params: Promise<Record<string, string>> },
  ) => Promise<Response>;
  let response: Response;
  try {
    response = await handler(request, { params: Promise.resolve({ store: segment, ...call.params }) });
  } catch (error) {
    // A handler may end with notFound()/forbidden()/redirect(), as pages do; Next answers
    // those with the status they stand for.
    const digest = (error as { digest?: unknown } | null)?.digest;
    if (typeof digest !== "string") throw error;
    const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d{3})$/.exec(digest);
    if (fallback) return new Response(null, { status: Number(fallback[1]) });
    if (digest.startsWith("NEXT_REDIRECT")) return new Response(null, { status: 307 });
    throw error;
  }
  await response.body?.cancel();
  return response;
}
