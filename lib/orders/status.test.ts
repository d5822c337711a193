import { describe, expect, it } from "vitest";
import { canTransition } from "./status";

describe("canTransition", () => {
  it("moves orders forward", () => {
    expect(canTransition("pending", "paid")).toBe(true);
    expect(canTransition("failed", "paid")).toBe(true);
    expect(canTransition("paid", "refunded")).toBe(true);
    expect(canTransition("paid", "partially_refunded")).toBe(true);
    expect(canTransition("partially_refunded", "refunded")).toBe(true);
  });

  it("never moves a paid or refunded order backwards", () => {
    expect(canTransition("paid", "failed")).toBe(false);
    expect(canTransition("paid", "pending")).toBe(false);
    expect(canTransition("paid", "canceled")).toBe(false);
    expect(canTransition("refunded", "paid")).toBe(false);
    expect(canTransition("refunded", "partially_refunded")).toBe(false);
  });
});
