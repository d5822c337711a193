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
    expect(() => loadEnv({ NODE_ENV: "production" })).toThrow(
      /APP_ENCRYPTION_KEY, AUTH_SECRET: required in production/,
    );
  });

  it("generates development secrets once and reuses them", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "env-"));
    const first = loadEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    const second = loadEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(first.AUTH_SECRET).toHaveLength(43);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(second.APP_ENCRYPTION_KEY[0]?.key.equals(first.APP_ENCRYPTION_KEY[0]!.key)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8"))).toHaveProperty(
      "AUTH_SECRET",
      first.AUTH_SECRET,
    );
  });

  it("accepts several encryption keys with ids, the first one current", () => {
    const env = loadEnv({ NODE_ENV: "production", AUTH_SECRET: SECRET, APP_ENCRYPTION_KEY: `k2:${KEY},k1:${KEY}` });
    expect(env.APP_ENCRYPTION_KEY.map((k) => k.id)).toEqual(["k2", "k1"]);
  });

  it("uses https links for a real domain in production", () => {
    const env = loadEnv({
      NODE_ENV: "production",
      ROOT_DOMAIN: "shops.example.com",
      APP_ENCRYPTION_KEY: KEY,
      AUTH_SECRET: SECRET,
    });
    expect(env.APP_PROTOCOL).toBe("https");
  });

  it("stores files on local disk with a 2 GiB upload limit unless told otherwise", () => {
    const env = loadEnv({ NODE_ENV: "production", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET });
    expect(env.STORAGE_DRIVER).toBe("local");
    expect(env.UPLOAD_MAX_BYTES).toBe(2147483648);
    expect(env.S3_REGION).toBe("us-east-1");
    expect(env.S3_FORCE_PATH_STYLE).toBe(false);
  });

  it("configures S3, with path-style URLs by default for a custom endpoint", () => {
    const base = {
      NODE_ENV: "production",
      APP_ENCRYPTION_KEY: KEY,
      AUTH_SECRET: SECRET,
      STORAGE_DRIVER: "s3",
      S3_BUCKET: "files",
    };
    const minio = loadEnv({
      ...base,
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
    });
    expect(minio).toMatchObject({
      STORAGE_DRIVER: "s3",
      S3_BUCKET: "files",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_FORCE_PATH_STYLE: true,
    });
    expect(
      loadEnv({ ...base, S3_ENDPOINT: "https://r2.example.com", S3_FORCE_PATH_STYLE: "false" }).S3_FORCE_PATH_STYLE,
    ).toBe(false);
    expect(loadEnv(base).S3_FORCE_PATH_STYLE).toBe(false);
  });

  it("refuses the S3 driver without a bucket, naming S3_BUCKET", () => {
    const attempt = () =>
      loadEnv({ NODE_ENV: "production", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET, STORAGE_DRIVER: "s3" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/S3_BUCKET: required when STORAGE_DRIVER=s3/);
  });

  it("refuses half a set of S3 credentials and a bad driver", () => {
    const base = { NODE_ENV: "production", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET };
    expect(() => loadEnv({ ...base, STORAGE_DRIVER: "s3", S3_BUCKET: "files", S3_ACCESS_KEY_ID: "id" })).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadEnv({ ...base, STORAGE_DRIVER: "disk" })).toThrow(/STORAGE_DRIVER/);
  });

  it.each(["2GB", "1.5", "0", "-1", "1e400"])("refuses UPLOAD_MAX_BYTES=%s", (value) => {
    const attempt = () =>
      loadEnv({ NODE_ENV: "production", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET, UPLOAD_MAX_BYTES: value });
    expect(attempt).toThrow(/UPLOAD_MAX_BYTES/);
  });

  it("takes UPLOAD_MAX_BYTES in bytes", () => {
    expect(
      loadEnv({ NODE_ENV: "production", APP_ENCRYPTION_KEY: KEY, AUTH_SECRET: SECRET, UPLOAD_MAX_BYTES: "1048576" })
        .UPLOAD_MAX_BYTES,
    ).toBe(1048576);
  });

  it("refuses the Stripe sandbox on a real domain", () => {
    const base = {
      NODE_ENV: "production",
      APP_ENCRYPTION_KEY: KEY,
      AUTH_SECRET: SECRET,
      STRIPE_SANDBOX_URL: "http://127.0.0.1:12111",
    };
    expect(loadEnv({ ...base, ROOT_DOMAIN: "localhost:3000" }).STRIPE_SANDBOX_URL).toBe("http://127.0.0.1:12111");
    expect(() => loadEnv({ ...base, ROOT_DOMAIN: "shops.example.com" })).toThrow(/STRIPE_SANDBOX_URL/);
  });
});
