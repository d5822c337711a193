import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { expect, test } from "./fixtures";
import { E2E_ROOT } from "../playwright.config";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";

const demoFile = (name: string) =>
  JSON.parse(readFileSync(`.data-e2e/${name}.json`, "utf8")) as { email: string; password: string };

/** A real 1×1 PNG (signature, IHDR, IDAT, IEND), so the server's sniffing accepts it as a screenshot. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("the demo owner asks for help, staff answer from the queue, the owner reads the reply; another store's owner sees nothing", async ({
  page,
  browser,
  signedUpOwner: stranger,
}) => {
  const owner = demoFile("demo-owner");
  const subject = `Stripe shows the payment but no order ${Date.now()}`;
  const demo = storeOrigin("demo");

  // The owner writes from Admin → Help, seeing what is shared before sending.
  await new StoreAdmin(page, "demo").signIn(owner.email, owner.password);
  await expect(page).toHaveURL(`${demo}/admin`);
  await page.goto(`${demo}/admin/help`);
  await page.getByRole("link", { name: "New request" }).click();
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Category").selectOption({ label: "Payments and webhooks" });
  await page.getByLabel("Message").fill("A buyer paid <b>twice</b> and got no download. **Help**");
  await page
    .getByLabel(/Attachments/)
    .setInputFiles({ name: "stripe-dashboard.png", mimeType: "image/png", buffer: tinyPng() });
  await expect(page.getByText("stripe-dashboard.png")).toBeVisible();
  const shared = page.getByTestId("context-snapshot");
  await expect(shared).toContainText("demo");
  await expect(shared).toContainText("Test");
  expect(await shared.innerText()).not.toMatch(/sk_test_|pk_test_|whsec_|re_[A-Za-z0-9]/);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(new RegExp(`${demo}/admin/help/[0-9a-f-]{36}$`));
  const threadUrl = page.url();
  await expect(page.getByText("A buyer paid <b>twice</b> and got no download. **Help**")).toBeVisible();

  // Staff find it in the queue, see the context, and reply with a saved answer.
  const staffContext = await browser.newContext();
  const staffPage = await staffContext.newPage();
  const staff = demoFile("demo-staff");
  await staffPage.goto(`http://${E2E_ROOT}/login?next=/staff`);
  await staffPage.getByLabel("Email").fill(staff.email);
  await staffPage.getByLabel("Password").fill(staff.password);
  await staffPage.getByRole("button", { name: "Sign in" }).click();
  await expect(staffPage).toHaveURL(`http://${E2E_ROOT}/staff`);
  await staffPage.getByRole("link", { name: subject }).click();
  await expect(staffPage.getByRole("heading", { name: subject })).toBeVisible();
  await expect(staffPage.getByTestId("context-snapshot").first()).toContainText("demo");
  await expect(staffPage.getByRole("link", { name: "stripe-dashboard.png" })).toBeVisible();
  expect(await staffPage.content()).not.toMatch(/sk_test_|whsec_/);
  const reply = "Your endpoint URL ends in /api/webhook; set it to /shop/webhook/ in Stripe.";
  await staffPage.getByLabel("Reply to the owner").fill(reply);
  await staffPage.getByRole("button", { name: /^Reply/ }).click();
  await expect(staffPage.getByTestId("thread-message").filter({ hasText: reply })).toBeVisible();

  // The reply mail is platform mail, held in the log since this run has no platform key.
  await staffPage.goto(`http://${E2E_ROOT}/staff/emails`);
  await expect(
    staffPage
      .getByTestId("platform-email")
      .filter({ hasText: `Re: ${subject}` })
      .first(),
  ).toContainText(owner.email);
  await staffContext.close();

  // The owner reads the reply in Admin → Help.
  await page.goto(`${demo}/admin/help`);
  await expect(page.getByRole("link", { name: subject })).toBeVisible();
  await page.goto(threadUrl);
  await expect(page.getByText(reply)).toBeVisible();

  // Another store's owner: not on their own store's Help, not by id, not on the demo host.
  const strangerContext = await browser.newContext();
  const strangerPage = await strangerContext.newPage();
  await new StoreAdmin(strangerPage, stranger.subdomain).signIn(stranger.email, stranger.password);
  await expect(strangerPage).toHaveURL(`${storeOrigin(stranger.subdomain)}/admin`);
  await strangerPage.goto(`${storeOrigin(stranger.subdomain)}/admin/help`);
  await expect(strangerPage.getByText(subject)).toHaveCount(0);
  const ticketId = threadUrl.split("/").pop();
  const byId = await strangerPage.goto(`${storeOrigin(stranger.subdomain)}/admin/help/${ticketId}`);
  expect(byId?.status()).toBe(404);
  await strangerPage.goto(threadUrl);
  await expect(strangerPage.getByText(reply)).toHaveCount(0);
  await strangerContext.close();
});
