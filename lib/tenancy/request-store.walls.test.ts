import { beforeAll, describe, expect, it, vi } from "vitest";
import { asPlatform } from "@/lib/data-scope";
import { env } from "@/lib/env";
import { fakeRequest, outcomeOf } from "@/test/request-context";
import { createOwnerWithStore } from "@/test/factories";
import {
  appFiles,
  callRoute,
  createSurfaceStore,
  hostOf,
  HTTP_METHODS,
  importApp,
  PAGE_CALLS,
  renderPage,
  ROUTE_CALLS,
  STORE_DIR,
  type SurfaceStore,
} from "@/test/store-surface";
import { findStoreForRequest, requireStoreFromHost } from "./request-store";

/*
 * The middleware-bypass shape: a request whose Host names store B while its path is the
 * internal `/s/A/...`. Middleware never lets such a path through, so this is the check
 * behind it: every store page and route handler resolves the store from the Host and
 * answers 404 when the path's segment disagrees; every server action acts on the Host's
 * store only. Each is called directly, as Next would after a bypass, twice: as the request
 * runs (row-level security scoped to B's host), and with that second wall lifted
 * (`asPlatform`), so the segment check is shown to hold on its own.
 */
vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const under = (file: string) => file.slice(STORE_DIR.length + 1);

let a: SurfaceStore;
let b: Awaited<ReturnType<typeof createOwnerWithStore>>;

/** A request on `host`, signed in as store A's owner (who would pass A's own checks). */
function on(host: string) {
  fakeRequest.host = host;
  fakeRequest.user = a.owner;
  fakeRequest.cookies = new Map();
}

beforeAll(async () => {
  a = await createSurfaceStore();
  b = await createOwnerWithStore();
});

describe("findStoreForRequest", () => {
  it("is the Host's store only when the path's segment names the same store", async () => {
    on(hostOf(a.store));
    expect((await findStoreForRequest(a.store.subdomain))?.id).toBe(a.store.id);
    expect(await findStoreForRequest(b.store.subdomain)).toBeNull();
    on(hostOf(b.store));
    expect(await findStoreForRequest(a.store.subdomain)).toBeNull();
    expect(await asPlatform(() => findStoreForRequest(a.store.subdomain))).toBeNull();
    on(env.ROOT_DOMAIN);
    expect(await findStoreForRequest(a.store.subdomain)).toBeNull();
    expect(await outcomeOf(() => requireStoreFromHost())).toBe("404");
  });
});

describe("Host names store B, path is /s/A/...", () => {
  it("every store page answers 404, and shows A's own content on A's host", async () => {
    const pages = appFiles(STORE_DIR, /^page\.tsx$/);
    expect(pages.length).toBeGreaterThanOrEqual(17);
    for (const file of pages) {
      const call = PAGE_CALLS[under(file)];
      expect(call, `${file}: add it to PAGE_CALLS in test/store-surface.ts`).toBeDefined();
      const page = await importApp(file);
      on(hostOf(a.store));
      expect(await outcomeOf(() => renderPage(page, a.store.subdomain, call!(a))), `${file} on A's host`).toBe(
        "rendered",
      );
      on(hostOf(b.store));
      const bypass = () => renderPage(page, a.store.subdomain, call!(a));
      expect(await outcomeOf(bypass), `${file} on B's host`).toBe("404");
      expect(await outcomeOf(() => asPlatform(bypass)), `${file} on B's host, RLS lifted`).toBe("404");
    }
  });

  it("every store route handler answers 404, and A's own answer on A's host", async () => {
    const routes = appFiles(STORE_DIR, /^route\.ts$/);
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const file of routes) {
      const route = await importApp(file);
      const methods = HTTP_METHODS.filter((m) => typeof route[m] === "function");
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of methods) {
        const call = ROUTE_CALLS[under(file)]?.[method];
        expect(call, `${method} ${file}: add it to ROUTE_CALLS in test/store-surface.ts`).toBeDefined();
        on(hostOf(a.store));
        const own = await callRoute(route, method, hostOf(a.store), a.store.subdomain, call!(a));
        expect(own.status, `${method} ${file} on A's host`).not.toBe(404);
        on(hostOf(b.store));
        const bypass = () => callRoute(route, method, hostOf(b.store), a.store.subdomain, call!(a));
        expect((await bypass()).status, `${method} ${file} on B's host`).toBe(404);
        expect((await asPlatform(bypass)).status, `${method} ${file} on B's host, RLS lifted`).toBe(404);
      }
    }
  });

  it("every server action acts on the Host's store only, never on A's", async () => {
    const files = appFiles(STORE_DIR, /^actions\.ts$/);
    let checked = 0;
    for (const file of files) {
      const actions = await importApp(file);
      for (const [name, action] of Object.entries(actions)) {
        if (typeof action !== "function") continue;
        checked++;
        const probe = ACTION_PROBES[name] ?? (file.includes("/admin/") ? adminProbe : undefined);
        expect(probe, `${file}: ${name}: add it to ACTION_PROBES`).toBeDefined();
        if (probe === "no store") continue;
        on(hostOf(a.store));
        expect(await probe!(action as Action), `${name} on A's host`).toBe("acted on A");
        on(hostOf(b.store));
        expect(await probe!(action as Action), `${name} on B's host`).toBe("refused");
        on(hostOf(b.store));
        expect(await asPlatform(() => probe!(action as Action)), `${name} on B's host, RLS lifted`).toBe("refused");
      }
    }
    expect(checked).toBeGreaterThanOrEqual(16);
  });
});

/** Actions have many shapes; each probe calls its own with what it takes. */
type Action = (...args: unknown[]) => Promise<unknown>;
type Probe = (action: Action) => Promise<"acted on A" | "refused">;

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

/** A's product in the cart; the action reaches A's pricing only if it resolved store A. */
const checkoutProbe: Probe = async (action) => {
  fakeRequest.cookies.set("cart", JSON.stringify([{ p: a.product.id }]));
  const result = (await action({ email: "buyer@example.test" })) as { ok: boolean; formError?: string };
  if (result.formError === "This store cannot take payments yet.") return "acted on A";
  expect(result.formError).toMatch(/no longer for sale/);
  return "refused";
};

/** Admin actions: A's owner passes A's check (then the empty input is refused field by field). */
const adminProbe: Probe = async (action) => {
  const result = (await action(null)) as { ok: boolean; formError?: string; fieldErrors: Record<string, string> };
  expect(result.ok).toBe(false);
  if (!result.formError && Object.keys(result.fieldErrors).length > 0) return "acted on A";
  expect(result.formError).toBe("You are not a member of this store.");
  return "refused";
};

const ACTION_PROBES: Record<string, Probe | "no store"> = {
  addToCart: async (action) => {
    const outcome = await outcomeOf(async () => {
      const state = (await action({}, form({ productId: a.product.id }))) as { error?: string };
      expect(state.error).toBe("This product is no longer for sale.");
    });
    return outcome === "redirect" && fakeRequest.cookies.get("cart")?.includes(a.product.id) ? "acted on A" : "refused";
  },
  // Edits only the cart cookie of the host it was posted to; it reads no store.
  removeFromCart: "no store",
  beginCheckout: checkoutProbe,
  beginHostedCheckout: checkoutProbe,
};
