import { expect, test } from "./fixtures";
import { rawRequest, type RawResponse } from "./http";
import { storeOrigin } from "./pages/store-pages";

/*
 * The middleware-bypass shape against the running server: a request whose Host names one
 * store (B, an owner who just signed up) while its path is the internal segment of another
 * (A, the seeded `demo` store). Pages, route handlers and server actions all answer 404
 * (an action: nothing done, nothing of A's shown), while the same paths on A's own host
 * reach A. Raw HTTP, so the Host header says exactly what the test wants.
 */

const A = "demo";
const A_NAME = "Demo Downloads";
const A_PRODUCT = "field-notes-templates";
/** What A's product page would show. (Its slug is in the path, which Next echoes even in a 404.) */
const A_PRODUCT_NAME = "Field Notes Templates";

/** As a plain request, and claiming to be middleware's own subrequest (which once skipped it). */
const BYPASS_HEADERS: Record<string, string>[] = [
  {},
  { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
];

/** Paths on a store's host, per method, with a body where the method needs one. */
type Call = { method: string; path: string; body?: string; headers?: Record<string, string> };

function expectNothingOfA(response: RawResponse, what: string) {
  expect(response.body, what).not.toContain(A_NAME);
  expect(response.body, what).not.toContain(A_PRODUCT_NAME);
  const cookies = [response.headers["set-cookie"] ?? []].flat();
  expect(
    cookies.filter((cookie) => cookie.startsWith("cart=")),
    what,
  ).toEqual([]);
}

test("a request whose Host names store B never reaches store A through /s/A", async ({ signedUpOwner: b }) => {
  const aOrigin = storeOrigin(A);
  const bOrigin = storeOrigin(b.subdomain);

  // A's storefront names a product whose cover the media route serves.
  const storefront = await rawRequest(`${aOrigin}/`);
  expect(storefront.status).toBe(200);
  expect(storefront.body).toContain(A_NAME);
  const cover = /\/media\/covers\/([0-9a-f-]{36})\/card\.webp/.exec(storefront.body)?.[0];
  expect(cover, "a cover image on the demo storefront").toBeTruthy();

  const pages: Call[] = [
    "/",
    "/admin",
    "/admin/sign-in",
    "/admin/orders",
    "/admin/settings",
    `/products/${A_PRODUCT}`,
    "/cart",
    "/checkout",
  ].map((path) => ({ method: "GET", path }));
  const routes: Call[] = [
    { method: "GET", path: cover! },
    { method: "GET", path: "/downloads/not-a-real-token/file" },
    { method: "HEAD", path: "/downloads/not-a-real-token/file" },
    { method: "POST", path: "/shop/webhook", body: "{}", headers: { "content-type": "application/json" } },
    { method: "POST", path: "/shop/checkout", body: "{}", headers: { "content-type": "application/json" } },
  ];

  for (const call of [...pages, ...routes]) {
    const init = { method: call.method, body: call.body, headers: call.headers };
    // On A's own host the path reaches A (a page, a file, a redirect or a refusal, never "no such page").
    const own = await rawRequest(`${aOrigin}${call.path}`, init);
    expect(own.status, `${call.method} ${call.path} on A's host`).not.toBe(404);

    // `/s/demo`, not `/s/demo/`: a trailing slash is answered with a redirect before anything else.
    const internal = `/s/${A}${call.path === "/" ? "" : call.path}`;
    for (const headers of BYPASS_HEADERS) {
      const bypass = await rawRequest(`${bOrigin}${internal}`, { ...init, headers: { ...init.headers, ...headers } });
      const what = `${call.method} ${internal} on B's host ${JSON.stringify(headers)}`;
      expect(bypass.status, what).toBe(404);
      if (call.method !== "HEAD" && bypass.headers["content-type"]?.startsWith("text/html")) {
        expect(bypass.body, what).toContain("Page not found");
      }
      expectNothingOfA(bypass, what);
    }
  }
});

test("a server action posted to /s/A with store B's Host does nothing for store A", async ({ signedUpOwner: b }) => {
  const bOrigin = storeOrigin(b.subdomain);
  for (const path of [`/s/${A}/products/${A_PRODUCT}`, `/s/${A}/cart`, `/s/${A}/checkout`]) {
    // The shape a browser's action call has: Next's action header and a JSON reply body.
    const response = await rawRequest(`${bOrigin}${path}`, {
      method: "POST",
      headers: {
        "next-action": "7f".padEnd(42, "0"),
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
      },
      body: "[]",
    });
    expect(response.status, path).toBeGreaterThanOrEqual(400);
    expect(response.status, path).toBeLessThan(500);
    expectNothingOfA(response, path);
  }
});
