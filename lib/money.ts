/** Currencies Stripe counts in whole units (no minor unit). */
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

export function minorUnitDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toLowerCase()) ? 0 : 2;
}

/** Formats integer minor units, e.g. (1999, "usd") → "$19.99". */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  const digits = minorUnitDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

/**
 * The largest amount Stripe charges in most currencies: 8 digits of minor units
 * (999,999.99 USD, ¥99,999,999). Prices and pay-what-you-want amounts stay at or below it.
 */
export const MAX_AMOUNT = 99_999_999;

export type ParsedAmount = { ok: true; amount: number } | { ok: false; message: string };

/**
 * Reads a decimal typed in the currency's major unit ("9.99", "1,250.50", "¥1500") as
 * integer minor units, without floating point. Zero-decimal currencies (JPY, KRW, …) take
 * whole units only. Only a dot is a decimal separator; commas may group thousands.
 */
export function parseMoney(input: string, currency: string): ParsedAmount {
  const digits = minorUnitDigits(currency);
  const code = currency.toUpperCase();
  const text = input
    .trim()
    .replace(/^[^\d.,-]+/, "")
    .replace(/\s+/g, "");
  if (text === "") return { ok: false, message: "Enter an amount." };
  if (text.startsWith("-")) return { ok: false, message: "The amount can't be negative." };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, message: `Enter the amount as a number, e.g. ${digits === 0 ? "1500" : "9.99"}.` };
  const whole = match[1]!.replaceAll(",", "");
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    return {
      ok: false,
      message:
        digits === 0
          ? `${code} has no decimal places: enter whole units, e.g. 1500.`
          : `${code} has at most ${digits} decimal places.`,
    };
  }
  const amount = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  if (!Number.isSafeInteger(amount) || amount > MAX_AMOUNT) {
    return { ok: false, message: `The amount can be at most ${formatMoney(MAX_AMOUNT, currency)}.` };
  }
  return { ok: true, amount };
}

/** Integer minor units as the owner typed them, for an input's value: (999, "usd") → "9.99". */
export function formatAmountInput(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const whole = Math.floor(amount / 10 ** digits);
  return `${whole}.${String(amount % 10 ** digits).padStart(digits, "0")}`;
}
