import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { test } from "./fixtures";
import { DashboardSettings } from "./pages/dashboard-settings";
import { ProductEditor } from "./pages/product-editor";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";
import { createSandboxAccount } from "./sandbox-api";
import { PaymentElementFrame } from "./sandbox/payment-element";

/** The checklist's checks on the overview, as `id → status`. */
async function checklistStatuses(page: Page): Promise<Record<string, string>> {
  const checks = page.getByTestId("launch-checklist").locator("[data-check]");
  await expect(checks.first()).toBeVisible({ timeout: 30_000 });
  const entries = await checks.evaluateAll((nodes) =>
    nodes.map((node) => [node.getAttribute("data-check")!, node.getAttribute("data-status")!] as const),
  );
  return Object.fromEntries(entries);
}

function check(page: Page, id: string) {
  return page.getByTestId("launch-checklist").locator(`[data-check="${id}"]`);
}

test("a new owner follows the launch checklist from red to green in Test mode, then refunds the test purchase", async ({
  browser,
  signedUpOwner: owner,
}) => {
  test.setTimeout(180_000);
  const origin = storeOrigin(owner.subdomain);
  const ownerContext = await browser.newContext();
  const page = await ownerContext.newPage();
  const admin = new StoreAdmin(page, owner.subdomain);
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview(owner.storeName);

  // A fresh store: every step of the guide is red, each with its evidence and a link to fix it.
  const before = await checklistStatuses(page);
  for (const id of [
    "A.account.test",
    "A.test_first",
    "B.keys.test",
    "C.endpoint.test",
    "C.secret.test",
    "D.saved",
    "E.products",
    "F.chain.test",
    "G.email",
  ]) {
    expect(before[id], id).toBe("fail");
  }
  await expect(page.getByTestId("next-step")).toContainText("Stripe account (Test) is active: No Test keys saved.");
  await expect(check(page, "B.keys.test").getByRole("link", { name: "Open Dashboard Settings" })).toBeVisible();

  // Something to sell.
  const editor = new ProductEditor(page, owner.subdomain);
  await editor.openNew();
  await editor.fill({ name: "Launch Notes", description: "Notes.", price: "5.00", status: "Published" });
  await editor.chooseFiles([
    {
      name: "notes.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(2000)]),
    },
  ]);
  await editor.save();
  await expect(page).toHaveURL(new RegExp(`${origin}/admin/products/[0-9a-f-]{36}$`), { timeout: 30_000 });

  // Keys, checked; the webhook, set up for me.
  const account = await createSandboxAccount();
  const settings = new DashboardSettings(page, owner.subdomain);
  await settings.open();
  await settings.saveTestKeys(account);
  await settings.testSection().getByRole("button", { name: "Check Test keys" }).click();
  await expect(page.getByTestId("test-stripe-notice")).toContainText(
    `Both Test keys belong to Stripe account ${account.id}`,
  );
  await settings.setUpTestWebhook();

  // Email: the store's own Resend settings, and a test email that the provider accepts.
  await page.getByLabel("Resend API Key").fill(`re_${randomBytes(12).toString("hex")}`);
  await page.getByLabel("From address").fill(`Launch Shop <shop@${owner.subdomain}.example.test>`);
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByText(/Email settings saved|Saved/).first()).toBeVisible();
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-email-notice")).toContainText("Resend accepted it: id ");

  // A test purchase, by a shopper in a browser of their own.
  const shopperContext = await browser.newContext();
  const shop = await shopperContext.newPage();
  await shop.goto(`${origin}/products/launch-notes`);
  await shop.getByRole("button", { name: "Add to cart" }).click();
  await shop.getByRole("link", { name: "Checkout" }).click();
  await shop.getByLabel("Email for your receipt and downloads").fill("first-buyer@example.test");
  await shop.getByRole("button", { name: "Continue to payment" }).click();
  await new PaymentElementFrame(shop).fillCard({ number: "4242 4242 4242 4242" });
  await shop.getByRole("button", { name: "Pay $5.00" }).click();
  await expect(shop).toHaveURL(/\/orders\/[0-9a-f-]{36}\?key=/);
  await expect(shop.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });
  const orderId = /\/orders\/([0-9a-f-]{36})/.exec(shop.url())![1]!;
  await shop.getByRole("link", { name: "notes.pdf" }).click();
  const downloadPage = shop.url();
  await expect(shop.getByRole("link", { name: "Download", exact: true })).toBeVisible();

  // Back on the overview: nothing is red any more in Test mode.
  await page.goto(`${origin}/admin`);
  const after = await checklistStatuses(page);
  const red = Object.entries(after).filter(([, status]) => status === "fail" || status === "unknown");
  expect(red, JSON.stringify(after)).toEqual([]);
  for (const id of [
    "A.test_first",
    "B.keys.test",
    "C.endpoint.test",
    "C.secret.test",
    "D.saved",
    "E.products",
    "F.chain.test",
    "G.email",
  ]) {
    expect(after[id], id).toBe("pass");
  }
  await expect(check(page, "F.chain.test")).toContainText("delivered and answered 200");
  await expect(check(page, "D.saved")).toContainText(`by ${owner.email}`);
  await expect(page.getByTestId("next-step")).toContainText("Add your Live keys");

  // The owner refunds the purchase from the order page; Stripe's charge.refunded revokes the download.
  await page.goto(`${origin}/admin/orders/${orderId}`);
  await refundInFull(page);
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("refunded", { exact: true }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("order-grants")).toContainText("Revoked");
  await shop.goto(downloadPage);
  await expect(shop.getByRole("link", { name: "Download", exact: true })).toHaveCount(0);

  await shopperContext.close();
  await ownerContext.close();
});

test("switching Live mode on while items are red asks for confirmation and lists them", async ({
  browser,
  signedUpOwner: owner,
}) => {
  const ownerContext = await browser.newContext();
  const page = await ownerContext.newPage();
  const admin = new StoreAdmin(page, owner.subdomain);
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview(owner.storeName);

  const account = await createSandboxAccount();
  const settings = new DashboardSettings(page, owner.subdomain);
  await settings.open();
  const live = page.getByRole("group", { name: "Live" });
  await live.getByLabel("Stripe Publishable Key").fill(account.keys.live.publishable);
  await live.getByLabel("Stripe Secret Key").fill(account.keys.live.secret);
  await live.getByLabel("Stripe Webhook Signing Secret").fill(`whsec_${randomBytes(16).toString("hex")}`);
  await page.getByLabel("Stripe Live Mode").check();
  await page.getByRole("button", { name: "Save Stripe settings" }).click();

  const dialog = page.getByRole("dialog", { name: "Switch Live mode on with red items?" });
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId("live-red-items")).toContainText("A. Test mode was set up first");
  await expect(dialog.getByTestId("live-red-items")).toContainText("No enabled endpoint in Live mode");
  await dialog.getByRole("button", { name: "Keep Test mode" }).click();
  await expect(page.getByText("Live mode is still off")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Stripe Live Mode")).not.toBeChecked();

  await page.getByLabel("Stripe Live Mode").check();
  await page.getByRole("button", { name: "Save Stripe settings" }).click();
  await dialog.getByRole("button", { name: "Switch Live on anyway" }).click();
  await expect(page.getByText("Saved. The store now takes Live payments.")).toBeVisible({ timeout: 30_000 });
  await ownerContext.close();
});

/** The order page's Refund form, for the whole amount. */
async function refundInFull(page: Page) {
  await page.getByRole("button", { name: "Refund" }).first().click();
  await page.getByRole("button", { name: /Refund \$5\.00/ }).click();
  await expect(page.getByText("Refund requested").first()).toBeVisible();
}
