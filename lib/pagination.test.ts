import { describe, expect, it } from "vitest";
import { listHref } from "./pagination";

describe("list links", () => {
  const webhooks = { outcome: "failed", deliveries: "d-cursor", events: "e-cursor" };

  it("move one list and keep the filter and the other list's place", () => {
    expect(listHref("/admin/webhooks", webhooks, { events: "next" })).toBe(
      "/admin/webhooks?outcome=failed&deliveries=d-cursor&events=next",
    );
    expect(listHref("/admin/webhooks", webhooks, { deliveries: null })).toBe(
      "/admin/webhooks?outcome=failed&events=e-cursor",
    );
  });

  it("leave out empty filters, and the query altogether when nothing is left", () => {
    expect(listHref("/admin/orders", { status: undefined, mode: "", q: null })).toBe("/admin/orders");
    expect(listHref("/admin/orders", { q: "a&b=c" }, { after: "x" })).toBe("/admin/orders?q=a%26b%3Dc&after=x");
  });
});
