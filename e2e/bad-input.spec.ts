import type { Page } from "@playwright/test";
import { E2E_ROOT } from "../playwright.config";
import { expect, test } from "./fixtures";
import { rawRequest } from "./http";
import { DashboardSettings } from "./pages/dashboard-settings";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";

const demo = storeOrigin("demo");
const ACTION_BODY_LIMIT = 1024 * 1024;

/** A real server action's URL and id, taken from a shopper's own Add to cart, which still works. */
async function captureAddToCart(page: Page): Promise<{ url: string; id: string }> {
  await page.goto(`${demo}/products/calm-tone-sample`);
  const call = page.waitForRequest((request) => request.method() === "POST" && !!request.headers()["next-action"]);
  await page.getByRole("button", { name: "Add to cart" }).click();
  const request = await call;
  await expect(page).toHaveURL(`${demo}/cart`);
  return { url: request.url(), id: request.headers()["next-action"]! };
}

test("a server action called with a body that is not JSON gets a 400, not a 500", async ({ page }) => {
  const action = await captureAddToCart(page);
  const multipart = (part0: string) =>
    `--b0undary\r\nContent-Disposition: form-data; name="0"\r\n\r\n${part0}\r\n--b0undary--\r\n`;
  const bodies: [string, string][] = [
    ["text/plain;charset=UTF-8", "garbage"],
    ["application/json", "{not json"],
    ["text/plain;charset=UTF-8", ""],
    ["multipart/form-data; boundary=b0undary", "garbage"],
    ["multipart/form-data; boundary=b0undary", multipart("not json either")],
  ];
  for (const [contentType, body] of bodies) {
    const response = await rawRequest(action.url, {
      method: "POST",
      headers: { "next-action": action.id, "content-type": contentType },
      body,
    });
    expect(response.status, `${contentType}: ${JSON.stringify(body)}`).toBe(400);
    expect(response.body).toBe("The request could not be read.");
  }
});

test("a server action body over 1 MB gets a 413, whether its length is declared or not", async ({ page }) => {
  const action = await captureAddToCart(page);
  const body = JSON.stringify(["x".repeat(ACTION_BODY_LIMIT)]);
  const declared = await rawRequest(action.url, {
    method: "POST",
    headers: {
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
      "content-length": String(Buffer.byteLength(body)),
    },
    body,
  });
  expect(declared.status).toBe(413);
  const streamed = await rawRequest(action.url, {
    method: "POST",
    headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", "transfer-encoding": "chunked" },
    body,
  });
  expect(streamed.status).toBe(413);
});

test("GET of the credentials sign-in callback is a 405, on the root and on a store host", async () => {
  for (const origin of [`http://${E2E_ROOT}`, demo]) {
    const response = await rawRequest(`${origin}/api/auth/callback/credentials`);
    expect(response.status, origin).toBe(405);
    expect(response.headers.allow, origin).toBe("POST");
  }
});

test("a From name with a NUL or a bidi override is a field error in the email settings, and nothing is saved", async ({
  page,
  signedUpOwner: owner,
}) => {
  const admin = new StoreAdmin(page, owner.subdomain);
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview(owner.storeName);
  const settings = new DashboardSettings(page, owner.subdomain);
  await settings.open();

  const from = page.getByLabel("From address");
  const save = page.getByRole("button", { name: "Save email settings" });
  const fieldError = page.locator("#fromAddress-error");

  // Typing cannot produce a NUL, so it is set the way a script or a paste would.
  await from.evaluate((input: HTMLInputElement) => {
    input.value = "Shop\u0000 <shop@example.test>";
  });
  await save.click();
  await expect(fieldError).toContainText("control characters");
  await expect(from).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Some values need fixing before they can be saved.")).toBeVisible();

  await page.reload();
  await expect(from).toHaveValue("");
  await expect(fieldError).toHaveCount(0);
  await from.fill("\u202eevil\u202c Shop <shop@example.test>");
  await save.click();
  await expect(fieldError).toContainText("control characters");

  await page.reload();
  await expect(from).toHaveValue("");
});
