import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type KeyRing, parseKeyRing } from "./keyring";
import { decryptSecret, encryptSecret, envelopeVersion, maskSecret, SecretIntegrityError } from "./secrets";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");
const ring1 = parseKeyRing(`1:${k1}`);
const ring12 = parseKeyRing(`1:${k1},2:${k2}`);

function flip(envelope: string, part: number): string {
  const parts = envelope.split(".");
  const bytes = Buffer.from(parts[part] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret envelopes", () => {
  it("round-trips and never stores the plaintext", () => {
    const env = encryptSecret("sk-live-abcdef123456", "p", ring1);
    expect(env).not.toContain("abcdef");
    expect(env.startsWith("v1.")).toBe(true);
    expect(decryptSecret(env, "p", ring1)).toBe("sk-live-abcdef123456");
    expect(encryptSecret("same", "p", ring1)).not.toBe(encryptSecret("same", "p", ring1));
  });

  it("detects tampering with ciphertext, tag or iv, and a wrong purpose", () => {
    const env = encryptSecret("sk-secret-value", "integration", ring1);
    for (const part of [1, 2, 3])
      expect(() => decryptSecret(flip(env, part), "integration", ring1)).toThrow(SecretIntegrityError);
    expect(() => decryptSecret(env, "webhook", ring1)).toThrow(SecretIntegrityError);
    expect(() => decryptSecret("garbage", "integration", ring1)).toThrow(SecretIntegrityError);
    expect(() => decryptSecret(env.replace(/^v1\./, "v9."), "integration", ring1)).toThrow(/key version 9/);
  });

  it("rotates: new secrets use the newest key, old ones still open", () => {
    const old = encryptSecret("old-key-123456", "p", ring1);
    const fresh = encryptSecret("new-key-123456", "p", ring12);
    expect(envelopeVersion(old)).toBe(1);
    expect(envelopeVersion(fresh)).toBe(2);
    expect(decryptSecret(old, "p", ring12)).toBe("old-key-123456");
    expect(() => decryptSecret(fresh, "p", ring1)).toThrow(SecretIntegrityError);
  });

  it("validates the key specification with a clear message", () => {
    expect(() => parseKeyRing("1:short")).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`1:${k1},1:${k2}`)).toThrow(/twice/);
    const single: KeyRing = parseKeyRing(k1);
    expect(single.current).toBe(1);
  });

  it("masks keys for display", () => {
    expect(maskSecret("sk-proj-1234567890abcd")).toBe("sk-…abcd");
    expect(maskSecret("short")).toBe("…");
  });
});
