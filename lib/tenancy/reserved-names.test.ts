import { describe, expect, it } from "vitest";
import { signUpOwner } from "@/lib/auth/signup";
import { signupSchema } from "@/lib/auth/signup-schema";
import { parseHost } from "./host";
import { PLATFORM_NAME, RESERVED_SUBDOMAINS, SUBDOMAIN_MESSAGES } from "./subdomain";

// One list drives the checks: every reserved name, present and future, is refused by both walls.
const reserved = [...RESERVED_SUBDOMAINS];

describe("reserved subdomain names", () => {
  it("include the names mail clients, browsers and the platform's own services look up", () => {
    const required = [
      "autodiscover",
      "autoconfig",
      "mta-sts",
      "wpad",
      "webmail",
      "security",
      "sso",
      "oauth",
      "secure",
      "verify",
      "status",
      "help",
      "support",
      "docs",
      "blog",
      PLATFORM_NAME.toLowerCase(),
      "www",
      "api",
      "admin",
    ];
    expect(reserved).toEqual(expect.arrayContaining(required));
  });

  it.each(reserved)("%s is never served as a store", (name) => {
    for (const root of ["localhost:3000", "shop.example"]) {
      const target = parseHost(`${name}.${root}`, root);
      // www folds into the platform itself; every other reserved name is no one's.
      expect(target).toEqual(name === "www" ? { kind: "platform" } : { kind: "reserved", subdomain: name });
    }
  });

  it.each(reserved)("%s is refused at signup, in any case", (name) => {
    for (const spelling of [name, name.toUpperCase(), ` ${name} `]) {
      const result = signupSchema.safeParse({
        email: "owner@example.test",
        password: "a long enough password",
        storeName: "Shop",
        subdomain: spelling,
      });
      expect(result.success, spelling).toBe(false);
      expect(result.error?.issues.find((i) => i.path[0] === "subdomain")?.message).toBe(SUBDOMAIN_MESSAGES.reserved);
    }
  });

  it.each(reserved)("%s is refused by signUpOwner itself, whoever calls it", async (name) => {
    await expect(
      signUpOwner({
        email: `${name}@example.test`,
        password: "a long enough password",
        storeName: "Shop",
        subdomain: name,
      }),
    ).rejects.toMatchObject({ code: "invalid_subdomain", fieldErrors: { subdomain: SUBDOMAIN_MESSAGES.reserved } });
  });
});
