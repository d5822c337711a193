import { test as base, expect } from "@playwright/test";
import { newOwnerDetails, SignupPage, type NewOwner } from "./pages/signup-page";
import { storeOrigin } from "./pages/store-pages";

/** `signedUpOwner`: an owner who signed up through the UI in a context of its own. */
export const test = base.extend<{ signedUpOwner: NewOwner }>({
  signedUpOwner: async ({ browser }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const owner = newOwnerDetails();
    const signup = new SignupPage(page);
    await signup.open();
    await signup.fill(owner);
    await expect(signup.addressStatus()).toContainText("is available");
    await signup.submit();
    await expect(page).toHaveURL(`${storeOrigin(owner.subdomain)}/admin`);
    await context.close();
    await use(owner);
  },
});

export { expect };
