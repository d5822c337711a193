import { randomBytes } from "node:crypto";
import { test as base, expect } from "@playwright/test";
import { newOwnerDetails, SignupPage, type NewOwner } from "./pages/signup-page";
import { storeOrigin } from "./pages/store-pages";

/**
 * A client address of its own (with no proxies configured the server trusts the last
 * X-Forwarded-For entry), so the many shoppers and owners of one run don't share one
 * client's throttles, as they would all be 127.0.0.1.
 */
export const newClientIp = () => `2001:db8::${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;

/**
 * Every test's page is its own client; `signedUpOwner` is an owner who signed up through
 * the UI (and confirmed their email) in a context of its own.
 */
export const test = base.extend<{ signedUpOwner: NewOwner }>({
  context: async ({ context }, use) => {
    await context.setExtraHTTPHeaders({ "x-forwarded-for": newClientIp() });
    await use(context);
  },
  signedUpOwner: async ({ browser }, use) => {
    const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": newClientIp() } });
    const page = await context.newPage();
    const owner = newOwnerDetails();
    const signup = new SignupPage(page);
    await signup.open();
    await signup.fill(owner);
    await expect(signup.addressStatus()).toContainText("is available");
    await signup.submitAndConfirm(owner);
    await expect(page).toHaveURL(`${storeOrigin(owner.subdomain)}/admin`);
    await context.close();
    await use(owner);
  },
});

export { expect };
