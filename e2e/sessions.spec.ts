import type { Browser, BrowserContext, Page } from "@playwright/test";
import { E2E_ROOT } from "../playwright.config";
import { expect, test } from "./fixtures";
import { rawRequest } from "./http";
import type { NewOwner } from "./pages/signup-page";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";

const SESSION_COOKIE = "next-auth.session-token";

async function signInToDashboard(page: Page, owner: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your stores" })).toBeVisible();
}

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("no session cookie");
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** Another device (a browser context of its own) signed into the owner's store admin. */
async function signedInOnAnotherDevice(browser: Browser, owner: NewOwner) {
  const otherDevice = await browser.newContext();
  const otherPage = await otherDevice.newPage();
  const otherAdmin = new StoreAdmin(otherPage, owner.subdomain);
  await otherAdmin.signIn(owner.email, owner.password);
  await otherAdmin.expectOverview(owner.storeName);
  return { otherDevice, otherPage, otherAdmin };
}

/** Whether a raw request carrying `cookie` is let into the page (200) rather than sent to sign in. */
async function admitted(url: string, cookie: string): Promise<boolean> {
  const response = await rawRequest(url, { headers: { cookie } });
  if (response.status === 200) return true;
  expect(response.status, `${url} answered ${response.status}`).toBeGreaterThanOrEqual(300);
  expect(response.status).toBeLessThan(400);
  return false;
}

test("a store's session opens that store's admin only: not the dashboard, not another store", async ({
  page,
  signedUpOwner: owner,
}) => {
  const admin = new StoreAdmin(page, owner.subdomain);
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview(owner.storeName);
  const cookie = await sessionCookie(page.context());

  expect(await admitted(`${storeOrigin(owner.subdomain)}/admin`, cookie)).toBe(true);
  // The same token replayed on the platform's dashboard (cookies are host-only, but a stolen token is not).
  expect(await admitted(`http://${E2E_ROOT}/dashboard`, cookie)).toBe(false);
});

test("a signed-out token is refused when replayed", async ({ page, signedUpOwner: owner }) => {
  const admin = new StoreAdmin(page, owner.subdomain);
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview(owner.storeName);
  const cookie = await sessionCookie(page.context());

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(`${storeOrigin(owner.subdomain)}/admin/sign-in`);
  expect(await admitted(`${storeOrigin(owner.subdomain)}/admin`, cookie)).toBe(false);
});

test("signing out of all devices ends the sessions on every host at once", async ({
  page,
  browser,
  signedUpOwner: owner,
}) => {
  const { otherDevice, otherPage, otherAdmin } = await signedInOnAnotherDevice(browser, owner);

  // This device signs into the dashboard and signs out everywhere.
  await signInToDashboard(page, owner);
  const dashboardCookie = await sessionCookie(page.context());
  await page.getByRole("button", { name: "Sign out of all devices" }).click();
  await expect(page).toHaveURL(`http://${E2E_ROOT}/`);

  await otherPage.goto(`${storeOrigin(owner.subdomain)}/admin`);
  await expect(otherPage).toHaveURL(/\/admin\/sign-in/);
  expect(await admitted(`http://${E2E_ROOT}/dashboard`, dashboardCookie)).toBe(false);

  // Signing in again works at once.
  await otherAdmin.signIn(owner.email, owner.password);
  await otherAdmin.expectOverview(owner.storeName);
  await otherDevice.close();
});

test("changing the password signs out every device, and only the new password works", async ({
  page,
  browser,
  signedUpOwner: owner,
}) => {
  const { otherDevice, otherPage, otherAdmin } = await signedInOnAnotherDevice(browser, owner);

  await signInToDashboard(page, owner);
  await page.getByRole("link", { name: "Change password" }).click();
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("violet-anchor-42-quietly-rows");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password.")).toBeVisible();

  await page.getByLabel("Current password").fill(owner.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(`http://${E2E_ROOT}/login?password=changed`);
  await expect(page.getByText("Your password was changed")).toBeVisible();

  await otherPage.goto(`${storeOrigin(owner.subdomain)}/admin`);
  await expect(otherPage).toHaveURL(/\/admin\/sign-in/);
  await otherAdmin.signIn(owner.email, owner.password);
  await expect(otherPage.locator("form").getByRole("alert")).toHaveText(
    "That email and password don't match an account.",
  );
  await otherAdmin.signIn(owner.email, "violet-anchor-42-quietly-rows");
  await otherAdmin.expectOverview(owner.storeName);
  await otherDevice.close();
});
