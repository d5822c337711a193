"use server";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import { emailSettingsInput, saveEmailSettings } from "@/lib/email/settings";
import { checkStripeKeys, setUpWebhookEndpoint } from "@/lib/stripe/connection";
import { saveStripeSettings, stripeSettingsInput } from "@/lib/stripe/settings";

const modeInput = z.object({ mode: z.enum(["test", "live"]) });

export const saveStripeSettingsAction = storeAdminAction(stripeSettingsInput, (input, { store }) =>
  saveStripeSettings(store.id, input),
);

export const checkStripeKeysAction = storeAdminAction(modeInput, ({ mode }, { store }) =>
  checkStripeKeys(store.id, mode),
);

export const setUpWebhookAction = storeAdminAction(modeInput, ({ mode }, { store }) =>
  setUpWebhookEndpoint(store, mode),
);

export const saveEmailSettingsAction = storeAdminAction(emailSettingsInput, (input, { store }) =>
  saveEmailSettings(store.id, input),
);
