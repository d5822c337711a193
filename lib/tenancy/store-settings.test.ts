import { eq } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { describe, expect, it, vi } from "vitest";
import { orders, products, stores, type Store } from "@/db/schema";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createPendingOrder } from "@/lib/orders/orders";
import { getStorage } from "@/lib/storage";
import { createOwnerWithStore, createProduct } from "@/test/factories";
import { fakeRequest } from "@/test/request-context";
import { hostOf } from "@/test/store-surface";
import { GET as getLogo } from "@/app/s/[store]/media/logo/route";
import {
  getStoreSettingsView,
  pauseStorefront,
  removeStoreLogo,
  resumeStorefront,
  saveStoreDetails,
  setStoreLogo,
  storeLogoUrl,
} from "./store-settings";
import { findStoreBySubdomain, storeUrl } from "./stores";

vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());

async function reload(store: Store): Promise<Store> {
  const fresh = await findStoreBySubdomain(store.subdomain);
  if (!fresh) throw new Error("store gone");
  return fresh;
}

/** The AppError a call is refused with (it fails the test if the call succeeds). */
async function refusal(call: () => Promise<unknown>): Promise<AppError> {
  const error: unknown = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();

/** GET /media/logo on the store's host, as a browser would ask for it. */
async function fetchLogo(store: Store, path = "/media/logo", headers: Record<string, string> = {}) {
  fakeRequest.host = hostOf(store);
  try {
    const request = new Request(`http://${hostOf(store)}${path}`, { headers: { host: hostOf(store), ...headers } });
    const response = await getLogo(request, { params: Promise.resolve({ store: store.subdomain }) });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  } finally {
    fakeRequest.host = "";
  }
}

describe("store details", () => {
  it("saves the name (trimmed) and the support email, and clears the email when left empty", async () => {
    const { store } = await createOwnerWithStore();
    const view = await saveStoreDetails(store.id, { name: "  Night Owl Press ", supportEmail: " help@owl.test " });
    expect(view).toMatchObject({ name: "Night Owl Press", supportEmail: "help@owl.test", currency: "usd" });
    expect(await reload(store)).toMatchObject({ name: "Night Owl Press", supportEmail: "help@owl.test" });

    await saveStoreDetails(store.id, { name: "Night Owl Press", supportEmail: "" });
    expect((await reload(store)).supportEmail).toBeNull();
  });

  it("refuses a bad email or name beside its field, and saves nothing", async () => {
    const { store } = await createOwnerWithStore();
    const badEmail = await refusal(() => saveStoreDetails(store.id, { name: "Fine", supportEmail: "help at owl" }));
    expect(badEmail.fieldErrors).toEqual({ supportEmail: expect.stringContaining("single email address") });
    const badName = await refusal(() => saveStoreDetails(store.id, { name: "   ", supportEmail: "" }));
    expect(badName.fieldErrors).toEqual({ name: "Enter the store's name." });
    const longName = await refusal(() => saveStoreDetails(store.id, { name: "x".repeat(81), supportEmail: "" }));
    expect(longName.fieldErrors.name).toMatch(/80 characters/);
    const badCurrency = await refusal(() => saveStoreDetails(store.id, { name: "Fine", currency: "xyz" }));
    expect(badCurrency.fieldErrors).toEqual({ currency: "Choose one of the listed currencies." });
    expect(await reload(store)).toMatchObject({ name: store.name, supportEmail: null, currency: "usd" });
  });
});

describe("the store's currency", () => {
  it("changes while the store has no orders, and moves its products with it, keeping the typed numbers", async () => {
    const { store } = await createOwnerWithStore();
    const product = await createProduct(store);
    const db = await getDb();
    await db
      .update(products)
      .set({ priceAmount: 999, payWhatYouWant: true, minimumAmount: 249 })
      .where(eq(products.id, product.id));
    const priceOf = async () => (await db.select().from(products).where(eq(products.id, product.id)))[0]!;

    expect((await getStoreSettingsView(store)).currencyLockedReason).toBeNull();
    await saveStoreDetails(store.id, { name: store.name, currency: "EUR" });
    expect((await reload(store)).currency).toBe("eur");
    expect(await priceOf()).toMatchObject({ currency: "eur", priceAmount: 999, minimumAmount: 249 });

    // 9.99 EUR is 10 JPY (no minor unit), and back again 10.00 EUR.
    await saveStoreDetails(store.id, { name: store.name, currency: "jpy" });
    expect(await priceOf()).toMatchObject({ currency: "jpy", priceAmount: 10, minimumAmount: 2 });
    await saveStoreDetails(store.id, { name: store.name, currency: "eur" });
    expect(await priceOf()).toMatchObject({ currency: "eur", priceAmount: 1000, minimumAmount: 200 });
  });

  it("is refused once the store has any order, even a canceled test order", async () => {
    const { store } = await createOwnerWithStore();
    const product = await createProduct(store);
    const order = await createPendingOrder(store.id, {
      mode: "test",
      email: "buyer@example.test",
      lines: [{ productId: product.id, quantity: 1 }],
    });
    const db = await getDb();
    await db.update(orders).set({ status: "canceled" }).where(eq(orders.id, order.id));

    const view = await getStoreSettingsView(await reload(store));
    expect(view.currencyLockedReason).toMatch(/once the store has orders/);
    const refused = await refusal(() => saveStoreDetails(store.id, { name: "Renamed", currency: "gbp" }));
    expect(refused).toMatchObject({ code: "currency_locked", status: 409 });
    expect(refused.fieldErrors.currency).toMatch(/once the store has orders/);
    expect(await reload(store)).toMatchObject({ currency: "usd", name: store.name });
    const [kept] = await db.select().from(products).where(eq(products.id, product.id));
    expect(kept?.currency).toBe("usd");

    // The same currency, or none sent (the disabled field), still saves the rest.
    await saveStoreDetails(store.id, { name: "Renamed", currency: "usd" });
    await saveStoreDetails(store.id, { name: "Renamed again" });
    expect(await reload(store)).toMatchObject({ currency: "usd", name: "Renamed again" });
  });
});

describe("the store's logo", () => {
  it("stores an uploaded PNG as a bounded WebP, served by /media/logo with its version", async () => {
    const { store } = await createOwnerWithStore();
    expect(storeLogoUrl(store)).toBeNull();
    expect((await fetchLogo(store)).status).toBe(404);

    const { logoPath } = await setStoreLogo(store.id, await png(1200, 300));
    const saved = await reload(store);
    expect(saved.logoKey).toMatch(new RegExp(`^${store.id}/`));
    expect(storeLogoUrl(saved)).toBe(storeUrl(store, logoPath));
    expect(logoPath).toMatch(/^\/media\/logo\?v=[0-9a-f-]{36}$/);

    const stored = Buffer.concat(await (await getStorage().read(saved.logoKey!)).toArray());
    expect((await fileTypeFromBuffer(stored))?.mime).toBe("image/webp");
    expect(await sharp(stored).metadata()).toMatchObject({ format: "webp", width: 512, height: 128, hasAlpha: true });

    const served = await fetchLogo(saved, logoPath);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.body.equals(stored)).toBe(true);
    const etag = served.headers.get("etag")!;
    // Without the current version the answer must be checked again, which the ETag makes cheap.
    expect((await fetchLogo(saved)).headers.get("cache-control")).toBe("public, no-cache");
    expect((await fetchLogo(saved, "/media/logo", { "if-none-match": etag })).status).toBe(304);

    // A new logo: a new URL, a new ETag, and the old object is gone.
    const replaced = await setStoreLogo(store.id, await png(64, 64));
    expect(replaced.logoPath).not.toBe(logoPath);
    const afterReplace = await fetchLogo(await reload(store), "/media/logo", { "if-none-match": etag });
    expect(afterReplace.status).toBe(200);
    await expect(getStorage().size(saved.logoKey!)).rejects.toThrow();

    await removeStoreLogo(store.id);
    const removed = await reload(store);
    expect(removed.logoKey).toBeNull();
    expect(storeLogoUrl(removed)).toBeNull();
    expect((await fetchLogo(removed)).status).toBe(404);
  });

  it("refuses what is not a PNG, JPEG or WebP image, by its bytes, with a message for the field", async () => {
    const { store } = await createOwnerWithStore();
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "blue" } })
      .gif()
      .toBuffer();
    const pngHeaderThenJunk = Buffer.concat([(await png(8, 8)).subarray(0, 16), Buffer.alloc(64, 1)]);
    for (const bytes of [new TextEncoder().encode("just some text, named logo.png"), gif]) {
      const refused = await refusal(() => setStoreLogo(store.id, bytes));
      expect(refused.fieldErrors).toEqual({ logo: "This file is not a PNG, JPEG or WebP image." });
    }
    expect((await refusal(() => setStoreLogo(store.id, pngHeaderThenJunk))).fieldErrors.logo).toMatch(
      /could not be read/,
    );
    expect((await refusal(() => setStoreLogo(store.id, new Uint8Array()))).fieldErrors.logo).toMatch(/empty/);
    const tooLarge = await refusal(() => setStoreLogo(store.id, new Uint8Array(1_000_001)));
    expect(tooLarge).toMatchObject({ status: 413, fieldErrors: { logo: expect.stringMatching(/larger than 1 MB/) } });
    expect((await reload(store)).logoKey).toBeNull();
  });
});

describe("pausing the storefront", () => {
  it("keeps the first pause time while the message changes, and resuming clears it", async () => {
    const { store } = await createOwnerWithStore();
    const paused = await pauseStorefront(store.id, { message: "  Back on Monday.\r\nThanks!  " });
    expect(paused).toMatchObject({ pausedMessage: "Back on Monday.\nThanks!" });
    const since = paused.pausedAt;
    expect(since).toBeInstanceOf(Date);
    const again = await pauseStorefront(store.id, { message: "" });
    expect(again).toMatchObject({ pausedAt: since, pausedMessage: null });

    const resumed = await resumeStorefront(store.id);
    expect(resumed.pausedAt).toBeNull();
    const db = await getDb();
    const [row] = await db.select({ pausedAt: stores.pausedAt }).from(stores).where(eq(stores.id, store.id));
    expect(row?.pausedAt).toBeNull();
  });

  it("refuses a message over 500 characters or with control characters, and stays open", async () => {
    const { store } = await createOwnerWithStore();
    const long = await refusal(() => pauseStorefront(store.id, { message: "x".repeat(501) }));
    expect(long.fieldErrors).toEqual({ message: "Keep the message to 500 characters or fewer." });
    const hidden = await refusal(() => pauseStorefront(store.id, { message: "Back soon\u202e!" }));
    expect(hidden.fieldErrors.message).toMatch(/control characters/);
    expect((await reload(store)).pausedAt).toBeNull();
  });
});
