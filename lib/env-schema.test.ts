import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env-schema";

const KEY = Buffer.alloc(32, 7).toString("base64");
const SECRET = "x".repeat(40);

describe("loadEnv", () => {
  it("applies defaults for the embedded set-up", () => {
    const env = loadEnv({ NODE_ENV: "production", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET });
    expect(env.ROOT_DOMAIN).toBe("localhost:3000");
    expect(env.PORT).toBe(3000);
    expect(env.embeddedDatabase).toBe(true);
    expect(env.APP_PROTOCOL).toBe("http");
    expect(env.APP_ENCRYPTION_KEY).toEqual([{ id: "k1", key: Buffer.alloc(32, 7) }]);
  });

  it("names each bad variable in its message", () => {
    const attempt = () =>
      loadEnv({ DATABASE_URL: "mysql://x", PORT: "99999", ROOT_DOMAIN: "bad domain!", APP_ENCRYPTION_KEY: "short" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/ROOT_DOMAIN/);
    expect(attempt).toThrow(/APP_ENCRYPTION_KEY/);
  });

  it("requires the secrets in production", () => {
    expect(() => loadEnv({ NODE_ENV: "production" })).toThrow(/APP_ENCRYPTION_KEY, AUTH_SECRET: required in production/);
  });

  it("generates development secrets once and reuses them", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "env-"));
    const first = loadEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    const second = loadEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(first.AUTH_SECRET).toHaveLength(43);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(second.APP_ENCRYPTION_KEY[0]?.key.equals(first.APP_ENCRYPTION_KEY[0]!.key)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8"))).toHaveProperty("AUTH_SECRET", first.AUTH_SECRET);
  });

  it("accepts several encryption keys with ids, the first one current", () => {
    const env = loadEnv({ NODE_ENV: "production", AUTH_SECRET: SECRET, APP_ENCRYPTION_KEY: `k2:${KEY},k1:${KEY}` });
    expect(env.APP_ENCRYPTION_KEY.map((k) => k.id)).toEqual(["k2", "k1"]);
  });

  it("uses https links for a real domain in production", () => {
    const env = loadEnv({ NODE_ENV: "production", ROOT_DOMAIN: "shops.example.com", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET });
    expect(env.APP_PROTOCOL).toBe("https");
  });

  it("refuses the Stripe sandbox on a real domain", () => {
    const base = { NODE_ENV: "production", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET, STRIPE_SANDBOX_URL: "http://127.0.0.1:12111" };
    expect(loadEnv({ ...base, ROOT_DOMAIN: "localhost:3000" }).STRIPE_SANDBOX_URL).toBe("http://127.0.0.1:12111");
    expect(() => loadEnv({ ...base, ROOT_DOMAIN: "shops.example.com" })).toThrow(/STRIPE_SANDBOX_URL/);
  });
});
