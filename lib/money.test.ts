import { describe, expect, it } from "vitest";
import { formatAmountInput, formatMoney, minorUnitDigits, parseMoney } from "./money";

describe("formatMoney", () => {
  it("formats minor units with the currency's decimals", () => {
    expect(formatMoney(1999, "usd")).toBe("$19.99");
    expect(formatMoney(5, "eur")).toBe("€0.05");
    expect(formatMoney(100000, "gbp")).toBe("£1,000.00");
  });

  it("treats zero-decimal currencies as whole units", () => {
    expect(minorUnitDigits("jpy")).toBe(0);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(formatMoney(1500, "jpy")).toBe("¥1,500");
    expect(formatMoney(1500, "krw")).toBe("₩1,500");
  });

  it("formats for the store's locale", () => {
    // Intl puts a no-break space before the symbol.
    expect(formatMoney(123456, "eur", "de-DE")).toBe("1.234,56\u00a0€");
  });
});

describe("parseMoney", () => {
  it("reads decimals as integer minor units without floating point", () => {
    expect(parseMoney("9.99", "usd")).toEqual({ ok: true, amount: 999 });
    expect(parseMoney("0.29", "usd")).toEqual({ ok: true, amount: 29 });
    expect(parseMoney("19.9", "eur")).toEqual({ ok: true, amount: 1990 });
    expect(parseMoney("10", "gbp")).toEqual({ ok: true, amount: 1000 });
    expect(parseMoney(" $1,250.50 ", "usd")).toEqual({ ok: true, amount: 125050 });
    expect(parseMoney("999999.99", "usd")).toEqual({ ok: true, amount: 99_999_999 });
  });

  it("takes whole units for zero-decimal currencies (JPY, KRW)", () => {
    expect(parseMoney("1500", "jpy")).toEqual({ ok: true, amount: 1500 });
    expect(parseMoney("¥1,500", "JPY")).toEqual({ ok: true, amount: 1500 });
    expect(parseMoney("12000", "krw")).toEqual({ ok: true, amount: 12000 });
    expect(parseMoney("1500.5", "jpy")).toMatchObject({
      ok: false,
      message: expect.stringContaining("JPY has no decimal places"),
    });
    expect(parseMoney("9.99", "krw")).toMatchObject({
      ok: false,
      message: expect.stringContaining("KRW has no decimal places"),
    });
  });

  it("refuses what is not an amount, with a reason", () => {
    expect(parseMoney("", "usd")).toMatchObject({ ok: false, message: "Enter an amount." });
    expect(parseMoney("-5", "usd")).toMatchObject({ ok: false, message: "The amount can't be negative." });
    expect(parseMoney("9.999", "usd")).toMatchObject({ ok: false, message: "USD has at most 2 decimal places." });
    expect(parseMoney("9,99", "eur")).toMatchObject({ ok: false });
    expect(parseMoney("1e3", "usd")).toMatchObject({ ok: false });
    expect(parseMoney("12abc", "usd")).toMatchObject({ ok: false });
    expect(parseMoney("1000000", "usd")).toMatchObject({
      ok: false,
      message: "The amount can be at most $999,999.99.",
    });
    expect(parseMoney("100000000", "jpy")).toMatchObject({ ok: false, message: expect.stringContaining("at most") });
  });

  it("round-trips through the editor's input format", () => {
    for (const [amount, currency] of [
      [999, "usd"],
      [5, "eur"],
      [100000, "gbp"],
      [1500, "jpy"],
      [0, "usd"],
    ] as const) {
      expect(parseMoney(formatAmountInput(amount, currency), currency)).toEqual({ ok: true, amount });
    }
  });
});
