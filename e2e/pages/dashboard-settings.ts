import { expect, type Page } from "@playwright/test";
import type { SandboxAccount } from "../sandbox-api";
import { StoreAdmin, storeOrigin } from "./store-pages";

/** Dashboard Settings, as an owner fills it in. */
export class DashboardSettings {
  constructor(
    private readonly page: Page,
    private readonly subdomain: string,
  ) {}

  testSection() {
    return this.page.getByRole("group", { name: "Test" });
  }

  async open() {
    await this.page.goto(`${storeOrigin(this.subdomain)}/admin/settings`);
    await expect(this.page.getByRole("heading", { name: "Dashboard Settings" })).toBeVisible();
  }

  async saveTestKeys(account: SandboxAccount) {
    await this.testSection().getByLabel("Stripe Publishable Key").fill(account.keys.test.publishable);
    await this.testSection().getByLabel("Stripe Secret Key").fill(account.keys.test.secret);
    await this.page.getByRole("button", { name: "Save Stripe settings" }).click();
    await expect(this.page.getByText("Saved. The store now takes Test payments.")).toBeVisible();
  }

  async setUpTestWebhook() {
    await this.testSection().getByRole("button", { name: "Set up Test webhook for me" }).click();
    await expect(this.page.getByTestId("test-stripe-notice")).toContainText("/shop/webhook/");
  }
}

/** Signs in as the demo store's owner and points the store at a fresh sandbox account. */
export async function connectDemoStore(
  page: Page,
  owner: { email: string; password: string },
  account: SandboxAccount,
) {
  const admin = new StoreAdmin(page, "demo");
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview("Demo Downloads");
  const settings = new DashboardSettings(page, "demo");
  await settings.open();
  await settings.saveTestKeys(account);
  await settings.setUpTestWebhook();
}
