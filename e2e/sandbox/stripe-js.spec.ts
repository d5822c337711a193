import { expect, test } from "./fixtures";
import { PaymentElementFrame } from "./payment-element";

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
