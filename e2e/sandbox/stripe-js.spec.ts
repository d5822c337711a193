import { expect, test } from "./fixtures";
import { PaymentElementFrame } from "./payment-element";
import { VanillaCheckout } from "./vanilla-checkout";

test.describe("Stripe.js served by the sandbox, driven by @stripe/react-stripe-js", () => {
  test("pays with 4242 and lands on the return_url with payment_intent parameters", async ({
    page,
    stripe,
    keys,
    shop,
  }) => {
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      metadata: { order_id: "e2e-1" },
    });
    await page.goto(shop.checkoutUrl(keys.publishable, intent.client_secret ?? ""));
    const pay = page.getByRole("button", { name: "Pay" });
    await expect(pay).toBeEnabled();
    await new PaymentElementFrame(page).fillCard({
      number: "4242 4242 4242 4242",
      expiry: "12 / 34",
      cvc: "123",
      postalCode: "94103",
    });
    await expect(page.getByTestId("complete")).toHaveText("complete");
    await pay.click();

    await page.waitForURL(`${shop.origin}/return?**`);
    const query = new URL(page.url()).searchParams;
    expect(query.get("payment_intent")).toBe(intent.id);
    expect(query.get("payment_intent_client_secret")).toBe(intent.client_secret);
    expect(query.get("redirect_status")).toBe("succeeded");
    const paid = await stripe.paymentIntents.retrieve(intent.id, { expand: ["payment_method"] });
    expect(paid.status).toBe("succeeded");
    expect(paid.amount_received).toBe(2500);
  });

  test("shows the decline message for 4000 0000 0000 0002 and stays on the page", async ({
    page,
    stripe,
    keys,
    shop,
  }) => {
    const intent = await stripe.paymentIntents.create({ amount: 2500, currency: "usd" });
    await page.goto(shop.checkoutUrl(keys.publishable, intent.client_secret ?? ""));
    await expect(page.getByRole("button", { name: "Pay" })).toBeEnabled();
    await new PaymentElementFrame(page).fillCard({ number: "4000 0000 0000 0002" });
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page.getByRole("alert")).toHaveText("Your card was declined.");
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_payment_method");
  });

  test("reports an incomplete card from elements.submit()", async ({ page, stripe, keys, shop }) => {
    const intent = await stripe.paymentIntents.create({ amount: 2500, currency: "usd" });
    await page.goto(shop.checkoutUrl(keys.publishable, intent.client_secret ?? ""));
    await expect(page.getByRole("button", { name: "Pay" })).toBeEnabled();
    await new PaymentElementFrame(page).frame.getByLabel("Card number").pressSequentially("4242 4242");
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page.getByRole("alert")).toHaveText("Your card number is incomplete.");
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_payment_method");
  });

  for (const [button, status, intentStatus] of [
    ["Complete authentication", "succeeded", "succeeded"],
    ["Fail authentication", "failed", "requires_payment_method"],
  ] as const) {
    test(`runs the 3-D Secure challenge for 4000 0025 0000 3155: ${button}`, async ({
      page,
      stripe,
      keys,
      shop,
      sandbox,
    }) => {
      const intent = await stripe.paymentIntents.create({ amount: 4000, currency: "usd" });
      await page.goto(shop.checkoutUrl(keys.publishable, intent.client_secret ?? ""));
      await expect(page.getByRole("button", { name: "Pay" })).toBeEnabled();
      await new PaymentElementFrame(page).fillCard({ number: "4000 0025 0000 3155" });
      await page.getByRole("button", { name: "Pay" }).click();
      await page.waitForURL(`${sandbox.url}/3ds/${intent.id}?**`);
      await page.getByRole("button", { name: button }).click();
      await page.waitForURL(`${shop.origin}/return?**`);
      expect(new URL(page.url()).searchParams.get("redirect_status")).toBe(status);
      expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe(intentStatus);
    });
  }

  test("completes a hosted Checkout Session and returns to success_url", async ({ page, stripe, shop }) => {
    const price = await stripe.prices.create({ currency: "usd", unit_amount: 1500, product_data: { name: "E-book" } });
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: `${shop.origin}/return?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${shop.origin}/cart`,
      customer_email: "reader@example.com",
    });
    await page.goto(session.url ?? "");
    await expect(page.getByRole("heading", { name: "$30.00" })).toBeVisible();
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByLabel("Expiration (MM / YY)").fill("12 / 34");
    await page.getByLabel("CVC").fill("123");
    await page.getByLabel("ZIP").fill("94103");
    await page.getByRole("button", { name: "Pay $30.00" }).click();
    await page.waitForURL(`${shop.origin}/return?session_id=${session.id}`);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid" });
    expect((await stripe.paymentIntents.retrieve(String(completed.payment_intent))).status).toBe("succeeded");
  });
});

// Stripe.js and the Payment Element's frame talk by postMessage. A call that reaches no
// listening frame must be delivered once the frame listens, or fail with an error: it
// must never leave Pay waiting with no request made.
test.describe("the Payment Element's frame answers every call, or the call fails", () => {
  for (const how of ["move", "remount"] as const) {
    test(`Pay made while the frame is replaced (${how}) is answered by the new frame, then pays`, async ({
      page,
      stripe,
      keys,
      shop,
    }) => {
      const intent = await stripe.paymentIntents.create({ amount: 1200, currency: "usd" });
      await page.goto(shop.vanillaCheckoutUrl(keys.publishable, intent.client_secret ?? ""));
      const checkout = new VanillaCheckout(page);
      const card = new PaymentElementFrame(page);
      await card.fillCard({ number: "4242 4242 4242 4242" });
      await checkout.reached("ready");

      await checkout.payWhileFrameIsReplaced(how);
      // The new frame's card form is empty, as it would be at Stripe.
      await expect(checkout.message).toHaveText("Your card number is incomplete.");
      await expect(page.locator('iframe[title="Secure payment input frame"]')).toHaveCount(1);

      await card.fillCard({ number: "4242 4242 4242 4242" });
      await checkout.pay.click();
      await page.waitForURL(`${shop.origin}/return?**`);
      expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("succeeded");
    });
  }

  test("Pay clicked while the frame is still loading is answered once it has loaded", async ({
    page,
    stripe,
    keys,
    shop,
    sandbox,
  }) => {
    const intent = await stripe.paymentIntents.create({ amount: 1200, currency: "usd" });
    let releaseFrame = () => {};
    const frameHeld = new Promise<void>((resolve) => (releaseFrame = resolve));
    await page.route(`${sandbox.url}/elements/payment?**`, async (route) => {
      await frameHeld;
      await route.continue();
    });
    // Not "load": that waits for the held frame.
    await page.goto(shop.vanillaCheckoutUrl(keys.publishable, intent.client_secret ?? ""), {
      waitUntil: "domcontentloaded",
    });
    const checkout = new VanillaCheckout(page);
    await checkout.reached("mounted");
    await checkout.pay.click();
    await checkout.reached("submit");
    releaseFrame();
    await expect(checkout.message).toHaveText("Your card number is incomplete.");
  });

  test("a frame that never loads makes Pay fail with an error and a loaderror event", async ({
    page,
    stripe,
    keys,
    shop,
    sandbox,
  }) => {
    test.setTimeout(40_000);
    const intent = await stripe.paymentIntents.create({ amount: 1200, currency: "usd" });
    await page.route(`${sandbox.url}/elements/payment?**`, (route) => route.abort("connectionrefused"));
    await page.goto(shop.vanillaCheckoutUrl(keys.publishable, intent.client_secret ?? ""));
    const checkout = new VanillaCheckout(page);
    await checkout.reached("mounted");
    await checkout.pay.click();
    await expect(checkout.message).toContainText("The Payment Element did not respond within 10 seconds", {
      timeout: 15_000,
    });
    await checkout.reached("loaderror");
    await checkout.reached("submit-error");
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_payment_method");
  });
});
