import { expect, type Page } from "@playwright/test";
import { E2E_ROOT } from "../../playwright.config";

export const storeOrigin = (subdomain: string) => `http://${subdomain}.${E2E_ROOT}`;

export class StoreAdmin {
  constructor(
    private readonly page: Page,
    private readonly subdomain: string,
  ) {}

  async signIn(email: string, password: string) {
    await this.page.goto(`${storeOrigin(this.subdomain)}/admin/sign-in`);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async expectOverview(storeName: string) {
    await expect(this.page).toHaveURL(`${storeOrigin(this.subdomain)}/admin`);
    await expect(this.page.getByRole("heading", { level: 1, name: storeName })).toBeVisible();
  }
}
