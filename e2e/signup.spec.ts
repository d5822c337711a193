import { expect, test } from "./fixtures";
import { newOwnerDetails, SignupPage } from "./pages/signup-page";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";

test("a new owner signs up, lands in the store's admin and sees the empty storefront", async ({ page }) => {
  const owner = newOwnerDetails();
  const signup = new SignupPage(page);
  await signup.open();

  // Live validation while typing the address.
  await signup.address().fill("ab");
  await expect(signup.addressStatus()).toHaveText("Use at least 3 characters.");
  await signup.address().fill("admin");
  await expect(signup.addressStatus()).toHaveText("That name is reserved by the platform.");
  await signup.address().fill("-shop");
  await expect(signup.addressStatus()).toContainText("hyphen");

  await signup.fill(owner);
  await expect(signup.addressStatus()).toHaveText(`${owner.subdomain}.localhost:3100 is available.`);
  await signup.submit();

  await new StoreAdmin(page, owner.subdomain).expectOverview(owner.storeName);
  await expect(page.getByText(`${owner.email} (owner)`)).toBeVisible();
  await expect(page.getByText("No products yet.")).toBeVisible();

  await page.goto(storeOrigin(owner.subdomain));
  await expect(page.getByRole("heading", { level: 1, name: owner.storeName })).toBeVisible();
  await expect(page.getByText("This store has no products yet.")).toBeVisible();
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
  const reserved = await page.goto(storeOrigin("api"));
  expect(reserved?.status()).toBe(404);
});
