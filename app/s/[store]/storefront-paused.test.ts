import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { orders, users } from "@/db/schema";
import { getDb } from "@/lib/db";
import { saveStripeSettings } from "@/lib/stripe/settings";
import { createStaffAccount } from "@/lib/staff/staff-accounts";
import { listStaffAudit, reactivateStore, suspendStore } from "@/lib/staff/store-standing";
import { STORE_PAUSED_MESSAGE, STORE_SUSPENDED_MESSAGE } from "@/lib/tenancy/request-store";
import { pauseStorefront, resumeStorefront, setStoreLogo, storeLogoPath } from "@/lib/tenancy/store-settings";
import { findStoreBySubdomain } from "@/lib/tenancy/stores";
import { createPendingOrderWithIntent } from "@/test/factories";
import { fakeRequest, outcomeOf } from "@/test/request-context";
import { createSandboxAccount } from "@/test/sandbox-account";
import {
  appFiles,
  createSurfaceStore,
  hostOf,
  importApp,
  originOf,
  PAGE_CALLS,
  STORE_DIR,
  type SurfaceStore,
} from "@/test/store-surface";
import { paymentIntent, signed, stripeEvent, testSecret } from "@/test/stripe-events";
import { AdminShell } from "./admin/admin-shell";
import { addToCart } from "./cart/actions";
import { beginCheckout, beginHostedCheckout } from "./checkout/actions";
import { GET as downloadFile } from "./downloads/[token]/file/route";
import { GET as logo } from "./media/logo/route";
import { POST as startCheckoutRoute } from "./shop/checkout/route";
import { POST as webhook } from "@/app/shop/webhook/route";

/*
 * A paused storefront sells nothing, on every surface that sells, and keeps serving what
 * buyers already paid for. The storefront pages are found in the app tree: each one either
 * sells (and shows the pause instead) or is listed here as serving past buyers, so a new
 * page has to choose.
 */
vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());

/** Pages that serve what buyers already have; they keep working while the store is paused. */
const SERVES_PAST_BUYERS = ["orders/[id]/page.tsx", "downloads/[token]/page.tsx"];
/** At least these sell, and show the pause instead. */
const SELLING = ["page.tsx", "products/[slug]/page.tsx", "cart/page.tsx", "checkout/page.tsx"];

const MESSAGE = "Back on <b>Monday</b> with new releases.\nThanks for waiting!";
const under = (file: string) => file.slice(STORE_DIR.length + 1);

let s: SurfaceStore;
let webhookSecret: string;

beforeAll(async () => {
  s = await createSurfaceStore();
  const account = await createSandboxAccount();
  webhookSecret = testSecret("whsec");
  await saveStripeSettings(s.store.id, {
    testPublishableKey: account.keys.test.publishable,
    testSecretKey: account.keys.test.secret,
    testWebhookSecret: webhookSecret,
  });
  await setStoreLogo(
    s.store.id,
    await sharp({ create: { width: 40, height: 40, channels: 3, background: "teal" } })
      .png()
      .toBuffer(),
  );
});

/** A shopper on the store's host with the product in their cart. */
function asShopper() {
  fakeRequest.host = hostOf(s.store);
  fakeRequest.user = null;
  fakeRequest.cookies = new Map([["cart", JSON.stringify([{ p: s.product.id }])]]);
}

/** A store page as HTML, called as Next would (metadata first). */
async function pageHtml(file: string): Promise<string> {
  asShopper();
  const page = await importApp(file);
  const call = PAGE_CALLS[under(file)]!(s);
  const props = {
    params: Promise.resolve({ store: s.store.subdomain, ...call.params }),
    searchParams: Promise.resolve(call.searchParams ?? {}),
  };
  await (page.generateMetadata as ((p: typeof props) => Promise<unknown>) | undefined)?.(props);
  return renderToStaticMarkup(await (page.default as (p: typeof props) => Promise<ReactElement>)(props));
}

function storefrontPages(): string[] {
  return appFiles(STORE_DIR, /^page\.tsx$/).filter((file) => !under(file).startsWith("admin/"));
}

/** POST /shop/checkout as the store's own checkout page sends it. */
async function postCheckout() {
  asShopper();
  const host = hostOf(s.store);
  const request = new NextRequest(`${originOf(s.store)}/shop/checkout`, {
    method: "POST",
    headers: {
      host,
      "content-type": "application/json",
      origin: originOf(s.store),
      "sec-fetch-site": "same-origin",
      "x-forwarded-for": `2001:db8::${randomBytes(2).toString("hex")}`,
    },
    body: JSON.stringify({ email: "buyer@example.test", items: [{ productId: s.product.id, quantity: 1 }] }),
  });
  const response = await startCheckoutRoute(request, { params: Promise.resolve({ store: s.store.subdomain }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function orderCount() {
  const db = await getDb();
  return (await db.select({ id: orders.id }).from(orders).where(eq(orders.storeId, s.store.id))).length;
}

function addToCartForm() {
  const form = new FormData();
  form.set("productId", s.product.id);
  return form;
}

/** A checkout's payment succeeding at Stripe: its webhook through the route, and the order's status after. */
async function payNewOrderThroughWebhook() {
  const pending = await createPendingOrderWithIntent(s.store, s.product.id);
  const event = stripeEvent(
    "payment_intent.succeeded",
    paymentIntent({ amount: pending.totalAmount, orderId: pending.id, id: pending.paymentIntentId }),
  );
  const { rawBody, header } = signed(event, webhookSecret);
  asShopper();
  const delivery = await webhook(
    new NextRequest(`${originOf(s.store)}/shop/webhook/`, {
      method: "POST",
      body: rawBody,
      headers: { host: hostOf(s.store), "stripe-signature": header },
    }),
  );
  const db = await getDb();
  const [order] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, pending.id));
  return { httpStatus: delivery.status, orderStatus: order?.status };
}

/** The element with this data-testid in a tree of elements (components are not rendered). */
function findByTestId(node: ReactNode, testId: string): ReactElement | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findByTestId(child as ReactNode, testId);
      if (found) return found;
    }
    return null;
  }
  if (!isValidElement(node)) return null;
  const props = node.props as { "data-testid"?: string; children?: ReactNode };
  return props["data-testid"] === testId ? node : findByTestId(props.children, testId);
}

describe("a paused storefront", () => {
  it("sells nothing: every selling page shows the owner's message as plain text and 'This store is paused'", async () => {
    await pauseStorefront(s.store.id, { message: MESSAGE });
    const pages = storefrontPages();
    for (const page of SELLING) expect(pages.map(under)).toContain(page);
    for (const file of pages) {
      if (SERVES_PAST_BUYERS.includes(under(file))) continue;
      const html = await pageHtml(file);
      expect(html, `${file}: it sells, so it must show the pause (or list it in SERVES_PAST_BUYERS)`).toContain(
        "This store is paused",
      );
      expect(html, file).toContain("Back on &lt;b&gt;Monday&lt;/b&gt; with new releases.\nThanks for waiting!");
      expect(html, file).not.toContain(s.product.name);
      expect(html, file).not.toContain('href="/cart"');
      // The header still shows the store's logo.
      expect(html, file).toContain(`src="${storeLogoPath((await findStoreBySubdomain(s.store.subdomain))!)}"`);
    }
  });

  it("refuses to start a checkout: the route answers 503 with a message, the actions say why", async () => {
    await pauseStorefront(s.store.id, { message: MESSAGE });
    const before = await orderCount();
    expect(await postCheckout()).toEqual({
      status: 503,
      body: { error: STORE_PAUSED_MESSAGE, code: "store_paused" },
    });

    asShopper();
    expect(await addToCart({}, addToCartForm())).toEqual({ error: STORE_PAUSED_MESSAGE });
    for (const begin of [beginCheckout, beginHostedCheckout]) {
      asShopper();
      expect(await begin({ email: "buyer@example.test" })).toEqual({
        ok: false,
        formError: STORE_PAUSED_MESSAGE,
        fieldErrors: {},
      });
    }
    expect(await orderCount()).toBe(before);
  });

  it("keeps serving buyers: their order page, download page and file, the logo, and Stripe's webhook", async () => {
    await pauseStorefront(s.store.id, { message: MESSAGE });
    const orderPage = await pageHtml(`${STORE_DIR}/orders/[id]/page.tsx`);
    expect(orderPage).toContain(`Order ${s.order.id.slice(0, 8)}`);
    expect(orderPage).toContain(s.product.name);
    expect(orderPage).not.toContain("This store is paused");
    const downloadPage = await pageHtml(`${STORE_DIR}/downloads/[token]/page.tsx`);
    expect(downloadPage).toContain(s.file.fileName);
    expect(downloadPage).not.toContain("This store is paused");

    asShopper();
    const file = await downloadFile(new NextRequest(`${originOf(s.store)}/downloads/${s.token}/file`), {
      params: Promise.resolve({ store: s.store.subdomain, token: s.token }),
    });
    expect(file.status).toBe(200);
    expect((await file.arrayBuffer()).byteLength).toBe(s.file.sizeBytes);

    const image = await logo(new Request(`${originOf(s.store)}/media/logo`), {
      params: Promise.resolve({ store: s.store.subdomain }),
    });
    expect(image.status).toBe(200);
    await image.body?.cancel();

    // A payment made just before the pause still becomes a paid order.
    expect(await payNewOrderThroughWebhook()).toEqual({ httpStatus: 200, orderStatus: "paid" });
  });

  it("keeps the admin usable, with a 'Storefront paused' banner that links to resuming", async () => {
    await pauseStorefront(s.store.id, { message: MESSAGE });
    fakeRequest.user = s.owner;
    const store = (await findStoreBySubdomain(s.store.subdomain))!;
    const shell = await AdminShell({ access: { store, user: s.owner, role: "owner" }, children: "content" });
    const banner = findByTestId(shell, "storefront-paused-banner");
    expect(banner).not.toBeNull();
    const html = renderToStaticMarkup(banner!);
    expect(html).toContain("Storefront paused");
    expect(html).toContain('href="/admin/settings/store#pause"');

    const page = await importApp(`${STORE_DIR}/admin/settings/store/page.tsx`);
    fakeRequest.host = hostOf(s.store);
    const render = () =>
      (page.default as (p: unknown) => Promise<unknown>)({
        params: Promise.resolve({ store: s.store.subdomain }),
      });
    expect(await outcomeOf(render)).toBe("rendered");

    await resumeStorefront(s.store.id);
    const open = await AdminShell({
      access: { store: (await findStoreBySubdomain(s.store.subdomain))!, user: s.owner, role: "owner" },
      children: "content",
    });
    expect(findByTestId(open, "storefront-paused-banner")).toBeNull();
  });
});

describe("resuming the storefront", () => {
  it("restores selling: the pages show the products again and checkout opens an order", async () => {
    await pauseStorefront(s.store.id, { message: MESSAGE });
    await resumeStorefront(s.store.id);
    for (const file of storefrontPages().filter((f) => SELLING.includes(under(f)))) {
      const html = await pageHtml(file);
      expect(html, file).not.toContain("This store is paused");
      expect(html, file).toContain(s.product.name);
    }
    asShopper();
    expect(await outcomeOf(() => addToCart({}, addToCartForm()))).toBe("redirect");
    const before = await orderCount();
    expect(await postCheckout()).toMatchObject({ status: 201, body: { amount: s.product.priceAmount } });
    expect(await orderCount()).toBe(before + 1);
  });
});

describe("a store suspended by platform staff", () => {
  it("shows buyers 'temporarily unavailable' and sells nothing, while orders, downloads and the webhook keep working; reactivating restores it", async () => {
    await resumeStorefront(s.store.id);
    const staff = await createStaffAccount(`staff-${randomBytes(4).toString("hex")}@example.test`);
    const [staffUser] = await (await getDb()).select().from(users).where(eq(users.email, staff.email));
    await expect(suspendStore(staffUser!, { storeId: s.store.id, reason: "" })).rejects.toThrow();
    await suspendStore(staffUser!, { storeId: s.store.id, reason: "Chargebacks under review" });

    for (const file of storefrontPages().filter((f) => SELLING.includes(under(f)))) {
      const html = await pageHtml(file);
      expect(html, file).toContain("This store is temporarily unavailable");
      expect(html, file).not.toContain("Chargebacks");
      expect(html, file).not.toContain(s.product.name);
    }
    expect(await postCheckout()).toEqual({
      status: 503,
      body: { error: STORE_SUSPENDED_MESSAGE, code: "store_suspended" },
    });

    const orderPage = await pageHtml(`${STORE_DIR}/orders/[id]/page.tsx`);
    expect(orderPage).toContain(`Order ${s.order.id.slice(0, 8)}`);
    asShopper();
    const file = await downloadFile(new NextRequest(`${originOf(s.store)}/downloads/${s.token}/file`), {
      params: Promise.resolve({ store: s.store.subdomain, token: s.token }),
    });
    expect(file.status).toBe(200);
    await file.body?.cancel();

    expect(await payNewOrderThroughWebhook()).toEqual({ httpStatus: 200, orderStatus: "paid" });

    // The owner is told why, in the admin.
    const suspended = (await findStoreBySubdomain(s.store.subdomain))!;
    const shell = await AdminShell({ access: { store: suspended, user: s.owner, role: "owner" }, children: "x" });
    expect(renderToStaticMarkup(findByTestId(shell, "store-suspended-banner")!)).toContain("Chargebacks under review");

    await reactivateStore(staffUser!, { storeId: s.store.id, reason: "Review finished" });
    expect(await pageHtml(`${STORE_DIR}/page.tsx`)).toContain(s.product.name);
    expect((await listStaffAudit()).filter((e) => e.storeId === s.store.id).map((e) => e.action)).toEqual([
      "store.reactivate",
      "store.suspend",
    ]);
  });
});
