import { expect, test } from "./fixtures";
import { DevMailbox } from "./pages/dev-mailbox";
import { newOwnerDetails, SignupPage } from "./pages/signup-page";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";

test("a new owner signs up, confirms their email from the mail, lands in the store's admin and sees the empty storefront", async ({
  page,
}) => {
  const owner = newOwnerDetails();
  const signup = new SignupPage(page);
  await signup.open();

  // Live validation while typing the address.
  await signup.address().fill("ab");
  await expect(signup.addressStatus()).toHaveText("Use at least 3 characters.");
  await signup.address().fill("admin");
  await expect(signup.addressStatus()).toHaveText("That name is reserved by the platform.");
  await signup.address().fill("autodiscover");
  await expect(signup.addressStatus()).toHaveText("That name is reserved by the platform.");
  await signup.address().fill("-shop");
  await expect(signup.addressStatus()).toContainText("hyphen");

  await signup.fill(owner);
  await expect(signup.addressStatus()).toHaveText(`${owner.subdomain}.localhost:3100 is available.`);
  await signup.submit();
  await signup.expectCheckEmail();

  // The link in the mail confirms the address and opens the new store's admin.
  const link = await new DevMailbox(page).verificationLink(owner.email);
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my email and open my store" }).click();
  await new StoreAdmin(page, owner.subdomain).expectOverview(owner.storeName);
  await expect(page.getByText(`${owner.email} (owner)`)).toBeVisible();
  await expect(page.getByText("No products yet.")).toBeVisible();

  await page.goto(storeOrigin(owner.subdomain));
  await expect(page.getByRole("heading", { level: 1, name: owner.storeName })).toBeVisible();
  await expect(page.getByText("This store has no products yet.")).toBeVisible();

  // The link works once.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link can't be used" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a new link" })).toBeVisible();
});

test("a long but guessable password is refused beside the field, and nothing is lost", async ({ page }) => {
  const owner = { ...newOwnerDetails(), password: "passwordpassword" };
  const signup = new SignupPage(page);
  await signup.open();
  await signup.fill(owner);
  await expect(signup.addressStatus()).toContainText("is available");
  await signup.submit();
  await expect(page.locator("#password-error")).toContainText("easy to guess");
  await expect(page.getByLabel("Email")).toHaveValue(owner.email);
  await expect(page).toHaveURL(/\/signup$/);
});

test("a registered email gets the same answer as a new one; its owner is told by mail", async ({
  page,
  signedUpOwner,
}) => {
  const signup = new SignupPage(page);
  await signup.open();
  await signup.fill({ ...newOwnerDetails(), email: signedUpOwner.email });
  await expect(signup.addressStatus()).toContainText("is available");
  await signup.submit();
  await signup.expectCheckEmail();

  const mailbox = new DevMailbox(page);
  await mailbox.open(signedUpOwner.email);
  await expect(mailbox.mails("signup_attempt")).toHaveCount(1);
  await expect(mailbox.mails("signup_attempt").first()).toContainText("This address already has an account");
});

test("a taken address is reported live and on submit, and nothing is lost", async ({ page, signedUpOwner }) => {
  const signup = new SignupPage(page);
  await signup.open();
  const second = { ...newOwnerDetails(), subdomain: signedUpOwner.subdomain };
  await signup.fill(second);
  await expect(signup.addressStatus()).toHaveText("That address is taken. Try another.");
  await signup.submit();
  await expect(signup.addressStatus()).toHaveText("That address is taken. Try another.");
  await expect(page.getByLabel("Email")).toHaveValue(second.email);
  await expect(page).toHaveURL(/\/signup$/);
});

test("an unknown store and a reserved name get a 404 page", async ({ page }) => {
  const unknown = await page.goto(storeOrigin("no-such-store-here"));
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No store lives here" })).toBeVisible();
  for (const name of ["api", "mta-sts", "storehost"]) {
    const reserved = await page.goto(storeOrigin(name));
    expect(reserved?.status(), name).toBe(404);
  }
});
