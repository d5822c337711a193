import "server-only";
import type { Readable } from "node:stream";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { z } from "zod";
import { orders, products, stores, type Store } from "@/db/schema";
import { getDb, type Executor, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { formatMoney, MAX_AMOUNT, minorUnitDigits } from "@/lib/money";
import { getStorage } from "@/lib/storage";
import { storeUrl } from "./stores";

/*
 * Store settings: the name and support email buyers see, the logo, the currency and the
 * pause switch. Every function takes the store id and touches that store's row only.
 */

/**
 * The currencies a store may sell in: ones Stripe charges in that `lib/money` formats and
 * parses exactly (two decimals, or none). Stripe's three-decimal currencies and its special
 * cases (HUF, ISK, TWD: two decimals on paper, whole units in practice) are left out.
 * ISO 4217, lower case as Stripe writes it.
 */
export const STORE_CURRENCIES = [
  "usd",
  "eur",
  "gbp",
  "cad",
  "aud",
  "nzd",
  "chf",
  "sek",
  "nok",
  "dkk",
  "pln",
  "czk",
  "ron",
  "jpy",
  "krw",
  "sgd",
  "hkd",
  "mxn",
  "brl",
  "inr",
  "zar",
] as const;
export type StoreCurrency = (typeof STORE_CURRENCIES)[number];

export function isStoreCurrency(code: string): code is StoreCurrency {
  return (STORE_CURRENCIES as readonly string[]).includes(code);
}

export const MAX_STORE_NAME_LENGTH = 80;
export const MAX_PAUSE_MESSAGE_LENGTH = 500;
/** Under the 1 MiB server-action body limit, with room for the rest of the request. */
export const MAX_LOGO_BYTES = 1_000_000;
export const LOGO_MIME_TYPES: readonly string[] = ["image/png", "image/jpeg", "image/webp"];
/** The stored logo fits this square; the header shows it 32 px high, receipts a little larger. */
const LOGO_BOX = 512;
/** Refuses decompression bombs: a small file that decodes to a huge bitmap. */
const MAX_LOGO_PIXELS = 40_000_000;

// C0 and C1 controls and the bidi overrides that make text read differently from what it is.
// A pause message may keep its line breaks and tabs.
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SUPPORT_EMAIL_MESSAGE = "Enter a single email address, like help@yourshop.com, or leave it empty.";

/** The "Store details" form; field names are the inputs' names, so errors land beside them. */
export const storeDetailsInput = z.object({
  name: z
    .string({ error: "Enter the store's name." })
    .trim()
    .min(1, "Enter the store's name.")
    .max(MAX_STORE_NAME_LENGTH, `Keep the name to ${MAX_STORE_NAME_LENGTH} characters or fewer.`)
    .refine((v) => !CONTROL_OR_BIDI.test(v), "Remove the invisible control characters from the name."),
  supportEmail: z
    .string({ error: SUPPORT_EMAIL_MESSAGE })
    .trim()
    .max(254, SUPPORT_EMAIL_MESSAGE)
    .pipe(z.union([z.literal(""), z.email(SUPPORT_EMAIL_MESSAGE)]))
    .nullish()
    .transform((v) => v || null),
  /** Absent when the form's field is disabled (the store has orders): the currency stays. */
  currency: z
    .string({ error: "Choose one of the listed currencies." })
    .trim()
    .toLowerCase()
    .pipe(z.enum(STORE_CURRENCIES, { error: "Choose one of the listed currencies." }))
    .optional(),
});
export type StoreDetailsInput = z.input<typeof storeDetailsInput>;

/** The "Pause storefront" form: the note shoppers see instead of the products, as plain text. */
export const storefrontPauseInput = z.object({
  message: z
    .string({ error: "Write the message as text." })
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .max(MAX_PAUSE_MESSAGE_LENGTH, `Keep the message to ${MAX_PAUSE_MESSAGE_LENGTH} characters or fewer.`)
        .refine((v) => !CONTROL_OR_BIDI.test(v), "Remove the invisible control characters from the message."),
    )
    .nullish()
    .transform((v) => v || null),
});
export type StorefrontPauseInput = z.input<typeof storefrontPauseInput>;

/** What the settings page shows and its forms start from. */
export type StoreSettingsView = {
  name: string;
  supportEmail: string | null;
  currency: string;
  /** Why the currency can no longer change, or null while it can. */
  currencyLockedReason: string | null;
  logoPath: string | null;
  pausedAt: Date | null;
  pausedMessage: string | null;
};

const CURRENCY_LOCKED =
  "The currency can't change once the store has orders (test orders too): their amounts and refunds stay in it.";

export async function getStoreSettingsView(store: Store): Promise<StoreSettingsView> {
  const db = await getDb();
  return {
    name: store.name,
    supportEmail: store.supportEmail,
    currency: store.currency,
    currencyLockedReason: (await hasAnyOrder(db, store.id)) ? CURRENCY_LOCKED : null,
    logoPath: storeLogoPath(store),
    pausedAt: store.pausedAt,
    pausedMessage: store.pausedMessage,
  };
}

/**
 * Saves the name, support email and currency. The currency may change only while the store
 * has no orders at all, and then the store's products move with it: a product keeps the
 * currency it was created in (see `createProduct`), so without this the catalogue would
 * sell in two currencies at once. Prices keep the number the owner typed (9.99 USD
 * becomes 9.99 EUR; 9.99 USD becomes 10 JPY).
 */
export async function saveStoreDetails(storeId: string, raw: StoreDetailsInput): Promise<StoreSettingsView> {
  const input = parseOrThrow(storeDetailsInput, raw);
  const db = await getDb();
  const saved = await db.transaction(async (tx) => {
    // Locked FOR UPDATE: a new order's foreign key check waits on this row, so no order can
    // slip in between the check below and the change.
    const [current] = await tx.select().from(stores).where(eq(stores.id, storeId)).for("update");
    if (!current) throw new AppError("no_store", "This store no longer exists.", 404);
    const currency = input.currency ?? current.currency;
    if (currency !== current.currency) {
      if (await hasAnyOrder(tx, storeId))
        throw new AppError("currency_locked", CURRENCY_LOCKED, 409, { currency: CURRENCY_LOCKED });
      await moveProductsToCurrency(tx, storeId, current.currency, currency);
    }
    const [row] = await tx
      .update(stores)
      .set({ name: input.name, supportEmail: input.supportEmail, currency })
      .where(eq(stores.id, storeId))
      .returning();
    return { row: row!, currencyChanged: currency !== current.currency, from: current.currency };
  });
  if (saved.currencyChanged) log.info({ storeId, from: saved.from, to: saved.row.currency }, "store currency changed");
  return getStoreSettingsView(saved.row);
}

async function hasAnyOrder(db: Executor, storeId: string): Promise<boolean> {
  const [found] = await db.select({ id: orders.id }).from(orders).where(eq(orders.storeId, storeId)).limit(1);
  return found !== undefined;
}

/** Re-prices every product of the store (drafts and archived ones too) in the new currency. */
async function moveProductsToCurrency(tx: Tx, storeId: string, from: string, to: string): Promise<void> {
  const convert = amountConverter(from, to);
  const rows = await tx
    .select({
      id: products.id,
      name: products.name,
      priceAmount: products.priceAmount,
      minimumAmount: products.minimumAmount,
    })
    .from(products)
    .where(eq(products.storeId, storeId));
  for (const product of rows) {
    const priceAmount = convert(product.priceAmount);
    const minimumAmount = product.minimumAmount === null ? null : convert(product.minimumAmount);
    if (priceAmount > MAX_AMOUNT) {
      const message = `"${product.name}" would cost more than ${formatMoney(MAX_AMOUNT, to)}, the most Stripe charges. Lower its price first.`;
      throw new AppError("price_too_high", message, 409, { currency: message });
    }
    await tx
      .update(products)
      .set({ currency: to, priceAmount, minimumAmount })
      .where(and(eq(products.storeId, storeId), eq(products.id, product.id)));
  }
}

/** Minor units of `from` as minor units of `to`, keeping the major-unit number; never below one unit. */
function amountConverter(from: string, to: string): (amount: number) => number {
  const shift = minorUnitDigits(to) - minorUnitDigits(from);
  if (shift === 0) return (amount) => amount;
  return (amount) => Math.max(1, Math.round(amount * 10 ** shift));
}

/**
 * Sets the store's logo from an uploaded PNG, JPEG or WebP. The bytes are sniffed (never
 * trusted by name or declared type) and decoded, then stored as one WebP that fits a
 * 512 px square; the previous logo's object is deleted.
 */
export async function setStoreLogo(storeId: string, upload: Uint8Array): Promise<{ logoPath: string }> {
  if (upload.byteLength === 0) throw logoRefused("This file is empty. Choose a PNG, JPEG or WebP image.");
  if (upload.byteLength > MAX_LOGO_BYTES) throw logoRefused("The logo is larger than 1 MB. Use a smaller image.", 413);
  const sniffed = await fileTypeFromBuffer(upload);
  if (!sniffed || !LOGO_MIME_TYPES.includes(sniffed.mime)) {
    throw logoRefused("This file is not a PNG, JPEG or WebP image.");
  }
  let webp: Buffer;
  try {
    webp = await sharp(upload, { limitInputPixels: MAX_LOGO_PIXELS })
      .rotate() // honour EXIF orientation from phone cameras
      .resize({ width: LOGO_BOX, height: LOGO_BOX, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 90 })
      .toBuffer();
  } catch {
    throw logoRefused("This image could not be read: it is damaged, or too large in pixels.");
  }
  const storage = getStorage();
  const stored = await storage.put(storeId, webp, { contentType: "image/webp" });
  let previous: string | null;
  try {
    previous = await swapLogo(storeId, stored.storageKey);
  } catch (error) {
    await deleteObject(stored.storageKey);
    throw error;
  }
  if (previous) await deleteObject(previous);
  log.info({ storeId }, "store logo set");
  return { logoPath: storeLogoPath({ logoKey: stored.storageKey })! };
}

export async function removeStoreLogo(storeId: string): Promise<void> {
  const previous = await swapLogo(storeId, null);
  if (previous) await deleteObject(previous);
}

async function swapLogo(storeId: string, logoKey: string | null): Promise<string | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ logoKey: stores.logoKey })
      .from(stores)
      .where(eq(stores.id, storeId))
      .for("update");
    if (!current) throw new AppError("no_store", "This store no longer exists.", 404);
    await tx.update(stores).set({ logoKey }).where(eq(stores.id, storeId));
    return current.logoKey;
  });
}

async function deleteObject(key: string): Promise<void> {
  await getStorage()
    .delete(key)
    .catch((err: unknown) => log.warn({ err, storageKey: key }, "could not delete a stored object"));
}

/** The logo's version: its key's own id, new with every upload. Null without a logo. */
export function storeLogoVersion(store: Pick<Store, "logoKey">): string | null {
  return store.logoKey ? store.logoKey.slice(store.logoKey.indexOf("/") + 1) : null;
}

/** The logo's path on the store's host; the version in it changes with every upload, so it caches forever. */
export function storeLogoPath(store: Pick<Store, "logoKey">): string | null {
  const version = storeLogoVersion(store);
  return version ? `/media/logo?v=${version}` : null;
}

/** The logo's absolute URL (for receipts and other mail), or null when the store has none. */
export function storeLogoUrl(store: Pick<Store, "subdomain" | "logoKey">): string | null {
  const path = storeLogoPath(store);
  return path ? storeUrl(store, path) : null;
}

export type StoreLogoFile = { body: Readable; sizeBytes: number };

/** The store's logo as bytes, or null when it has none. */
export async function openStoreLogo(store: Pick<Store, "id" | "logoKey">): Promise<StoreLogoFile | null> {
  // A key always starts with its store's id; anything else is not this store's object.
  if (!store.logoKey?.startsWith(`${store.id}/`)) return null;
  const storage = getStorage();
  const sizeBytes = await storage.size(store.logoKey);
  return { body: await storage.read(store.logoKey), sizeBytes };
}

/**
 * Pauses the storefront (or, while paused, replaces the message). Shoppers see the message
 * and "This store is paused" instead of products; buyers' orders and downloads, and Stripe's
 * webhook, carry on (see `storefrontPause` in request-store.ts).
 */
export async function pauseStorefront(storeId: string, raw: StorefrontPauseInput): Promise<StoreSettingsView> {
  const { message } = parseOrThrow(storefrontPauseInput, raw);
  const db = await getDb();
  const [row] = await db
    .update(stores)
    .set({ pausedAt: sql`coalesce(${stores.pausedAt}, now())`, pausedMessage: message })
    .where(eq(stores.id, storeId))
    .returning();
  if (!row) throw new AppError("no_store", "This store no longer exists.", 404);
  log.info({ storeId }, "storefront paused");
  return getStoreSettingsView(row);
}

/** Opens the storefront again; the message is kept for the next pause. */
export async function resumeStorefront(storeId: string): Promise<StoreSettingsView> {
  const db = await getDb();
  const [row] = await db
    .update(stores)
    .set({ pausedAt: null })
    .where(and(eq(stores.id, storeId), isNotNull(stores.pausedAt)))
    .returning();
  if (row) log.info({ storeId }, "storefront resumed");
  const [current] = row ? [row] : await db.select().from(stores).where(eq(stores.id, storeId));
  if (!current) throw new AppError("no_store", "This store no longer exists.", 404);
  return getStoreSettingsView(current);
}

function logoRefused(message: string, status = 400): AppError {
  return new AppError("logo_refused", message, status, { logo: message });
}

function parseOrThrow<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  throw new AppError("invalid_input", "Some values need fixing before they can be saved.", 400, fieldErrors);
}
