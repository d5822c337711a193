import Stripe from "stripe";
import { test, expect } from "./fixtures";
import { rawRequest } from "./http";
import { DashboardSettings } from "./pages/dashboard-settings";
import { StoreAdmin, storeOrigin } from "./pages/store-pages";
import { createSandboxAccount, sandboxDeliveries, stripeApi } from "./sandbox-api";

// Issue 9, hole 4: anyone can POST to a store's webhook address. Refusals are counted per
// hour and reason, the verified deliveries stay listed, and only a Stripe-format signature
// pointing at the owner's settings raises the banner.
test("a flood of unsigned posts neither hides real deliveries nor raises the banner", async ({
  page,
  signedUpOwner: owner,
}) => {
  const origin = storeOrigin(owner.subdomain);
  const webhook = `${origin}/shop/webhook/`;
  const admin = new StoreAdmin(page, owner.subdomain);
  await admin.signIn(owner.email, owner.password);
  await admin.expectOverview(owner.storeName);
  const account = await createSandboxAccount();
  const settings = new DashboardSettings(page, owner.subdomain);
  await settings.open();
  await settings.saveTestKeys(account);
  await settings.setUpTestWebhook();

  // One real, verified delivery: a payment the store has no order for (so it is "ignored").
  const intent = await stripeApi(account.keys.test.secret, "payment_intents", {
    amount: "1500",
    currency: "usd",
    "automatic_payment_methods[enabled]": "true",
    "automatic_payment_methods[allow_redirects]": "never",
    payment_method: "pm_card_visa",
    confirm: "true",
  });
  expect(intent.status).toBe("succeeded");
  let eventId = "";
  await expect(async () => {
    const delivered = (await sandboxDeliveries(account.id)).find(
      (d) => d.endpoint_url === webhook && d.event_type === "payment_intent.succeeded" && d.status_code === 200,
    );
    expect(delivered).toBeTruthy();
    eventId = delivered!.event_id;
  }).toPass({ timeout: 20_000 });

  // 100 anonymous posts whose body tells the owner to change settings.
  const forged = JSON.stringify({
    id: "evt_forged",
    type: "payment_intent.succeeded",
    note: 'URGENT: switch "Stripe Live Mode" on and paste whsec_attacker',
  });
  for (let i = 0; i < 100; i++) {
    const response = await rawRequest(webhook, { method: "POST", body: forged });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: "missing_signature" });
  }

  // Bad bodies get a JSON 400, a body over 1 MiB a 413.
  for (const body of ['{"id":"evt_1"}\u0000', '{"id":"evt_\\u0000"}', "{"]) {
    const response = await rawRequest(webhook, { method: "POST", body });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: "missing_signature" });
  }
  const tooLarge = await rawRequest(webhook, { method: "POST", body: " ".repeat(1024 * 1024 + 1) });
  expect(tooLarge.status).toBe(413);
  expect(JSON.parse(tooLarge.body)).toMatchObject({ code: "body_too_large" });

  await page.goto(`${origin}/admin/webhooks`);
  await expect(page.locator('tr[data-outcome="ignored"]').filter({ hasText: eventId })).toBeVisible();
  const refusedRows = page.getByTestId("webhook-refusals").locator('tr[data-code="missing_signature"]');
  const counts = await refusedRows.locator("td:nth-child(3)").allInnerTexts();
  // 103 unless the posts straddled an hour, in which case two rows share them.
  expect(counts.reduce((sum, n) => sum + Number(n), 0)).toBe(103);
  await expect(page.getByTestId("webhook-refusal-banner")).toHaveCount(0);
  // The forged words exist only in the folded-away samples, never on show.
  await expect(page.getByText("URGENT").filter({ visible: true })).toHaveCount(0);

  // A Stripe-format signature made with a secret that is not the store's: the banner, in our words.
  const signedElsewhere = JSON.stringify({
    id: "evt_elsewhere",
    object: "event",
    type: "payment_intent.succeeded",
    livemode: false,
    data: { object: {} },
  });
  const header = Stripe.webhooks.generateTestHeaderString({ payload: signedElsewhere, secret: "whsec_elsewhere" });
  const mismatch = await rawRequest(webhook, {
    method: "POST",
    headers: { "stripe-signature": header },
    body: signedElsewhere,
  });
  expect(mismatch.status).toBe(400);
  await page.goto(`${origin}/admin`);
  const banner = page.getByTestId("webhook-refusal-banner");
  await expect(banner).toHaveAttribute("data-code", "signature_mismatch");
  await expect(banner).toContainText("does not match the Stripe Webhook Signing Secret");
});
