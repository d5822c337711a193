import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { expect, test } from "./fixtures";
import { rawRequest } from "./http";
import { DashboardSettings } from "./pages/dashboard-settings";
import { ProductEditor } from "./pages/product-editor";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";
import { PaymentElementFrame } from "./sandbox/payment-element";
import { createSandboxAccount } from "./sandbox-api";

// A new owner goes from signup to a paid test order of their own uploaded product, with
// nothing from the seed: the catalogue, the uploads, the keys and the webhook all through the UI.
test("a new owner sells their own upload: create, upload two files, publish, get paid, archive", async ({
  browser,
  signedUpOwner: owner,
}) => {
  test.setTimeout(120_000);
  const origin = storeOrigin(owner.subdomain);
  const ownerContext = await browser.newContext();
  const page = await ownerContext.newPage();
  const admin = new StoreAdmin(page, owner.subdomain);
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview(owner.storeName);

  // The product, with two files and a cover chosen before the first save.
  const files = [
    {
      name: "field-guide.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(300_000)]),
    },
    { name: "bonus tracks.zip", mimeType: "application/zip", buffer: randomBytes(200_000) },
  ];
  const cover = {
    name: "cover.png",
    mimeType: "image/png",
    buffer: await sharp({ create: { width: 900, height: 600, channels: 3, background: "#4f46e5" } })
      .png()
      .toBuffer(),
  };
  const editor = new ProductEditor(page, owner.subdomain);
  await editor.openNew();
  await editor.fill({
    name: "Field Guide to Birdsong",
    description: "**Forty** species, with recordings.\n\n<script>window.pwned = 1</script>",
    price: "7.50",
    status: "Published",
  });
  await editor.chooseFiles(files);
  await editor.chooseCover(cover);
  // Hold each upload a moment so its progress bar can be seen before it completes.
  await page.route("**/api/uploads/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await editor.save();
  for (const file of files) await expect(editor.progressBar(file.name)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${origin}/admin/products/[0-9a-f-]{36}$`), { timeout: 30_000 });
  await page.unroute("**/api/uploads/**");
  await editor.expectEditing("Field Guide to Birdsong");
  await expect(editor.productFiles()).toHaveCount(2);
  await expect(page.getByLabel("Status")).toHaveValue("published");

  // Keys and webhook, through Dashboard Settings.
  const account = await createSandboxAccount();
  const settings = new DashboardSettings(page, owner.subdomain);
  await settings.open();
  await settings.saveTestKeys(account);
  await settings.setUpTestWebhook();

  // A shopper, in a browser of their own, buys it with 4242.
  const shopperContext = await browser.newContext();
  const shop = await shopperContext.newPage();
  await shop.goto(origin);
  const card = shop.getByRole("link", { name: /Field Guide to Birdsong/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole("img")).toHaveAttribute("src", /\/media\/covers\/.+\/card\.webp\?v=/);
  await card.click();
  await expect(shop.getByRole("heading", { level: 1, name: "Field Guide to Birdsong" })).toBeVisible();
  await expect(shop.locator("strong", { hasText: "Forty" })).toBeVisible();
  expect(await shop.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await shop.getByRole("button", { name: "Add to cart" }).click();
  await expect(shop.getByText("Total: $7.50")).toBeVisible();
  await shop.getByRole("link", { name: "Checkout" }).click();
  await shop.getByLabel("Email for your receipt and downloads").fill("birder@example.test");
  await shop.getByRole("button", { name: "Continue to payment" }).click();
  await new PaymentElementFrame(shop).fillCard({ number: "4242 4242 4242 4242" });
  await shop.getByRole("button", { name: "Pay $7.50" }).click();
  await expect(shop).toHaveURL(/\/orders\/[0-9a-f-]{36}\?key=/);
  await expect(shop.getByTestId("order-state")).toContainText("Paid", { timeout: 20_000 });
  const orderPage = shop.url();

  // Each file downloads byte for byte as uploaded.
  const downloadLinks: string[] = [];
  for (const file of files) {
    await shop.goto(orderPage);
    await shop.getByRole("link", { name: file.name }).click();
    downloadLinks.push(shop.url());
    const downloadPromise = shop.waitForEvent("download");
    await shop.getByRole("link", { name: "Download", exact: true }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(file.name);
    expect(readFileSync((await download.path())!).equals(file.buffer)).toBe(true);
  }

  // The owner archives it: it leaves the storefront, and the buyer's download still works.
  await page.goto(`${origin}/admin/products`);
  await page.getByRole("link", { name: "Field Guide to Birdsong" }).click();
  await editor.expectEditing("Field Guide to Birdsong");
  await editor.fill({ status: "Archived" });
  await editor.save();
  await expect(page.getByText("Product saved", { exact: true })).toBeVisible();
  await shop.goto(origin);
  await expect(shop.getByRole("link", { name: /Field Guide to Birdsong/ })).toHaveCount(0);
  const gone = await rawRequest(`${origin}/products/field-guide-to-birdsong`);
  expect(gone.status).toBe(404);
  await shop.goto(downloadLinks[0]!);
  const again = shop.waitForEvent("download");
  await shop.getByRole("link", { name: "Download", exact: true }).click();
  expect(readFileSync((await (await again).path())!).equals(files[0]!.buffer)).toBe(true);

  await shopperContext.close();
  await ownerContext.close();
});

test("another store's owner gets nothing of a product: pages, uploads and a captured server action", async ({
  browser,
  signedUpOwner: a,
}) => {
  // Owner A creates a draft product.
  const contextA = await browser.newContext();
  const pageA = await contextA.newPage();
  const adminA = new StoreAdmin(pageA, a.subdomain);
  await adminA.signIn(a.email, a.password);
  await adminA.expectOverview(a.storeName);
  const editor = new ProductEditor(pageA, a.subdomain);
  await editor.openNew();
  await editor.fill({ name: "Private Draft", price: "3.00" });
  await editor.save();
  await expect(pageA).toHaveURL(/\/admin\/products\/[0-9a-f-]{36}$/);
  const productId = /\/admin\/products\/([0-9a-f-]{36})/.exec(pageA.url())![1]!;
  await editor.expectEditing("Private Draft");
  // Capture the editor's Save action (an update of this product) as A's browser sends it.
  await editor.fill({ description: "Only for A." });
  const saveRequest = pageA.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await editor.save();
  const captured = await saveRequest;
  await expect(pageA.getByText("Product saved", { exact: true })).toBeVisible();

  // Owner B, signed in to A's store host, is a stranger there.
  const { newOwnerDetails, SignupPage } = await import("./pages/signup-page");
  const contextB = await browser.newContext();
  const pageB = await contextB.newPage();
  const b = newOwnerDetails();
  const signup = new SignupPage(pageB);
  await signup.open();
  await signup.fill(b);
  await expect(signup.addressStatus()).toContainText("is available");
  await signup.submitAndConfirm(b);
  await new StoreAdmin(pageB, b.subdomain).expectOverview(b.storeName);
  await new StoreAdmin(pageB, a.subdomain).signIn(b.email, b.password);
  await expect(pageB.getByRole("heading", { name: "You don't have access to this store" })).toBeVisible();
  const cookie = (await contextB.cookies(storeOrigin(a.subdomain))).map((c) => `${c.name}=${c.value}`).join("; ");
  expect(cookie).toContain("session-token");
  const origin = storeOrigin(a.subdomain);

  for (const path of ["/admin/products", "/admin/products/new", `/admin/products/${productId}`]) {
    const response = await rawRequest(`${origin}${path}`, { headers: { cookie } });
    expect(response.status, path).toBe(403);
    expect(response.body).not.toContain("Private Draft");
  }
  const upload = await rawRequest(`${origin}/api/uploads/products/${productId}/files`, {
    method: "POST",
    headers: { cookie, "x-file-name": "evil.bin", "content-type": "application/octet-stream" },
    body: "evil bytes",
  });
  expect(upload.status).toBe(403);
  const cover = await rawRequest(`${origin}/api/uploads/products/${productId}/cover`, {
    method: "PUT",
    headers: { cookie },
    body: "x",
  });
  expect(cover.status).toBe(403);

  // A's captured Save action, replayed with B's session, changes nothing.
  const replay = await rawRequest(`${origin}${new URL(captured.url()).pathname}`, {
    method: "POST",
    headers: { ...captured.headers(), cookie, host: new URL(origin).host },
    body: (captured.postData() ?? "").replace("Private Draft", "Hijacked"),
  });
  expect(replay.body).toContain("You are not a member of this store.");
  await pageA.reload();
  await expect(pageA.getByLabel("Name", { exact: true })).toHaveValue("Private Draft");

  await contextA.close();
  await contextB.close();
});

test("pay what you want: the shopper names an amount, below the minimum is refused, the cart charges what was accepted", async ({
  page,
}) => {
  const demo = storeOrigin("demo");
  await page.goto(`${demo}/products/low-tone-sampler`);
  const amount = page.getByLabel("Name your price (USD)");
  await expect(amount).toHaveValue("6.00");
  await amount.fill("2.00");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Pay at least $3.00 for this product." })).toBeVisible();
  await amount.fill("1500.5.0");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Enter the amount as a number" })).toBeVisible();
  await amount.fill("4.50");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page).toHaveURL(`${demo}/cart`);
  await expect(page.getByText("Total: $4.50")).toBeVisible();
});
