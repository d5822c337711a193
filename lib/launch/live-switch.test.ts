import { describe, expect, it } from "vitest";
import { getStripeSettingsView } from "@/lib/stripe/settings";
import { createOwnerWithStore } from "@/test/factories";
import { createSandboxAccount } from "@/test/sandbox-account";
import { saveStripeSettingsWithLiveGate } from "./live-switch";

describe("switching Live mode on", () => {
  it("saves the keys but keeps Live off while checklist items are red, and switches on once confirmed", async () => {
    const { store, user } = await createOwnerWithStore({ emailVerified: true });
    const account = await createSandboxAccount();
    const form = {
      testPublishableKey: account.keys.test.publishable,
      testSecretKey: account.keys.test.secret,
      livePublishableKey: account.keys.live.publishable,
      liveSecretKey: account.keys.live.secret,
      liveWebhookSecret: `whsec_${"a".repeat(32)}`,
      liveMode: "on" as const,
    };
    const first = await saveStripeSettingsWithLiveGate(store, form, user.id);
    expect(first.saved.liveMode).toBe(false);
    expect(first.saved.live.publishableKey).toBe(account.keys.live.publishable);
    expect(first.redItems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^A\. Test mode was set up first: No test order has been paid yet/),
        expect.stringMatching(/^C\. Live webhook endpoint points at this store: .*No enabled endpoint in Live mode/),
      ]),
    );
    expect((await getStripeSettingsView(store.id)).liveMode).toBe(false);

    const confirmed = await saveStripeSettingsWithLiveGate(store, { liveMode: "on", confirmRedItems: "true" }, user.id);
    expect(confirmed.redItems).toBeUndefined();
    expect(confirmed.saved.liveMode).toBe(true);
  });

  it("asks nothing to switch Live off, or to save while Live is already on", async () => {
    const { store, user } = await createOwnerWithStore({ emailVerified: true });
    const account = await createSandboxAccount();
    await saveStripeSettingsWithLiveGate(
      store,
      {
        livePublishableKey: account.keys.live.publishable,
        liveSecretKey: account.keys.live.secret,
        liveWebhookSecret: `whsec_${"b".repeat(32)}`,
        liveMode: "on",
        confirmRedItems: true,
      },
      user.id,
    );
    expect((await saveStripeSettingsWithLiveGate(store, { liveMode: "on" }, user.id)).redItems).toBeUndefined();
    const off = await saveStripeSettingsWithLiveGate(store, {}, user.id);
    expect(off).toMatchObject({ saved: { liveMode: false } });
    expect(off.redItems).toBeUndefined();
  });

  it("refuses an incomplete Live set before saving anything", async () => {
    const { store, user } = await createOwnerWithStore({ emailVerified: true });
    const account = await createSandboxAccount();
    await expect(
      saveStripeSettingsWithLiveGate(
        store,
        { livePublishableKey: account.keys.live.publishable, liveSecretKey: account.keys.live.secret, liveMode: "on" },
        user.id,
      ),
    ).rejects.toMatchObject({ fieldErrors: { liveMode: expect.stringContaining("Live mode needs all three") } });
    expect((await getStripeSettingsView(store.id)).live.publishableKey).toBeNull();
  });
});
