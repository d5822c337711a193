import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ROOT, E2E_SANDBOX_URL } from "../playwright.config";
import { rawRequest, type RawResponse } from "./http";
import { connectDemoStore } from "./pages/dashboard-settings";
import { storeOrigin } from "./pages/store-pages";
import { PaymentElementFrame } from "./sandbox/payment-element";
import { createSandboxAccount } from "./sandbox-api";

const demo = storeOrigin("demo");
const root = `http://${E2E_ROOT}`;
const sandboxOrigin = new URL(E2E_SANDBOX_URL).origin;
const demoOwner = () =>
  JSON.parse(readFileSync(".data-e2e/demo-owner.json", "utf8")) as { email: string; password: string };

/** The CSP header as directive → sources. */
function policyOf(response: RawResponse): Map<string, string[]> {
  const header = response.headers["content-security-policy"];
  expect(typeof header, "a Content-Security-Policy header").toBe("string");
  return new Map(
    String(header)
      .split(";")
      .map((part) => {
        const [name = "", ...sources] = part.trim().split(/\s+/);
        return [name, sources] as const;
      }),
  );
}

function nonceOf(policy: Map<string, string[]>): string {
  const source = (policy.get("script-src") ?? []).find((s) => s.startsWith("'nonce-"));
  expect(source, "script-src has a nonce").toBeDefined();
  return source!.slice("'nonce-".length, -1);
}

/**
 * Collects CSP violations a page reports: Chromium's own console message, and the
 * `securitypolicyviolation` event, which an init script (not itself subject to the page's
 * policy) turns into a console line.
 */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation/.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return violations;
}

test("storefront, store admin, sign-in and root pages carry a nonce CSP and the security headers", async () => {
  const pages: [string, string][] = [
    ["storefront", `${demo}/`],
    ["product page", `${demo}/products/calm-tone-sample`],
    ["checkout", `${demo}/checkout`],
    ["store admin sign-in", `${demo}/admin/sign-in`],
    ["store admin, signed out (a redirect to sign-in)", `${demo}/admin`],
    ["root login", `${root}/login`],
    ["root landing", `${root}/`],
  ];
  for (const [name, url] of pages) {
    const response = await rawRequest(url);
    expect(response.status, name).toBeLessThan(400);
    const policy = policyOf(response);
    const nonce = nonceOf(policy);
    const scripts = policy.get("script-src") ?? [];
    expect(scripts, name).toContain("'strict-dynamic'");
    expect(scripts, name).not.toContain("'unsafe-inline'");
    expect(scripts, name).not.toContain("'unsafe-eval'");
    expect(policy.get("frame-ancestors"), name).toEqual(["'none'"]);
    expect(policy.get("object-src"), name).toEqual(["'none'"]);
    expect(policy.get("form-action"), name).toEqual(["'self'"]);
    // Stripe.js and its frames, and the e2e run's sandbox that stands in for them.
    for (const directive of ["script-src", "frame-src", "connect-src"]) {
      expect(policy.get(directive), `${name} ${directive}`).toContain(sandboxOrigin);
    }
    expect(policy.get("frame-src"), name).toContain("https://js.stripe.com");
    expect(policy.get("connect-src"), name).toContain("https://api.stripe.com");
    expect(response.headers["x-content-type-options"], name).toBe("nosniff");
    expect(response.headers["referrer-policy"], name).toBe("strict-origin-when-cross-origin");
    expect(response.headers["x-frame-options"], name).toBe("DENY");
    // http on localhost: no HSTS.
    expect(response.headers["strict-transport-security"], name).toBeUndefined();

    if (response.status === 200) {
      // Every script Next rendered carries this response's nonce, and none goes without.
      const tags = response.body.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length, name).toBeGreaterThan(0);
      for (const tag of tags) expect(tag, name).toContain(`nonce="${nonce}"`);
    }
  }
});

test("each response gets a fresh nonce", async () => {
  const first = nonceOf(policyOf(await rawRequest(`${demo}/`)));
  const second = nonceOf(policyOf(await rawRequest(`${demo}/`)));
  expect(first).not.toBe(second);
});

test("routes outside middleware (uploads) still get the static headers and a deny-all policy", async () => {
  const response = await rawRequest(`${demo}/api/uploads/products/00000000-0000-4000-8000-000000000000/files`, {
    method: "POST",
  });
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.headers["x-content-type-options"]).toBe("nosniff");
  expect(response.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(response.headers["x-frame-options"]).toBe("DENY");
  expect(response.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("pages whose URL is a secret (downloads, orders) send no Referer at all", async () => {
  for (const url of [
    `${demo}/downloads/not-a-real-token`,
    `${demo}/orders/00000000-0000-4000-8000-000000000000?key=not-a-real-key`,
  ]) {
    const response = await rawRequest(url);
    expect(response.headers["referrer-policy"], url).toBe("no-referrer");
    expect(response.headers["content-security-policy"], url).toContain("frame-ancestors 'none'");
  }
});

test("no CSP violation on the storefront, checkout with the Payment Element, the order page or the admin", async ({
  browser,
}) => {
  const account = await createSandboxAccount();
  const owner = await browser.newPage();
  const ownerViolations = await watchCsp(owner);
  await connectDemoStore(owner, demoOwner(), account);
  for (const path of ["/admin", "/admin/products", "/admin/orders", "/admin/settings"]) {
    await owner.goto(`${demo}${path}`);
    await expect(owner.getByRole("heading", { level: 1 }).first()).toBeVisible();
  }

  const shopper = await browser.newPage();
  const violations = await watchCsp(shopper);
  await shopper.goto(`${demo}/products/calm-tone-sample`);
  await expect(shopper.getByRole("button", { name: "Add to cart" })).toBeEnabled();
  // The watcher can fail: an image from a host the policy does not allow is reported.
  await shopper.evaluate(() => {
    const image = document.createElement("img");
    image.src = "https://evil.example/pixel.png";
    document.body.append(image);
  });
  await expect.poll(() => violations.some((v) => v.includes("img-src"))).toBe(true);
  violations.length = 0;

  await shopper.getByRole("button", { name: "Add to cart" }).click();
  await expect(shopper).toHaveURL(`${demo}/cart`);
  await shopper.getByRole("link", { name: "Checkout" }).click();
  await shopper.getByLabel("Email for your receipt and downloads").fill("csp-shopper@example.test");
  await shopper.getByRole("button", { name: "Continue to payment" }).click();
  await expect(shopper.locator('iframe[title="Secure payment input frame"]')).toBeVisible();
  // Stripe.js came from the sandbox's origin, loaded by our nonce'd code ('strict-dynamic').
  await expect(shopper.locator(`script[src^="${sandboxOrigin}/"]`)).toHaveCount(1);
  await new PaymentElementFrame(shopper).fillCard({ number: "4242 4242 4242 4242" });
  await shopper.getByRole("button", { name: "Pay $15.00" }).click();
  await expect(shopper).toHaveURL(/\/orders\/[0-9a-f-]{36}\?key=/);
  await expect(shopper.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });

  expect(violations).toEqual([]);
  expect(ownerViolations).toEqual([]);
  await owner.close();
  await shopper.close();
});
