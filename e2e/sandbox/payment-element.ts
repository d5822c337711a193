import type { FrameLocator, Page } from "@playwright/test";

/**
 * The sandbox's Payment Element iframe (title "Secure payment input frame", as at Stripe).
 * Types like a shopper: card number, expiry as MM / YY, CVC and ZIP.
 */
export class PaymentElementFrame {
  readonly frame: FrameLocator;

  constructor(page: Page) {
    this.frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  }

  async fillCard(card: { number: string; expiry?: string; cvc?: string; postalCode?: string }): Promise<void> {
    await this.frame.getByLabel("Card number").pressSequentially(card.number.replace(/\s/g, ""));
    await this.frame.getByLabel("Expiration date").pressSequentially((card.expiry ?? "12 / 34").replace(/\D/g, ""));
    await this.frame.getByLabel("Security code").pressSequentially(card.cvc ?? "123");
    await this.frame.getByLabel("ZIP code").pressSequentially(card.postalCode ?? "94103");
  }
}
