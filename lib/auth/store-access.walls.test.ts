import { beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { createOwnerWithStore } from "@/test/factories";
import { fakeRequest, outcomeOf } from "@/test/request-context";
import {
  appFiles,
  createSurfaceStore,
  hostOf,
  HTTP_METHODS,
  importApp,
  PAGE_CALLS,
  renderPage,
  STORE_DIR,
  type SurfaceStore,
} from "@/test/store-surface";
import { requireStoreAdmin, requireStoreAdminForAction } from "./store-access";

/*
 * A signed-in user who is not a member of store A is refused by every admin page, every
 * admin server action and every upload route of A, on A's own host. The pages, actions
 * and routes are found in the app tree, so one added without its check fails here. Each
 * is also called signed out and as A's owner, which shows that the refusal comes from the
 * membership check and not from the test's setup.
 */
vi.mock("next/headers", async () => (await import("@/test/request-context")).nextHeadersModule());
vi.mock("@/lib/auth/session", async () => (await import("@/test/request-context")).sessionModule());
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const ADMIN_DIR = `${STORE_DIR}/admin`;
const NOT_A_MEMBER = "You are not a member of this store.";

let a: SurfaceStore;
let stranger: Awaited<ReturnType<typeof createOwnerWithStore>>;

type Who = "stranger" | "signed out" | "owner";

/** A request on A's host, signed in as `who`. The stranger owns a store of their own, B. */
function onStoreA(who: Who) {
  fakeRequest.host = hostOf(a.store);
  fakeRequest.cookies = new Map();
  fakeRequest.user = who === "owner" ? a.owner : who === "stranger" ? stranger.user : null;
}

beforeAll(async () => {
  a = await createSurfaceStore();
  stranger = await createOwnerWithStore();
});

describe("requireStoreAdmin and requireStoreAdminForAction", () => {
  it("refuse a signed-in user who is not a member of the Host's store", async () => {
    onStoreA("stranger");
    expect(await outcomeOf(() => requireStoreAdmin(a.store.subdomain))).toBe("403");
    const refusal = await requireStoreAdminForAction().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "not_a_member", status: 403, message: NOT_A_MEMBER });

    onStoreA("owner");
    expect((await requireStoreAdmin(a.store.subdomain)).store.id).toBe(a.store.id);
    expect((await requireStoreAdminForAction()).store.id).toBe(a.store.id);
  });
});

describe("every admin page of store A", () => {
  it("answers 403 to a non-member, sends a signed-out visitor to sign in, and opens for the owner", async () => {
    const pages = appFiles(ADMIN_DIR, /^page\.tsx$/).filter((file) => !file.includes("/sign-in/"));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    for (const file of pages) {
      const call = PAGE_CALLS[file.slice(STORE_DIR.length + 1)];
      expect(call, `${file}: add it to PAGE_CALLS in test/store-surface.ts`).toBeDefined();
      const page = await importApp(file);
      const render = () => renderPage(page, a.store.subdomain, call!(a));
      onStoreA("stranger");
      expect(await outcomeOf(render), `${file}, not a member`).toBe("403");
      onStoreA("signed out");
      expect(await outcomeOf(render), `${file}, signed out`).toBe("redirect");
      onStoreA("owner");
      expect(await outcomeOf(render), `${file}, owner`).toBe("rendered");
    }
  });
});

type ActionResult = { ok: boolean; formError?: string; fieldErrors?: Record<string, string> };

describe("every admin server action of store A", () => {
  it("refuses a non-member before reading its input; the owner gets as far as the input", async () => {
    const files = appFiles(ADMIN_DIR, /^actions\.ts$/);
    let actions = 0;
    for (const file of files) {
      for (const [name, action] of Object.entries(await importApp(file))) {
        if (typeof action !== "function") continue;
        actions++;
        // No input at all: whatever the action would do, only its check can answer first.
        const run = () => (action as (input: unknown) => Promise<ActionResult>)(null);
        onStoreA("stranger");
        expect(await run(), `${file}: ${name}, not a member`).toEqual({
          ok: false,
          formError: NOT_A_MEMBER,
          fieldErrors: {},
        });
        onStoreA("signed out");
        expect(await run(), `${file}: ${name}, signed out`).toMatchObject({
          ok: false,
          formError: "Your session has ended. Sign in again.",
        });
        onStoreA("owner");
        const owner = await run();
        expect(owner.ok, `${file}: ${name}, owner`).toBe(false);
        expect(owner.formError, `${file}: ${name}, owner`).toBeUndefined();
        expect(Object.keys(owner.fieldErrors ?? {}).length, `${file}: ${name}, owner`).toBeGreaterThan(0);
      }
    }
    expect(actions).toBeGreaterThanOrEqual(12);
  });
});

describe("every upload route, on store A's host", () => {
  it("answers 403 to a non-member, and lets the owner through to the upload itself", async () => {
    const routes = appFiles("app/api/uploads", /^route\.ts$/);
    expect(routes.length).toBeGreaterThanOrEqual(3);
    const params = { productId: a.product.id, fileId: a.file.id };
    for (const file of routes) {
      const route = await importApp(file);
      const methods = HTTP_METHODS.filter((m) => typeof route[m] === "function");
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of methods) {
        const upload = async () => {
          const request = new Request(`http://${hostOf(a.store)}/upload`, {
            method,
            headers: { host: hostOf(a.store), "x-file-name": "empty.bin", "content-length": "0" },
            body: method === "GET" || method === "HEAD" ? undefined : "",
          });
          const handler = route[method] as (r: Request, c: { params: Promise<typeof params> }) => Promise<Response>;
          const response = await handler(request, { params: Promise.resolve(params) });
          return { status: response.status, body: (await response.json()) as { code?: string } };
        };
        onStoreA("stranger");
        expect(await upload(), `${method} ${file}, not a member`).toMatchObject({
          status: 403,
          body: { code: "not_a_member" },
        });
        onStoreA("owner");
        expect((await upload()).status, `${method} ${file}, owner`).not.toBe(403);
      }
    }
  });
});
