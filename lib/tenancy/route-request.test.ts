import { describe, expect, it } from "vitest";
import { config } from "@/middleware";
import { routeRequest } from "./route-request";

const ROOT = "localhost:3000";

describe("routeRequest", () => {
  it("rewrites a store host into the internal store segment", () => {
    expect(routeRequest("demo.localhost:3000", "/", ROOT)).toEqual({ action: "rewrite", pathname: "/s/demo" });
    expect(routeRequest("demo.localhost:3000", "/products/x", ROOT)).toEqual({
      action: "rewrite",
      pathname: "/s/demo/products/x",
    });
    expect(routeRequest("demo.localhost:3000", "/admin", ROOT)).toEqual({
      action: "rewrite",
      pathname: "/s/demo/admin",
    });
  });

  it("leaves the store webhook, both spellings, to its own route, never redirecting", () => {
    for (const path of ["/shop/webhook", "/shop/webhook/"]) {
      expect(routeRequest("demo.localhost:3000", path, ROOT)).toEqual({ action: "continue" });
    }
  });

  it("is not even asked about the store webhook: middleware's matcher skips exactly its two spellings", () => {
    // The matcher is `/(<pattern>)`, anchored as Next anchors it.
    const matches = (path: string) => config.matcher.some((pattern) => new RegExp(`^${pattern}$`).test(path));
    expect(matches("/shop/webhook")).toBe(false);
    expect(matches("/shop/webhook/")).toBe(false);
    for (const path of ["/shop/webhooks", "/shop/webhook/x", "/shop/checkout", "/", "/admin", "/api/auth/session"]) {
      expect({ path, matched: matches(path) }).toEqual({ path, matched: true });
    }
  });

  it("answers the platform's billing webhook with and without the slash on the root domain only, never redirecting", () => {
    for (const path of ["/api/billing/webhooks/stripe", "/api/billing/webhooks/stripe/"]) {
      expect(routeRequest("localhost:3000", path, ROOT)).toEqual({
        action: "rewrite",
        pathname: "/api/billing/webhooks/stripe",
      });
      expect(routeRequest("demo.localhost:3000", path, ROOT)).toEqual({ action: "not_found" });
    }
  });

  it("gives every other path one spelling, without the slash", () => {
    expect(routeRequest("demo.localhost:3000", "/admin/", ROOT)).toEqual({ action: "redirect", pathname: "/admin" });
    expect(routeRequest("localhost:3000", "/signup/", ROOT)).toMatchObject({ action: "redirect", pathname: "/signup" });
  });

  it("serves the platform on the root domain and folds www into it", () => {
    expect(routeRequest("localhost:3000", "/signup", ROOT)).toEqual({ action: "continue" });
    expect(routeRequest("www.localhost:3000", "/signup", ROOT)).toEqual({ action: "continue" });
  });

  it("never exposes the internal segment directly, on any host", () => {
    expect(routeRequest("localhost:3000", "/s/demo/admin", ROOT)).toEqual({ action: "not_found" });
    expect(routeRequest("demo.localhost:3000", "/s/other/admin", ROOT)).toEqual({ action: "not_found" });
    expect(routeRequest("localhost:3000", "/s", ROOT)).toEqual({ action: "not_found" });
  });

  it("does not treat reserved, nested or foreign hosts as stores", () => {
    expect(routeRequest("api.localhost:3000", "/", ROOT)).toEqual({ action: "not_found" });
    expect(routeRequest("a.b.localhost:3000", "/", ROOT)).toEqual({ action: "not_found" });
    expect(routeRequest("example.com", "/", ROOT)).toEqual({ action: "not_found" });
  });

  it("lets platform API routes answer on every host", () => {
    expect(routeRequest("demo.localhost:3000", "/api/auth/session", ROOT)).toEqual({ action: "continue" });
    expect(routeRequest("localhost:3000", "/api/health", ROOT)).toEqual({ action: "continue" });
  });
});
