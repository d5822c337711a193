import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret } from "./secrets";

const k1 = { id: "k1", key: randomBytes(32) };
const k2 = { id: "k2", key: randomBytes(32) };
const SECRET = "sk_test_51Habcdefghijklmnopqrstuvwxyz0123456789a1b2";

describe("secret envelopes", () => {
  it("round-trip, and the envelope holds no plaintext", () => {
    const envelope = encryptSecret(SECRET, "store-1:test_secret_key", [k1]);
    expect(envelope).toMatch(/^v1\.k1\./);
    expect(envelope).not.toContain("sk_test");
    expect(envelope).not.toContain("a1b2");
    expect(decryptSecret(envelope, "store-1:test_secret_key", [k1])).toBe(SECRET);
  });

  it("differ every time (random IV)", () => {
    expect(encryptSecret(SECRET, "c", [k1])).not.toBe(encryptSecret(SECRET, "c", [k1]));
  });

  it("do not open in another store's or another field's context", () => {
    const envelope = encryptSecret(SECRET, "store-1:test_secret_key", [k1]);
    expect(() => decryptSecret(envelope, "store-2:test_secret_key", [k1])).toThrow();
    expect(() => decryptSecret(envelope, "store-1:live_secret_key", [k1])).toThrow();
  });

  it("detect tampering", () => {
    const envelope = encryptSecret(SECRET, "c", [k1]);
    const parts = envelope.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => decryptSecret(parts.join("."), "c", [k1])).toThrow();
  });

  it("keep decrypting with an old key after rotation, and name a missing key", () => {
    const old = encryptSecret(SECRET, "c", [k1]);
    expect(decryptSecret(old, "c", [k2, k1])).toBe(SECRET);
    expect(encryptSecret(SECRET, "c", [k2, k1])).toMatch(/^v1\.k2\./);
    expect(() => decryptSecret(old, "c", [k2])).toThrow(/"k1"/);
  });
});

describe("maskSecret", () => {
  it("shows the kind of key and its last four characters only", () => {
    expect(maskSecret(SECRET)).toBe("sk_test_…a1b2");
    expect(maskSecret("whsec_abcdefghijklmnopqrstuvwxyz12345678")).toBe("whsec_…5678");
    expect(maskSecret("rk_live_abcdefghijklmnopqrstuvwxyzWXYZ")).toBe("rk_live_…WXYZ");
    expect(maskSecret("re_123456789_abcdefghijklmnopqrst")).toBe("re_…qrst");
  });
});
