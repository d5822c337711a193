import { describe, expect, it } from "vitest";
import { hostName, parseHost, type HostTarget } from "./host";

describe("parseHost", () => {
  const cases: [host: string | null, root: string, expected: HostTarget][] = [
    ["localhost:3000", "localhost:3000", { kind: "platform" }],
    ["localhost", "localhost:3000", { kind: "platform" }],
    ["LOCALHOST:3000", "localhost:3000", { kind: "platform" }],
    ["demo.localhost:3000", "localhost:3000", { kind: "store", subdomain: "demo" }],
    ["Demo.LocalHost:3000", "localhost:3000", { kind: "store", subdomain: "demo" }],
    ["demo.localhost:8080", "localhost:3000", { kind: "store", subdomain: "demo" }],
    ["demo.localhost.", "localhost:3000", { kind: "store", subdomain: "demo" }],
    ["www.localhost:3000", "localhost:3000", { kind: "platform" }],
    ["acme.shop.example", "shop.example", { kind: "store", subdomain: "acme" }],
    ["shop.example", "shop.example", { kind: "platform" }],
    ["www.shop.example", "shop.example", { kind: "platform" }],
    ["api.shop.example", "shop.example", { kind: "reserved", subdomain: "api" }],
    ["admin.localhost:3000", "localhost:3000", { kind: "reserved", subdomain: "admin" }],
    ["billing.localhost:3000", "localhost:3000", { kind: "reserved", subdomain: "billing" }],
    ["a.b.shop.example", "shop.example", { kind: "unknown" }],
    ["www.acme.shop.example", "shop.example", { kind: "unknown" }],
    ["-bad.shop.example", "shop.example", { kind: "unknown" }],
    ["evil-shop.example", "shop.example", { kind: "unknown" }],
    ["acme.shop.example.evil.com", "shop.example", { kind: "unknown" }],
    ["other.com", "shop.example", { kind: "unknown" }],
    ["127.0.0.1:3000", "localhost:3000", { kind: "platform" }],
    ["[::1]:3000", "localhost:3000", { kind: "platform" }],
    ["", "localhost:3000", { kind: "unknown" }],
    [null, "localhost:3000", { kind: "unknown" }],
  ];
  it.each(cases)("%s under %s", (host, root, expected) => {
    expect(parseHost(host, root)).toEqual(expected);
  });
});

describe("hostName", () => {
  it("drops port, case and trailing dot but keeps IPv6 brackets", () => {
    expect(hostName("Demo.Example.COM:443")).toBe("demo.example.com");
    expect(hostName("[::1]:3000")).toBe("[::1]");
    expect(hostName("example.com.")).toBe("example.com");
  });
});
