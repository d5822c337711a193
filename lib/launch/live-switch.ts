import "server-only";
import { z } from "zod";
import type { Store } from "@/db/schema";
import {
  assertStripeSettingsValid,
  getStripeSettingsView,
  saveStripeSettings,
  stripeSettingsInput,
  type StripeSettingsView,
} from "@/lib/stripe/settings";
import { buildLaunchChecklist } from "./checklist";

/** The Dashboard Settings form, plus the owner's answer to "switch Live on with red items?". */
export const stripeSettingsSubmission = stripeSettingsInput.extend({
  confirmRedItems: z
    .union([z.literal("on"), z.literal("true"), z.boolean()])
    .optional()
    .transform((v) => v === "on" || v === "true" || v === true),
});

export type StripeSettingsSave =
  | { saved: StripeSettingsView; redItems?: undefined }
  /** Everything else was saved; Live mode stays off until the owner confirms these. */
  | { saved: StripeSettingsView; redItems: string[] };

/**
 * Saves Dashboard Settings. Switching Live mode on while any launch checklist item is red
 * (or could not be checked) needs the owner's explicit confirmation: the keys are saved
 * first, so the checklist judges what the owner just entered, and Live stays off until
 * they confirm with the list of red items in front of them.
 */
export async function saveStripeSettingsWithLiveGate(
  store: Store,
  raw: z.input<typeof stripeSettingsSubmission>,
  savedByUserId: string,
): Promise<StripeSettingsSave> {
  const { confirmRedItems, ...input } = stripeSettingsSubmission.parse(raw);
  const switchingOn = input.liveMode && !(await getStripeSettingsView(store.id)).liveMode;
  if (!switchingOn || confirmRedItems) return { saved: await saveStripeSettings(store.id, input, savedByUserId) };
  // The whole form is judged first (Live needs its three values and a verified owner), so
  // nothing is saved from a form that could never switch Live on.
  await assertStripeSettingsValid(store.id, input);
  await saveStripeSettings(store.id, { ...input, liveMode: false }, savedByUserId);
  const { redItems } = await buildLaunchChecklist(store);
  if (redItems.length > 0) return { saved: await getStripeSettingsView(store.id), redItems };
  return { saved: await saveStripeSettings(store.id, input, savedByUserId) };
}
