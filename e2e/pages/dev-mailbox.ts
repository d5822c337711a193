import { expect, type Page } from "@playwright/test";

/**
 * The development mailbox (/dev/mail on the root domain): on a local root domain the
 * platform has no mail provider, so its mail (verification links, signup notices) waits there.
 */
export class DevMailbox {
  constructor(private readonly page: Page) {}

  async open(to: string) {
    await this.page.goto(`/dev/mail?to=${encodeURIComponent(to)}`);
    await expect(this.page.getByRole("heading", { name: "Development mailbox" })).toBeVisible();
  }

  /** The mails of one kind (`email_verification`, `signup_attempt`), newest first. */
  mails(kind: string) {
    return this.page.locator(`[data-kind="${kind}"]`);
  }

  /** The newest verification link mailed to `to`. */
  async verificationLink(to: string): Promise<string> {
    await this.open(to);
    const href = await this.mails("email_verification")
      .first()
      .locator('a[href*="/verify-email?token="]')
      .getAttribute("href");
    if (!href) throw new Error(`no verification mail to ${to}`);
    return href;
  }
}
