"use server";
import { z } from "zod";
import { storeAdminAction } from "@/lib/actions";
import {
  MAX_LOGO_BYTES,
  pauseStorefront,
  removeStoreLogo,
  resumeStorefront,
  saveStoreDetails,
  setStoreLogo,
  storeDetailsInput,
  storefrontPauseInput,
} from "@/lib/tenancy/store-settings";

const CHOOSE_IMAGE = "Choose a PNG, JPEG or WebP image.";

/** The logo arrives as the only file of a FormData (field "logo"); its bytes are judged in lib. */
const logoUpload = z
  .instanceof(FormData, { error: CHOOSE_IMAGE })
  .transform((form) => ({ logo: form.get("logo") }))
  .pipe(
    z.object({
      logo: z
        .instanceof(File, { error: CHOOSE_IMAGE })
        .refine((file) => file.size <= MAX_LOGO_BYTES, "The logo is larger than 1 MB. Use a smaller image."),
    }),
  );

export const saveStoreDetailsAction = storeAdminAction(storeDetailsInput, (input, { store }) =>
  saveStoreDetails(store.id, input),
);

export const uploadLogoAction = storeAdminAction(logoUpload, async ({ logo }, { store }) =>
  setStoreLogo(store.id, new Uint8Array(await logo.arrayBuffer())),
);

export const removeLogoAction = storeAdminAction(z.object({}), async (_input, { store }) => {
  await removeStoreLogo(store.id);
  return { logoPath: null };
});

/** Pauses the storefront, or while paused saves a new message. */
export const pauseStorefrontAction = storeAdminAction(storefrontPauseInput, (input, { store }) =>
  pauseStorefront(store.id, input),
);

export const resumeStorefrontAction = storeAdminAction(z.object({}), (_input, { store }) => resumeStorefront(store.id));
