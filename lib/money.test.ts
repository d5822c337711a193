import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitDigits } from "./money";

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
