import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const hostWithOptionalPort = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;

/** A 32-byte key, base64. Several may be given as `id:key,id:key`; the first encrypts. */
const encryptionKeys = z.string().transform((raw, ctx) => {
  const keys: { id: string; key: Buffer }[] = [];
  for (const part of raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64] = part.includes(":") ? part.split(":", 2) : ["k1", part];
    const key = Buffer.from(b64 ?? "", "base64");
    if (!id || !/^[a-z0-9]{1,16}$/i.test(id) || key.length !== 32) {
      ctx.addIssue({
        code: "custom",
        message: "each key must be `id:<32 bytes in base64>` (generate one with `openssl rand -base64 32`)",
      });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: "custom", message: "is empty" });
    return z.NEVER;
  }
  return keys;
});

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .optional(),
    /** Where the embedded PGlite database lives when DATABASE_URL is unset; `memory://` for tests. */
    PGLITE_DATA_DIR: z.string().default(".data/pglite"),
    /** A dump of a migrated embedded database that fresh `memory://` databases start from (the test run makes one). */
    PGLITE_TEMPLATE: z.string().optional(),
    ROOT_DOMAIN: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.string().regex(hostWithOptionalPort, "must be a host name with an optional port, e.g. localhost:3000"))
      .default("localhost:3000"),
    /** Scheme used in links the platform hands out (store URLs, webhook URLs). */
    APP_PROTOCOL: z.enum(["http", "https"]).optional(),
    APP_ENCRYPTION_KEY: encryptionKeys.optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DATA_DIR: z.string().default(".data"),
    /**
     * Development and tests only: send every store's Stripe API calls to the local Stripe
     * sandbox (sandbox/) instead of api.stripe.com. Refused for a real ROOT_DOMAIN.
     */
    STRIPE_SANDBOX_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Resend's API base URL; tests point it at a local stand-in. */
    RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.resend.com"),
    /** How often the background worker sends due mail (the webhook also kicks it). */
    OUTBOX_POLL_MS: z.coerce.number().int().min(100).default(5000),
    /** Where product files and cover images live: `local` (under DATA_DIR/files) or an S3-compatible bucket. */
    STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
    /** An S3-compatible endpoint (MinIO, R2, s3rver); unset means AWS S3 itself. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /** The bucket every app instance shares; required with STORAGE_DRIVER=s3. */
    S3_BUCKET: z.string().min(3, "must be a bucket name").optional(),
    /** The bucket's region (most S3-compatible servers accept any). */
    S3_REGION: z.string().default("us-east-1"),
    /** Static credentials; without them the AWS SDK's default chain (env, profile, instance role) is used. */
    S3_ACCESS_KEY_ID: z.string().optional(),
    /** The secret that goes with S3_ACCESS_KEY_ID; one without the other is refused. */
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** Path-style URLs (`endpoint/bucket/key`), which MinIO and s3rver need; defaults to true when S3_ENDPOINT is set. */
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    /** The largest product file an owner may upload, in bytes; 2 GiB by default. */
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int("must be a whole number of bytes")
      .positive("must be a whole number of bytes")
      .max(Number.MAX_SAFE_INTEGER)
      .default(2 * 1024 ** 3),
    /**
     * How many proxies in front of the app append the peer they saw to X-Forwarded-For
     * (a load balancer: 1). The client's IP, which throttles key on, is the entry the
     * outermost of them wrote. With 0 the app is reached directly and trusts the last entry.
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * The platform's own mail (email verification, "someone tried to sign up"), sent with
     * Resend. Without them platform mail is held in the outbox (and readable at /dev/mail
     * on a local root domain).
     */
    PLATFORM_RESEND_API_KEY: z
      .string()
      .regex(/^re_\w+$/, "must be a Resend API key (re_…)")
      .optional(),
    /** The From of platform mail, e.g. `Storehost <no-reply@example.com>`; required with the key. */
    PLATFORM_MAIL_FROM: z.string().min(3).max(200).optional(),
    /**
     * The platform's own Stripe account, which bills store owners for hosting (lib/billing/).
     * All three or none: without them billing is off and no store is blocked for it.
     */
    PLATFORM_STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_test_…, sk_live_…)")
      .optional(),
    PLATFORM_STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_\w+$/, "must be a Stripe publishable key (pk_test_…, pk_live_…)")
      .optional(),
    PLATFORM_STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\w+$/, "must be a webhook signing secret (whsec_…)")
      .optional(),
    /** Days a past-due store keeps selling before it is suspended for billing. */
    BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
    /** Set by Next.js itself while it builds or serves. */
    NEXT_PHASE: z.string().optional(),
  })
  .superRefine((e, ctx) => {
    if (e.STORAGE_DRIVER === "s3" && !e.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "required when STORAGE_DRIVER=s3" });
    }
    if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["S3_SECRET_ACCESS_KEY"],
        message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together",
      });
    }
    const platformStripe = [
      e.PLATFORM_STRIPE_SECRET_KEY,
      e.PLATFORM_STRIPE_PUBLISHABLE_KEY,
      e.PLATFORM_STRIPE_WEBHOOK_SECRET,
    ];
    if (platformStripe.some(Boolean) && !platformStripe.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["PLATFORM_STRIPE_SECRET_KEY"],
        message:
          "PLATFORM_STRIPE_SECRET_KEY, PLATFORM_STRIPE_PUBLISHABLE_KEY and PLATFORM_STRIPE_WEBHOOK_SECRET go together",
      });
    }
    const secretMode = e.PLATFORM_STRIPE_SECRET_KEY?.match(/^(?:sk|rk)_(test|live)_/)?.[1];
    const publishableMode = e.PLATFORM_STRIPE_PUBLISHABLE_KEY?.match(/^pk_(test|live)_/)?.[1];
    if (secretMode && publishableMode && secretMode !== publishableMode) {
      ctx.addIssue({
        code: "custom",
        path: ["PLATFORM_STRIPE_PUBLISHABLE_KEY"],
        message: `is a ${publishableMode} key but PLATFORM_STRIPE_SECRET_KEY is a ${secretMode} key: use both keys of one mode`,
      });
    }
    if (!e.PLATFORM_RESEND_API_KEY !== !e.PLATFORM_MAIL_FROM) {
      ctx.addIssue({
        code: "custom",
        path: ["PLATFORM_MAIL_FROM"],
        message: "PLATFORM_RESEND_API_KEY and PLATFORM_MAIL_FROM go together",
      });
    }
  });

export type Env = Omit<
  z.infer<typeof schema>,
  "APP_ENCRYPTION_KEY" | "AUTH_SECRET" | "APP_PROTOCOL" | "S3_FORCE_PATH_STYLE"
> & {
  APP_PROTOCOL: "http" | "https";
  S3_FORCE_PATH_STYLE: boolean;
  APP_ENCRYPTION_KEY: { id: string; key: Buffer }[];
  AUTH_SECRET: string;
  /** True when no DATABASE_URL is set and the app runs on the embedded PGlite. */
  embeddedDatabase: boolean;
};

export class EnvError extends Error {
  override name = "EnvError";
}

type DevSecrets = { APP_ENCRYPTION_KEY: string; AUTH_SECRET: string };

/**
 * Outside production the two secrets are generated once into `<DATA_DIR>/secrets.json`
 * and reused, so a fresh clone runs with no set-up and keeps decrypting what it stored.
 */
export function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  const secrets: DevSecrets = {
    APP_ENCRYPTION_KEY: `k1:${randomBytes(32).toString("base64")}`,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function loadEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as they do in most shells' `VAR= cmd`.
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.STRIPE_SANDBOX_URL && !isLocalRoot(e.ROOT_DOMAIN)) {
    throw new EnvError(
      `Invalid environment configuration:\n  STRIPE_SANDBOX_URL: the Stripe sandbox is for development; unset it when ROOT_DOMAIN (${e.ROOT_DOMAIN}) is a real domain`,
    );
  }
  let { APP_ENCRYPTION_KEY, AUTH_SECRET } = e;
  if (e.NEXT_PHASE === "phase-production-build") {
    // `next build` imports server modules but serves nothing and stores nothing, so it
    // gets throw-away secrets; the running server must be given the real ones.
    APP_ENCRYPTION_KEY ??= [{ id: "build", key: randomBytes(32) }];
    AUTH_SECRET ??= randomBytes(32).toString("base64url");
  }
  if (!APP_ENCRYPTION_KEY || !AUTH_SECRET) {
    if (e.NODE_ENV === "production") {
      const missing = [!APP_ENCRYPTION_KEY && "APP_ENCRYPTION_KEY", !AUTH_SECRET && "AUTH_SECRET"].filter(Boolean);
      throw new EnvError(`Invalid environment configuration:\n  ${missing.join(", ")}: required in production`);
    }
    const generated = devSecrets(e.DATA_DIR);
    APP_ENCRYPTION_KEY ??= encryptionKeys.parse(generated.APP_ENCRYPTION_KEY);
    AUTH_SECRET ??= generated.AUTH_SECRET;
  }
  return {
    ...e,
    APP_PROTOCOL: e.APP_PROTOCOL ?? (e.NODE_ENV === "production" && !isLocalRoot(e.ROOT_DOMAIN) ? "https" : "http"),
    APP_ENCRYPTION_KEY,
    AUTH_SECRET,
    S3_FORCE_PATH_STYLE: e.S3_FORCE_PATH_STYLE ?? Boolean(e.S3_ENDPOINT),
    embeddedDatabase: !e.DATABASE_URL,
  };
}

/** A development root domain (localhost, *.localhost, *.test), port ignored: never a real deployment. */
export function isLocalRoot(rootDomain: string): boolean {
  const host = rootDomain.split(":")[0] ?? "";
  return host === "localhost" || host.endsWith(".localhost") || host.endsWith(".test");
}
