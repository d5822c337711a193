import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { E2E_ROOT } from "../playwright.config";

const demoOwner = () =>
  JSON.parse(readFileSync(".data-e2e/demo-owner.json", "utf8")) as { email: string; password: string };

test("the demo owner chooses Pro, pays in the sandbox's hosted Checkout, sees Active, then cancels at period end in the portal", async ({
  page,
}) => {
  const owner = demoOwner();
  await page.goto(`http://${E2E_ROOT}/login?next=/billing`);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`http://${E2E_ROOT}/billing`);
  await page.getByRole("link", { name: "Demo Downloads" }).click();
  const status = page.getByTestId("billing-status");
  await expect(status).toContainText("Trial");

  // Stripe Checkout in subscription mode, on the sandbox's hosted page.
  await page.getByRole("button", { name: /^Choose Pro monthly/ }).click();
  await expect(page.getByRole("button", { name: /Subscribe/ })).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiration (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill("Demo Owner");
  await page.getByLabel("ZIP").fill("94103");
  await page.getByRole("button", { name: /Subscribe/ }).click();

  // Back on the billing page, which reads only the mirror: Active once the webhook applied.
  await expect(page).toHaveURL(/\/billing\/[0-9a-f-]{36}\?checkout=success$/);
  await expect(status).toContainText("Active", { timeout: 30_000 });
  await expect(status).toContainText("Pro, monthly");
  await expect(page.getByTestId("billing-invoice").first()).toContainText("paid");

  // Manage billing: the Customer Portal; cancel, which Stripe does at the period's end.
  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await page.getByRole("link", { name: /Return/ }).click();
  await expect(status).toContainText("Cancels at period end", { timeout: 30_000 });
  await expect(status).toContainText("Active");
});
