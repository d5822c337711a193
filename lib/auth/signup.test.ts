import { randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailOutbox } from "@/db/schema";
import { validatedAction } from "@/lib/actions";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isSubdomainTaken } from "@/lib/tenancy/stores";
import { createOwnerWithStore } from "@/test/factories";
import { SIGNUP_ATTEMPT_MAIL_KIND, VERIFICATION_MAIL_KIND } from "./email-verification-mails";
import { checkStoreAccess } from "./store-access";
import { signupServerSchema } from "./signup-password";
import { signupSchema } from "./signup-schema";
import { signUpOwner } from "./signup";
import { CHECK_EMAIL_PATH, checkSubdomainAvailability, signUpAndAskToConfirm } from "./signup-flow";
import { authenticate } from "./users";

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

  it("caps the email at 254 characters, the most SMTP carries", () => {
    // 64 + "@" + 63 + "." + 63 + "." + n + ".test": 254 with n = 56.
    const email = (n: number) => `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(n)}.test`;
    expect(email(56)).toHaveLength(254);
    expect(signupSchema.safeParse({ ...valid, email: email(56) }).success).toBe(true);
    const result = signupSchema.safeParse({ ...valid, email: email(57) });
    expect(result.error?.issues.find((i) => i.path[0] === "email")?.message).toBe(
      "Use an address of at most 254 characters.",
    );
  });

  it("caps the store name at 80 characters and refuses control characters in it", () => {
    expect(signupSchema.safeParse({ ...valid, storeName: "n".repeat(80) }).success).toBe(true);
    for (const storeName of ["n".repeat(81), "Acme\u0000Shop", "Acme\nShop"]) {
      const result = signupSchema.safeParse({ ...valid, storeName });
      expect(
        result.error?.issues.map((i) => i.path[0]),
        JSON.stringify(storeName),
      ).toEqual(["storeName"]);
    }
  });
});

describe("signupServerSchema (the password's strength, judged on the server)", () => {
  const context = {
    email: "marta.lindqvist@example.test",
    storeName: "Lindqvist Outfitters",
    subdomain: "lindqvist-outfitters",
  };

  it("refuses a long but guessable password with the estimator's feedback beside the field", () => {
    expect(signupSchema.safeParse({ ...valid, password: "passwordpassword" }).success).toBe(true);
    const result = signupServerSchema.safeParse({ ...valid, password: "passwordpassword" });
    const issues = result.error?.issues ?? [];
    expect(issues.map((i) => i.path[0])).toEqual(["password"]);
    expect(issues[0]?.message).toContain("easy to guess");
  });

  it("accepts a strong password", () => {
    expect(signupServerSchema.safeParse({ ...context, password: "violet-anchor-mustard-91" }).success).toBe(true);
  });

  it("counts the owner's own email and store name as guessable", () => {
    const password = "lindqvist-outfitters";
    const unrelated = { email: "someone@example.test", storeName: "Zephyr", subdomain: "zephyr" };
    expect(signupServerSchema.safeParse({ ...unrelated, password }).success).toBe(true);
    const result = signupServerSchema.safeParse({ ...context, password });
    expect(result.error?.issues[0]?.message).toContain("personal or page related data");
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

describe("the signup form's answer", () => {
  // The form's action as the route builds it (less the per-client throttle in front).
  const submit = validatedAction(signupServerSchema, signUpAndAskToConfirm);
  const fresh = () => {
    const id = randomBytes(4).toString("hex");
    return {
      email: `new-${id}@example.test`,
      password: "violet-anchor-mustard-91",
      storeName: "Fresh",
      subdomain: `fresh-${id}`,
    };
  };

  async function platformMail(to: string) {
    const db = await getDb();
    return db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.toAddress, to), isNull(emailOutbox.storeId)))
      .orderBy(asc(emailOutbox.createdAt));
  }

  it("is the same for a taken email as for a new one; the address's owner is told instead", async () => {
    const existing = await createOwnerWithStore();
    const newcomer = fresh();
    const intruder = { ...fresh(), email: existing.user.email.toUpperCase(), storeName: "Intruder Goods" };

    const forNew = await submit(newcomer);
    const forTaken = await submit(intruder);
    expect(forNew).toEqual({ ok: true, data: { redirectTo: CHECK_EMAIL_PATH } });
    expect(forTaken).toEqual(forNew);

    // The new email got its store and a verification link.
    expect(await isSubdomainTaken(newcomer.subdomain)).toBe(true);
    expect((await platformMail(newcomer.email)).map((m) => m.kind)).toEqual([VERIFICATION_MAIL_KIND]);

    // The taken one: nothing created or changed, and a "someone tried" mail to the owner.
    expect(await isSubdomainTaken(intruder.subdomain)).toBe(false);
    expect(await authenticate(existing.user.email, intruder.password)).toBeNull();
    expect((await authenticate(existing.user.email, existing.password))?.id).toBe(existing.user.id);
    const [notice, ...more] = await platformMail(existing.user.email);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({
      kind: SIGNUP_ATTEMPT_MAIL_KIND,
      subject: expect.stringContaining("tried to sign up"),
    });
    expect(notice?.text).toContain("/login");
    expect(notice?.text).toContain("/verify-email?token="); // this owner never verified
    expect(notice?.text).not.toContain(intruder.storeName);
    expect(notice?.html).not.toContain(intruder.subdomain);

    // Trying again within the hour answers the same and mails no one again.
    expect(await submit({ ...intruder, subdomain: fresh().subdomain })).toEqual(forNew);
    expect(await platformMail(existing.user.email)).toHaveLength(1);
  });

  it("reports a taken store address the same way whether or not the email is registered", async () => {
    const existing = await createOwnerWithStore();
    const answers = await Promise.all(
      [existing.user.email, fresh().email].map((email) =>
        submit({ ...fresh(), email, subdomain: existing.store.subdomain }),
      ),
    );
    expect(answers[0]).toEqual({
      ok: false,
      formError: "That address is taken.",
      fieldErrors: { subdomain: "That address is taken. Try another." },
    });
    expect(answers[1]).toEqual(answers[0]);
  });
});
