import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { E2E_ROOT } from "../playwright.config";
import { storeOrigin } from "./pages/store-pages";

const demoFile = (name: string) =>
  JSON.parse(readFileSync(`.data-e2e/${name}.json`, "utf8")) as { email: string; password: string };

async function signInAtRoot(page: import("@playwright/test").Page, account: { email: string; password: string }) {
  await page.goto(`http://${E2E_ROOT}/login?next=/staff`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("the demo's staff account signs in on the root domain and finds the demo store in the directory", async ({
  page,
}) => {
  await signInAtRoot(page, demoFile("demo-staff"));
  await expect(page).toHaveURL(`http://${E2E_ROOT}/staff`);
  await page.getByRole("link", { name: "Stores", exact: true }).click();
  await expect(page).toHaveURL(`http://${E2E_ROOT}/staff/stores`);
  await expect(page.getByRole("heading", { name: "Stores" })).toBeVisible();
  await page.getByLabel("Search by subdomain or owner email").fill("owner@demo.test");
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByTestId("staff-store-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Demo Downloads");
  await expect(row).toContainText("owner@demo.test");
  expect(await page.content()).not.toMatch(/sk_test_|whsec_/);
});

test("a store owner signed in on the root domain gets 403 at /staff", async ({ page }) => {
  await signInAtRoot(page, demoFile("demo-owner"));
  await expect(page).toHaveURL(`http://${E2E_ROOT}/staff`);
  const response = await page.goto(`http://${E2E_ROOT}/staff`);
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("staff-store-row")).toHaveCount(0);
});

test("staff suspend a store with a reason: shoppers see it unavailable, the audit log records it, reactivating restores it", async ({
  page,
  browser,
  signedUpOwner: owner,
}) => {
  await signInAtRoot(page, demoFile("demo-staff"));
  await expect(page).toHaveURL(`http://${E2E_ROOT}/staff`);
  await page.goto(`http://${E2E_ROOT}/staff/stores`);
  await page.getByLabel("Search by subdomain or owner email").fill(owner.subdomain);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByTestId("staff-store-row");
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Suspend…" }).click();
  const dialog = page.getByRole("dialog", { name: `Suspend ${owner.subdomain}?` });
  await dialog.getByLabel(/Reason/).fill("Hosting invoice unpaid");
  await dialog.getByRole("button", { name: "Suspend" }).click();
  await expect(row).toContainText("suspended");

  const shopper = await browser.newContext();
  const shop = await shopper.newPage();
  await shop.goto(storeOrigin(owner.subdomain));
  await expect(shop.getByRole("heading", { name: "This store is temporarily unavailable" })).toBeVisible();
  await expect(shop.getByText("Hosting invoice unpaid")).toHaveCount(0);

  // The owner's confirmation mail is platform mail: held here, since this run has no platform Resend key.
  await page.goto(`http://${E2E_ROOT}/staff/emails`);
  await expect(page.getByTestId("platform-email").filter({ hasText: owner.email }).first()).toContainText("held");

  await page.goto(`http://${E2E_ROOT}/staff/audit`);
  await expect(page.getByTestId("audit-entry").first()).toContainText("store.suspend");
  await expect(page.getByTestId("audit-entry").first()).toContainText("Hosting invoice unpaid");

  await page.goto(`http://${E2E_ROOT}/staff/stores?q=${owner.subdomain}`);
  await page.getByTestId("staff-store-row").getByRole("button", { name: "Reactivate…" }).click();
  const back = page.getByRole("dialog", { name: `Reactivate ${owner.subdomain}?` });
  await back.getByLabel(/Reason/).fill("Invoice paid");
  await back.getByRole("button", { name: "Reactivate" }).click();
  await expect(page.getByTestId("staff-store-row")).toContainText("active");
  await shop.reload();
  await expect(shop.getByRole("heading", { name: "This store is temporarily unavailable" })).toHaveCount(0);
  await shopper.close();
});
