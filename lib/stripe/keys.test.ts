import { describe, expect, it } from "vitest";
import { keyMode, keyProblem } from "./keys";

const body = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6";

describe("keyProblem", () => {
  it("accepts full keys of the right mode", () => {
    expect(keyProblem("publishable", "test", `pk_test_${body}`)).toBeNull();
    expect(keyProblem("secret", "test", `sk_test_${body}`)).toBeNull();
    expect(keyProblem("secret", "test", `rk_test_${body}`)).toBeNull();
    expect(keyProblem("secret", "live", `sk_live_${body}`)).toBeNull();
    expect(keyProblem("secret", "live", `rk_live_${body}`)).toBeNull();
    expect(keyProblem("webhook", "live", `whsec_${body}`)).toBeNull();
  });

  it.each([
    ["publishable", "test", `pk_live_${body}`, "This is a live key; paste it in the Live section."],
    ["secret", "live", `sk_test_${body}`, "This is a test key; paste it in the Test section."],
    ["secret", "test", `pk_test_${body}`, "This is a publishable key"],
    ["publishable", "test", `sk_test_${body}`, "This is a secret key"],
    ["secret", "test", `whsec_${body}`, "This is a webhook signing secret"],
    ["webhook", "test", `sk_test_${body}`, "This is an API key"],
    ["secret", "test", "sk_test_abc", "looks cut off"],
    ["webhook", "test", "whsec_abc123", "looks cut off"],
    ["secret", "test", `sk_test_${body} x`, "characters Stripe keys never have"],
    ["publishable", "live", "hello", "must start with pk_live_"],
  ] as const)("%s/%s %s → %s", (kind, mode, value, message) => {
    expect(keyProblem(kind, mode, value)).toContain(message);
  });
});

describe("keyMode", () => {
  it("reads the mode from the prefix", () => {
    expect(keyMode(`sk_live_${body}`)).toBe("live");
    expect(keyMode(`rk_test_${body}`)).toBe("test");
    expect(keyMode(`whsec_${body}`)).toBeNull();
  });
});
