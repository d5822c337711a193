import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Store } from "@/db/schema";
import { findStoreBySubdomain } from "@/lib/tenancy/stores";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest } from "@/test/request-context";
import { createSurfaceStore, hostOf, importApp, PAGE_CALLS, type SurfaceStore } from "@/test/store-surface";
import {
  pauseStorefrontAction,
  removeLogoAction,
  resumeStorefrontAction,
  saveStoreDetailsAction,
  uploadLogoAction,
} from "./actions";

vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());

const NOT_A_MEMBER = "You are not a member of this store.";

let a: SurfaceStore;
let stranger: Awaited<ReturnType<typeof createOwnerWithStore>>;

beforeAll(async () => {
  a = await createSurfaceStore();
  stranger = await createOwnerWithStore();
});

/** A request on store A's host, signed in as A's owner or as the owner of another store. */
function onStoreA(who: "owner" | "stranger") {
  fakeRequest.host = hostOf(a.store);
  fakeRequest.cookies = new Map();
  fakeRequest.user = who === "owner" ? a.owner : stranger.user;
}

async function storeA(): Promise<Store> {
  return (await findStoreBySubdomain(a.store.subdomain))!;
}

async function logoForm(bytes: Uint8Array | Buffer, name: string, type: string): Promise<FormData> {
  const form = new FormData();
  form.set("logo", new File([new Uint8Array(bytes)], name, { type }));
  return form;
}

const pngLogo = () =>
  sharp({ create: { width: 300, height: 100, channels: 3, background: "orange" } })
    .png()
    .toBuffer();

describe("Store settings actions", () => {
  it("refuse another store's owner, even with valid input, and change nothing", async () => {
    const before = await storeA();
    onStoreA("stranger");
    const attempts = [
      () => saveStoreDetailsAction({ name: "Taken over", supportEmail: "thief@example.test" }),
      async () => uploadLogoAction(await logoForm(await pngLogo(), "logo.png", "image/png")),
      () => removeLogoAction({}),
      () => pauseStorefrontAction({ message: "Closed forever" }),
      () => resumeStorefrontAction({}),
    ];
    for (const attempt of attempts) {
      expect(await attempt()).toEqual({ ok: false, formError: NOT_A_MEMBER, fieldErrors: {} });
    }
    expect(await storeA()).toMatchObject({
      name: before.name,
      supportEmail: before.supportEmail,
      logoKey: before.logoKey,
      pausedAt: null,
    });
  });

  it("save the name and support email, which the buyer's order page then shows", async () => {
    onStoreA("owner");
    const saved = await saveStoreDetailsAction({ name: " Owl Press ", supportEmail: "help@owl.test" });
    expect(saved).toMatchObject({ ok: true, data: { name: "Owl Press", supportEmail: "help@owl.test" } });
    expect(await storeA()).toMatchObject({ name: "Owl Press", supportEmail: "help@owl.test" });

    const page = await importApp("app/s/[store]/orders/[id]/page.tsx");
    const call = PAGE_CALLS["orders/[id]/page.tsx"]!(a);
    const html = renderToStaticMarkup(
      await (page.default as (p: unknown) => Promise<ReactElement>)({
        params: Promise.resolve({ store: a.store.subdomain, ...call.params }),
        searchParams: Promise.resolve(call.searchParams ?? {}),
      }),
    );
    expect(html).toContain("Questions about this order? Write to");
    expect(html).toContain(`href="mailto:help@owl.test?subject=Order%20${a.order.id.slice(0, 8)}"`);
  });

  it("answer a bad email with an error beside that field, and save nothing", async () => {
    onStoreA("owner");
    const before = await storeA();
    expect(await saveStoreDetailsAction({ name: "Still fine", supportEmail: "help@" })).toEqual({
      ok: false,
      fieldErrors: { supportEmail: "Enter a single email address, like help@yourshop.com, or leave it empty." },
    });
    expect(await storeA()).toMatchObject({ name: before.name, supportEmail: before.supportEmail });
  });

  it("refuse to change the currency of a store with orders, beside the currency field", async () => {
    onStoreA("owner");
    const result = await saveStoreDetailsAction({ name: "Owl Press", supportEmail: "", currency: "eur" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { currency: expect.stringMatching(/has orders/) } });
    expect((await storeA()).currency).toBe("usd");
  });

  it("upload a real PNG as the logo, refuse a file that is not an image, and remove the logo", async () => {
    onStoreA("owner");
    const uploaded = await uploadLogoAction(await logoForm(await pngLogo(), "logo.png", "image/png"));
    expect(uploaded).toMatchObject({ ok: true, data: { logoPath: expect.stringMatching(/^\/media\/logo\?v=/) } });
    const withLogo = await storeA();
    expect(withLogo.logoKey).not.toBeNull();

    const text = new TextEncoder().encode("not a picture at all");
    expect(await uploadLogoAction(await logoForm(text, "logo.png", "image/png"))).toEqual({
      ok: false,
      formError: "This file is not a PNG, JPEG or WebP image.",
      fieldErrors: { logo: "This file is not a PNG, JPEG or WebP image." },
    });
    expect(await uploadLogoAction(new FormData())).toEqual({
      ok: false,
      fieldErrors: { logo: "Choose a PNG, JPEG or WebP image." },
    });
    expect((await storeA()).logoKey).toBe(withLogo.logoKey);

    expect(await removeLogoAction({})).toEqual({ ok: true, data: { logoPath: null } });
    expect((await storeA()).logoKey).toBeNull();
  });

  it("pause with a message, refuse a message that is too long, and resume", async () => {
    onStoreA("owner");
    expect(await pauseStorefrontAction({ message: "y".repeat(501) })).toEqual({
      ok: false,
      fieldErrors: { message: "Keep the message to 500 characters or fewer." },
    });
    expect((await storeA()).pausedAt).toBeNull();
    expect(await pauseStorefrontAction({ message: "Back soon" })).toMatchObject({
      ok: true,
      data: { pausedMessage: "Back soon", pausedAt: expect.any(Date) },
    });
    expect((await storeA()).pausedAt).not.toBeNull();
    expect(await resumeStorefrontAction({})).toMatchObject({ ok: true, data: { pausedAt: null } });
    expect((await storeA()).pausedAt).toBeNull();
  });
});
