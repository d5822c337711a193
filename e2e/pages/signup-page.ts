import { expect, type Page } from "@playwright/test";

export type NewOwner = { email: string; password: string; storeName: string; subdomain: string };

export function newOwnerDetails(): NewOwner {
  const id = Math.random().toString(36).slice(2, 8);
  return {
    email: `owner-${id}@example.test`,
    password: `pw-${id}-long-enough`,
    storeName: `Shop ${id}`,
    subdomain: `shop-${id}`,
  };
}

export class SignupPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/signup");
    await expect(this.page.getByRole("heading", { name: "Start your store" })).toBeVisible();
  }

  address() {
    return this.page.getByLabel("Store address");
  }

  addressStatus() {
    return this.page.locator("#subdomain-status");
  }

  async fill(owner: NewOwner) {
    await this.page.getByLabel("Email").fill(owner.email);
    await this.page.getByLabel("Password").fill(owner.password);
    await this.page.getByLabel("Store name").fill(owner.storeName);
    await this.address().fill(owner.subdomain);
  }

  async submit() {
    await this.page.getByRole("button", { name: "Create store" }).click();
  }
}
