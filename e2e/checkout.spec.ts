import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { PaymentElementFrame } from "./sandbox/payment-element";
import { rawRequest } from "./http";
import { connectDemoStore } from "./pages/dashboard-settings";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";
import { createSandboxAccount, sandboxDeliveries, type SandboxAccount } from "./sandbox-api";

const demo = storeOrigin("demo");
const demoOwner = () =>
  JSON.parse(readFileSync(".data-e2e/demo-owner.json", "utf8")) as { email: string; password: string };
let account: SandboxAccount;

test.beforeAll(async ({ browser }) => {
  account = await createSandboxAccount();
  const page = await browser.newPage();
  await connectDemoStore(page, demoOwner(), account);
  await page.close();
});

async function startCheckout(page: Page, email = "shopper@example.test") {
  await page.goto(`${demo}/products/calm-tone-sample`);
  await expect(page.getByText("Test mode: no real payments are taken.")).toBeVisible();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page).toHaveURL(`${demo}/cart`);
  await expect(page.getByText("Total: $15.00")).toBeVisible();
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Email for your receipt and downloads").fill(email);
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.locator('iframe[title="Secure payment input frame"]')).toBeVisible();
}

async function signInAsDemoOwner(page: Page) {
  const admin = new StoreAdmin(page, "demo");
  await admin.signIn(demoOwner().email, demoOwner().password);
  await admin.expectOverview("Demo Downloads");
}

async function pay(page: Page, card: string) {
  await new PaymentElementFrame(page).fillCard({ number: card });
  await expect(page.getByRole("button", { name: "Pay $15.00" })).toBeEnabled();
  await page.getByRole("button", { name: "Pay $15.00" }).click();
}

test("4242 pays: the return page shows the download, the receipt is logged, the order is paid", async ({ page }) => {
  await startCheckout(page, "buyer-4242@example.test");
  await pay(page, "4242 4242 4242 4242");
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}\?key=/);
  await expect(page.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });
  const orderId = /\/orders\/([0-9a-f-]{36})/.exec(page.url())![1]!;

  // The download: the link page, then the file, byte for byte the stored product file.
  await page.getByRole("link", { name: "calm-tone-440hz.wav" }).click();
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download", exact: true }).click();
  const download = await downloadPromise;
  const bytes = readFileSync((await download.path())!);
  expect(download.suggestedFilename()).toBe("calm-tone-440hz.wav");
  // Byte for byte the product file the demo seed stored (one of the WAVs among the store's files).
  const stored = readdirSync(".data-e2e/files", { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name)))
    .filter((file) => file.subarray(8, 12).toString() === "WAVE");
  expect(stored.length).toBeGreaterThan(0);
  expect(stored.filter((file) => file.equals(bytes))).toHaveLength(1);

  const deliveries = await sandboxDeliveries(account.id);
  expect(deliveries.find((d) => d.event_type === "payment_intent.succeeded")).toMatchObject({ status_code: 200 });

  // The owner sees the order and the receipt.
  await signInAsDemoOwner(page);
  await page.goto(`${demo}/admin/orders`);
  await expect(
    page.getByRole("row", { name: new RegExp(orderId.slice(0, 8)) }).getByText("paid", { exact: true }),
  ).toBeVisible();
  await page.goto(`${demo}/admin/emails`);
  await expect(page.getByRole("row", { name: /buyer-4242@example.test/ })).toContainText(
    `Your receipt from Demo Downloads (order ${orderId.slice(0, 8)})`,
  );
});

test("a declined card says so, and a retry with 4242 pays the same order", async ({ page }) => {
  await startCheckout(page, "buyer-decline@example.test");
  await pay(page, "4000 0000 0000 0002");
  await expect(page.locator("form").getByRole("alert")).toContainText("Your card was declined.");
  const frame = new PaymentElementFrame(page).frame;
  for (const field of ["Card number", "Expiration date", "Security code", "ZIP code"])
    await frame.getByLabel(field).fill("");
  await pay(page, "4242 4242 4242 4242");
  await expect(page.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });
  await signInAsDemoOwner(page);
  await page.goto(`${demo}/admin/orders`);
  const rows = page.getByRole("row").filter({ hasText: "buyer-decline@example.test" });
  await expect(rows).toHaveCount(1);
  await expect(rows.getByText("paid", { exact: true })).toBeVisible();
});

test("insufficient funds is explained", async ({ page }) => {
  await startCheckout(page, "buyer-funds@example.test");
  await pay(page, "4000 0000 0000 9995");
  await expect(page.locator("form").getByRole("alert")).toContainText("insufficient funds");
});

test("3-D Secure approved: the order is paid", async ({ page }) => {
  await startCheckout(page, "buyer-3ds@example.test");
  await pay(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Complete authentication" }).click();
  await expect(page.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });
});

test("3-D Secure failed: the shopper is told, and nothing is paid", async ({ page }) => {
  await startCheckout(page, "buyer-3ds-fail@example.test");
  await pay(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Fail authentication" }).click();
  await expect(page.getByTestId("order-state")).toContainText("did not go through", { timeout: 20_000 });
  await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
});

test("closing the tab right after paying still gives a paid order and a receipt", async ({ browser, page }) => {
  await startCheckout(page, "buyer-closed@example.test");
  await new PaymentElementFrame(page).fillCard({ number: "4242 4242 4242 4242" });
  const confirmed = page.waitForResponse((r) => /\/v1\/payment_intents\/[^/]+\/confirm/.test(r.url()));
  await page.getByRole("button", { name: "Pay $15.00" }).click();
  await confirmed;
  await page.close();
  const admin = await browser.newPage();
  await signInAsDemoOwner(admin);
  await expect(async () => {
    await admin.goto(`${demo}/admin/orders`);
    await expect(
      admin.getByRole("row").filter({ hasText: "buyer-closed@example.test" }).getByText("paid", { exact: true }),
    ).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await admin.goto(`${demo}/admin/emails`);
  await expect(admin.getByRole("row", { name: /buyer-closed@example.test/ })).toBeVisible();
});

test("tampering with prices in the browser changes nothing the shopper is charged", async ({ page }) => {
  await page.goto(`${demo}/products/calm-tone-sample`);
  const productId = await page.locator("[data-product-id]").getAttribute("data-product-id");
  // The checkout endpoint takes product ids only; a price sent along is ignored.
  const response = await rawRequest(`${demo}/shop/checkout`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: "tamper@example.test",
      items: [{ productId, quantity: 1, priceAmount: 1 }],
      amount: 1,
    }),
  });
  expect(response.status).toBe(201);
  expect(JSON.parse(response.body)).toMatchObject({ amount: 1500, currency: "usd" });
  // And a page edited in devtools still pays the server's price.
  await startCheckout(page, "tamper-ui@example.test");
  await page.evaluate(() => document.querySelectorAll(".price").forEach((el) => (el.textContent = "Total: $0.01")));
  await pay(page, "4242 4242 4242 4242");
  await expect(page.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });
  await expect(page.getByText("Total: $15.00")).toBeVisible();
});

test("the hosted Checkout mode pays through Stripe's page and the same webhook pipeline", async ({ page, browser }) => {
  const owner = await browser.newPage();
  await signInAsDemoOwner(owner);
  const setMode = async (label: string) => {
    await owner.goto(`${demo}/admin/settings`);
    await owner.locator("select[name=checkoutMode]").selectOption({ label });
    await owner.getByRole("button", { name: "Save Stripe settings" }).click();
    await expect(owner.getByText("Saved. The store now takes Test payments.")).toBeVisible();
  };
  await setMode("Stripe-hosted Checkout page");
  try {
    await page.goto(`${demo}/products/calm-tone-sample`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("link", { name: "Checkout" }).click();
    await page.getByLabel("Email for your receipt and downloads").fill("buyer-hosted@example.test");
    await page.getByRole("button", { name: "Continue to secure checkout" }).click();
    await expect(page.getByRole("heading", { name: "$15.00" })).toBeVisible();
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByLabel("Expiration (MM / YY)").fill("12 / 34");
    await page.getByLabel("CVC").fill("123");
    await page.getByLabel("ZIP").fill("94103");
    await page.getByRole("button", { name: "Pay $15.00" }).click();
    await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}\?key=/);
    await expect(page.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });
    await expect(page.getByRole("link", { name: "calm-tone-440hz.wav" })).toBeVisible();
  } finally {
    await setMode("On the store's own page (Payment Element)");
    await owner.close();
  }
});
