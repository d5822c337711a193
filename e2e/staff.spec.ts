import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { E2E_ROOT } from "../playwright.config";

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
