import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, type CspOptions } from "./csp";
import { hstsApplies, securityHeaders } from "./headers";

const PRODUCTION: CspOptions = { nonce: "bm9uY2U=", development: false, https: true, stripeSandboxUrl: null };

/** The policy as a map of directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("content security policy", () => {
  it("runs scripts only with the response's nonce in production: no 'unsafe-inline', no 'unsafe-eval'", () => {
    const policy = directives(contentSecurityPolicy(PRODUCTION));
    const scripts = policy.get("script-src") ?? [];
    expect(scripts).toContain("'nonce-bm9uY2U='");
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });

  it("allows exactly Stripe's documented origins for Stripe.js, its frames and its API", () => {
    const policy = directives(contentSecurityPolicy(PRODUCTION));
    expect(policy.get("script-src")).toEqual(
      expect.arrayContaining(["https://js.stripe.com", "https://*.js.stripe.com"]),
    );
    expect(policy.get("frame-src")).toEqual([
      "https://js.stripe.com",
      "https://*.js.stripe.com",
      "https://hooks.stripe.com",
    ]);
    expect(policy.get("connect-src")).toEqual(["'self'", "https://api.stripe.com"]);
    expect(contentSecurityPolicy(PRODUCTION)).not.toContain("127.0.0.1");
  });

  it("adds the sandbox's origin (its Stripe.js, card iframe and API) when the sandbox is configured", () => {
    const policy = directives(
      contentSecurityPolicy({ ...PRODUCTION, https: false, stripeSandboxUrl: "http://127.0.0.1:12112/" }),
    );
    for (const directive of ["script-src", "frame-src", "connect-src"]) {
      expect(policy.get(directive), directive).toContain("http://127.0.0.1:12112");
      expect(policy.get(directive), directive).toEqual(expect.arrayContaining([expect.stringContaining("stripe.com")]));
    }
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("gives React its 'unsafe-eval' only in development", () => {
    expect(directives(contentSecurityPolicy({ ...PRODUCTION, development: true })).get("script-src")).toContain(
      "'unsafe-eval'",
    );
  });

  it("lets styles be inline, without a nonce that would switch 'unsafe-inline' off", () => {
    expect(directives(contentSecurityPolicy(PRODUCTION)).get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("security headers", () => {
  const at = (pathname: string, hsts = false) => securityHeaders({ ...PRODUCTION, pathname, hsts });

  it("forbids framing admin, staff, sign-in and storefront pages alike", () => {
    for (const path of ["/admin", "/admin/products/1", "/admin/sign-in", "/login", "/staff", "/", "/products/x"]) {
      const headers = at(path);
      expect(directives(headers["Content-Security-Policy"]).get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(headers["X-Frame-Options"], path).toBe("DENY");
    }
  });

  it("sends nosniff everywhere, and no Referer at all from pages whose URL is a secret", () => {
    expect(at("/products/x")).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(at("/downloads/abc")["Referrer-Policy"]).toBe("no-referrer");
    expect(at("/downloads/abc/file")["Referrer-Policy"]).toBe("no-referrer");
    expect(at("/orders/0f1e")["Referrer-Policy"]).toBe("no-referrer");
  });

  it("pins https only when told to", () => {
    expect(at("/")).not.toHaveProperty("Strict-Transport-Security");
    expect(at("/", true)["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
  });

  it("asks for HSTS only in production, over https, on a real domain", () => {
    const real = { NODE_ENV: "production", APP_PROTOCOL: "https", ROOT_DOMAIN: "shops.example.com" };
    expect(hstsApplies(real)).toBe(true);
    expect(hstsApplies({ ...real, APP_PROTOCOL: "http" })).toBe(false);
    expect(hstsApplies({ ...real, NODE_ENV: "development" })).toBe(false);
    for (const local of ["localhost:3000", "demo.localhost", "shops.test", "127.0.0.1:3000", "[::1]:3000"]) {
      expect(hstsApplies({ ...real, ROOT_DOMAIN: local }), local).toBe(false);
    }
  });
});
