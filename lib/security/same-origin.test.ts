import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

const on = (host: string, headers: Record<string, string> = {}) => new Headers({ host, ...headers });

describe("isSameOriginRequest", () => {
  it("accepts the host's own pages and clients that are not browsers", () => {
    expect(isSameOriginRequest(on("demo.localhost:3000", { origin: "http://demo.localhost:3000" }), "http")).toBe(true);
    expect(isSameOriginRequest(on("Demo.Example.com", { origin: "https://demo.example.com" }), "https")).toBe(true);
    expect(isSameOriginRequest(on("demo.localhost:3000", { "sec-fetch-site": "same-origin" }), "http")).toBe(true);
    expect(isSameOriginRequest(on("demo.localhost:3000", { "sec-fetch-site": "none" }), "http")).toBe(true);
    expect(isSameOriginRequest(on("demo.localhost:3000"), "http")).toBe(true);
  });

  it.each([
    ["another site", { origin: "https://evil.example" }],
    ["another store (same site)", { origin: "http://other.localhost:3000" }],
    ["another port", { origin: "http://demo.localhost:4000" }],
    ["another scheme", { origin: "https://demo.localhost:3000" }],
    ["an opaque origin", { origin: "null" }],
    ["a malformed origin", { origin: "http://demo.localhost:3000\\@evil" }],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site" }],
    ["a same-site fetch", { "sec-fetch-site": "same-site" }],
    [
      "a right Origin with a cross-site fetch",
      { origin: "http://demo.localhost:3000", "sec-fetch-site": "cross-site" },
    ],
  ])("refuses %s", (_, headers) => {
    expect(isSameOriginRequest(on("demo.localhost:3000", headers), "http")).toBe(false);
  });

  it("refuses an Origin when the request names no host", () => {
    expect(isSameOriginRequest(new Headers({ origin: "http://demo.localhost:3000" }), "http")).toBe(false);
  });
});
