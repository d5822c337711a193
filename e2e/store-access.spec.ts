import { expect, test } from "./fixtures";
import { newOwnerDetails, SignupPage } from "./pages/signup-page";
import { rawRequest } from "./http";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";

test("another store's owner is refused the first store's admin", async ({ page, browser, signedUpOwner: first }) => {
  // A second owner signs up in their own browser context.
  const secondContext = await browser.newContext();
  const secondPage = await secondContext.newPage();
  const second = newOwnerDetails();
  const signup = new SignupPage(secondPage);
  await signup.open();
  await signup.fill(second);
  await expect(signup.addressStatus()).toContainText("is available");
  await signup.submitAndConfirm(second);
  await new StoreAdmin(secondPage, second.subdomain).expectOverview(second.storeName);
  await secondContext.close();

  // Signed out, the first store's admin asks for a sign-in.
  await page.goto(`${storeOrigin(first.subdomain)}/admin`);
  await expect(page).toHaveURL(`${storeOrigin(first.subdomain)}/admin/sign-in?next=%2Fadmin`);

  // The second owner's valid credentials open no door in the first store.
  const firstAdmin = new StoreAdmin(page, first.subdomain);
  await firstAdmin.signIn(second.email, second.password);
  await expect(page.getByRole("heading", { name: "You don't have access to this store" })).toBeVisible();
  const refused = await page.goto(`${storeOrigin(first.subdomain)}/admin`);
  expect(refused?.status()).toBe(403);
  await expect(page.getByText(first.storeName)).toHaveCount(0);

  // The first owner gets in, and can sign out again.
  await firstAdmin.signIn(first.email, first.password);
  await firstAdmin.expectOverview(first.storeName);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${storeOrigin(first.subdomain)}/admin/sign-in`);
  await page.goto(`${storeOrigin(first.subdomain)}/admin`);
  await expect(page).toHaveURL(/\/admin\/sign-in/);
});

test("a wrong password is refused with a clear message", async ({ page, signedUpOwner: owner }) => {
  await new StoreAdmin(page, owner.subdomain).signIn(owner.email, "not the password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("That email and password don't match an account.");
});

test("signing in never follows a return path off the site, even one with a tab or newline in it", async ({
  page,
  signedUpOwner: owner,
}) => {
  const origin = storeOrigin(owner.subdomain);
  for (const next of ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "https:evil.example"]) {
    await page.goto(`${origin}/admin/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${origin}/admin`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${origin}/admin/sign-in`);
  }
});

test("the internal store segment is unreachable, even claiming to be a middleware subrequest", async ({
  signedUpOwner: owner,
}) => {
  for (const origin of [`http://localhost:3100`, storeOrigin(owner.subdomain)]) {
    for (const path of [`/s/${owner.subdomain}/admin`, `/s/${owner.subdomain}`]) {
      const response = await rawRequest(`${origin}${path}`, {
        headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
      });
      expect(response.status).toBe(404);
      expect(response.body).toContain("Page not found");
      expect(response.body).not.toContain(owner.email);
      expect(response.body).not.toContain("Your store is live at");
    }
  }
});

test("the webhook answers both spellings without a redirect", async ({ signedUpOwner: owner }) => {
  for (const path of ["/shop/webhook/", "/shop/webhook"]) {
    const response = await rawRequest(`${storeOrigin(owner.subdomain)}${path}`, { method: "POST", body: "{}" });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      code: "missing_signature",
      error: expect.stringContaining("Stripe-Signature"),
    });
  }
});

test("the platform signs an owner in and opens their store's admin", async ({ page, signedUpOwner: owner }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your stores" })).toBeVisible();
  await page.getByRole("button", { name: "Open admin" }).click();
  await new StoreAdmin(page, owner.subdomain).expectOverview(owner.storeName);
});
