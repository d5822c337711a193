import { expect, type Page } from "@playwright/test";
import { DevMailbox } from "./dev-mailbox";

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

  /** Where every accepted signup ends, whether or not the email already had an account. */
  async expectCheckEmail() {
    await expect(this.page).toHaveURL(/\/signup\/check-email$/);
    await expect(this.page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }

  /** Follows the verification link from the development mailbox and confirms: the store's admin opens. */
  async confirmEmail(email: string) {
    await this.page.goto(await new DevMailbox(this.page).verificationLink(email));
    await this.page.getByRole("button", { name: "Confirm my email and open my store" }).click();
  }

  /** Submits the filled form, then confirms the email as the new owner would. */
  async submitAndConfirm(owner: NewOwner) {
    await this.submit();
    await this.expectCheckEmail();
    await this.confirmEmail(owner.email);
  }
}
