import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkStoreAccess } from "./store-access";
import { signupSchema } from "./signup-schema";
import { signUpOwner } from "./signup";
import { checkSubdomainAvailability } from "./signup-flow";
import { authenticate } from "./users";
import { createOwnerWithStore } from "@/test/factories";
import { AppError } from "@/lib/errors";

const valid = {
  email: "Owner@Example.test",
  password: "correct horse battery",
  storeName: "Acme",
  subdomain: "Acme-Shop",
};

describe("signupSchema", () => {
  it("normalizes email and subdomain", () => {
    expect(signupSchema.parse(valid)).toMatchObject({ email: "owner@example.test", subdomain: "acme-shop" });
  });

  it.each([
    ["ab", "at least 3"],
    ["-acme", "start or end with a hyphen"],
    ["acme-", "start or end with a hyphen"],
    ["ac_me", "lowercase letters"],
    ["acme.shop", "lowercase letters"],
    ["xn--acme", "positions 3–4"],
    ["a".repeat(64), "at most 63"],
    ["www", "reserved"],
    ["admin", "reserved"],
    ["billing", "reserved"],
  ])("rejects the subdomain %s", (subdomain, message) => {
    const result = signupSchema.safeParse({ ...valid, subdomain });
    expect(result.success).toBe(false);
    expect(result.error?.issues.find((i) => i.path[0] === "subdomain")?.message).toContain(message);
  });

  it("rejects a short password and a bad email with field messages", () => {
    const result = signupSchema.safeParse({ ...valid, email: "nope", password: "short" });
    const fields = result.error?.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(["email", "password"]));
  });
});

describe("signUpOwner", () => {
  it("creates the user, the store and the owner membership, with a hashed password", async () => {
    const { user, store, password } = await createOwnerWithStore();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(password);
    expect(store.status).toBe("active");
    expect(await checkStoreAccess(store, user)).toEqual({ ok: true, role: "owner" });
    expect((await authenticate(user.email.toUpperCase(), password))?.id).toBe(user.id);
    expect(await authenticate(user.email, "wrong password")).toBeNull();
  });

  it("refuses a taken subdomain and a taken email with field errors", async () => {
    const { user, store } = await createOwnerWithStore();
    const other = {
      email: `x-${randomBytes(3).toString("hex")}@example.test`,
      password: "long enough pw",
      storeName: "X",
    };
    await expect(signUpOwner({ ...other, subdomain: store.subdomain })).rejects.toMatchObject({
      code: "subdomain_taken",
      fieldErrors: { subdomain: expect.stringContaining("taken") },
    });
    await expect(
      signUpOwner({ ...other, email: user.email, subdomain: `s-${randomBytes(3).toString("hex")}` }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it("lets exactly one of several concurrent signups claim a subdomain", async () => {
    const subdomain = `race-${randomBytes(3).toString("hex")}`;
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        signUpOwner({
          email: `race-${i}-${subdomain}@example.test`,
          password: "long enough pw",
          storeName: "Race",
          subdomain,
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const failed of attempts.filter((a) => a.status === "rejected")) {
      expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: "subdomain_taken" });
    }
  });
});

describe("checkSubdomainAvailability", () => {
  it("explains format problems, reserved names and taken names", async () => {
    const { store } = await createOwnerWithStore();
    expect(await checkSubdomainAvailability("ab")).toMatchObject({
      available: false,
      message: expect.stringContaining("at least 3"),
    });
    expect(await checkSubdomainAvailability("api")).toMatchObject({
      available: false,
      message: expect.stringContaining("reserved"),
    });
    expect(await checkSubdomainAvailability(store.subdomain.toUpperCase())).toMatchObject({
      available: false,
      message: expect.stringContaining("taken"),
    });
    expect(await checkSubdomainAvailability(`free-${randomBytes(3).toString("hex")}`)).toMatchObject({
      available: true,
    });
  });
});
