import { z } from "zod";
import { parseMoney } from "@/lib/money";
import { productStatus, type ProductStatus } from "@/db/schema/catalog";
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from "./slug";

/** What the product editor sends: every field as typed, validated by `parseProductInput`. */
export const productFormSchema = z.object({
  name: z.string().default(""),
  slug: z.string().default(""),
  description: z.string().default(""),
  price: z.string().default(""),
  payWhatYouWant: z.boolean().default(false),
  minimumPrice: z.string().default(""),
  status: z.enum(productStatus.enumValues).default("draft"),
  downloadLimit: z.string().default(""),
  downloadExpiryDays: z.string().default(""),
});
export type ProductForm = z.input<typeof productFormSchema>;

/** A product's editable fields, validated, with money in minor units. */
export type ProductInput = {
  name: string;
  /** Null: generate one from the name. */
  slug: string | null;
  description: string;
  priceAmount: number;
  payWhatYouWant: boolean;
  minimumAmount: number | null;
  status: ProductStatus;
  downloadLimit: number | null;
  downloadExpiryDays: number | null;
};

export type ParsedProductInput = { ok: true; value: ProductInput } | { ok: false; fieldErrors: Record<string, string> };

export const MAX_NAME_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 20_000;

/** Reads the editor's fields in the store's currency; each problem is reported beside its field. */
export function parseProductInput(raw: ProductForm, currency: string): ParsedProductInput {
  const form = productFormSchema.parse(raw);
  const errors: Record<string, string> = {};

  const name = form.name.trim().replace(/\s+/g, " ");
  if (!name) errors.name = "Enter a name for the product.";
  else if (name.length > MAX_NAME_LENGTH) errors.name = `Keep the name under ${MAX_NAME_LENGTH} characters.`;

  const slug = form.slug.trim().toLowerCase();
  if (slug && slug.length > SLUG_MAX_LENGTH) errors.slug = `Keep the address under ${SLUG_MAX_LENGTH} characters.`;
  else if (slug && !SLUG_PATTERN.test(slug)) {
    errors.slug = "Use lowercase letters, digits and single hyphens only, e.g. my-ebook.";
  }

  if (form.description.length > MAX_DESCRIPTION_LENGTH) {
    errors.description = `Keep the description under ${MAX_DESCRIPTION_LENGTH.toLocaleString("en-US")} characters.`;
  }

  const price = parseMoney(form.price, currency);
  let priceAmount = 0;
  if (!price.ok) errors.price = price.message;
  else if (price.amount === 0) errors.price = "A paid product needs a price above zero.";
  else priceAmount = price.amount;

  let minimumAmount: number | null = null;
  if (form.payWhatYouWant) {
    const minimum = parseMoney(form.minimumPrice, currency);
    if (!minimum.ok) errors.minimumPrice = minimum.message;
    else if (minimum.amount === 0) errors.minimumPrice = "Set a minimum above zero.";
    else if (price.ok && minimum.amount > price.amount)
      errors.minimumPrice = "The minimum can't be above the suggested price.";
    else minimumAmount = minimum.amount;
  }

  const downloadLimit = optionalWholeNumber(form.downloadLimit, 1, 1000);
  if (!downloadLimit.ok)
    errors.downloadLimit = `Enter a whole number of downloads from 1 to 1000, or leave it empty for unlimited.`;
  const downloadExpiryDays = optionalWholeNumber(form.downloadExpiryDays, 1, 3650);
  if (!downloadExpiryDays.ok)
    errors.downloadExpiryDays = "Enter a number of days from 1 to 3650, or leave it empty for links that never expire.";

  if (Object.keys(errors).length > 0 || !downloadLimit.ok || !downloadExpiryDays.ok)
    return { ok: false, fieldErrors: errors };
  return {
    ok: true,
    value: {
      name,
      slug: slug || null,
      description: form.description.replace(/\r\n/g, "\n"),
      priceAmount,
      payWhatYouWant: form.payWhatYouWant,
      minimumAmount,
      status: form.status,
      downloadLimit: downloadLimit.value,
      downloadExpiryDays: downloadExpiryDays.value,
    },
  };
}

function optionalWholeNumber(
  raw: string,
  min: number,
  max: number,
): { ok: true; value: number | null } | { ok: false } {
  const text = raw.trim();
  if (text === "") return { ok: true, value: null };
  if (!/^\d+$/.test(text)) return { ok: false };
  const value = Number(text);
  return value >= min && value <= max ? { ok: true, value } : { ok: false };
}
