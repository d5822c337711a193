"use server";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { requestStoreOwnerVerificationMail } from "@/lib/auth/email-verification-mails";
import { emailSettingsInput, saveEmailSettings } from "@/lib/email/settings";
import { sendTestEmail } from "@/lib/email/test-email";
import { checkStripeKeys, setUpWebhookEndpoint } from "@/lib/stripe/connection";
import { saveStripeSettingsWithLiveGate, stripeSettingsSubmission } from "@/lib/launch/live-switch";

const modeInput = z.object({ mode: z.enum(["test", "live"]) });

export const saveStripeSettingsAction = storeAdminAction(stripeSettingsSubmission, (input, { store, user }) =>
  saveStripeSettingsWithLiveGate(store, input, user.id),
);

export const checkStripeKeysAction = storeAdminAction(modeInput, ({ mode }, { store }) => checkStripeKeys(store, mode));

export const setUpWebhookAction = storeAdminAction(modeInput, ({ mode }, { store, user }) =>
  setUpWebhookEndpoint(store, mode, user.id),
);

export const saveEmailSettingsAction = storeAdminAction(emailSettingsInput, (input, { store }) =>
  saveEmailSettings(store.id, input),
);

/** "Send a new link" beside the Live mode switch: a verification link to the store's owner. */
export const sendVerificationLinkAction = storeAdminAction(z.object({}), async (_input, { store }) => {
  const request = await requestStoreOwnerVerificationMail(store.id);
  switch (request.outcome) {
    case "sent":
      return { ok: true, message: `A new link is on its way to ${request.email}. Open it, then switch Live mode on.` };
    case "already_verified":
      return { ok: true, message: "The owner's email is already confirmed. Reload the page to switch Live mode on." };
    case "too_soon":
      return {
        ok: false,
        message: "A link was sent a moment ago. Check the inbox (and spam folder), or try again later.",
      };
  }
});

/** "Send test email": a message to the signed-in member through the store's saved Resend settings. */
export const sendTestEmailAction = storeAdminAction(z.object({}), (_input, { store, user }) =>
  sendTestEmail(store, user.email),
);
