import { describe, expect, it } from "vitest";
import { hashPassword, passwordSchema, verifyPassword } from "./password";

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("tangerine-sky-91");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(hash).not.toContain("tangerine");
    expect(await verifyPassword(hash, "tangerine-sky-91")).toBe(true);
    expect(await verifyPassword(hash, "tangerine-sky-92")).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same-password-1")).not.toBe(await hashPassword("same-password-1"));
  });

  it("treats a malformed hash as a mismatch, not a crash", async () => {
    expect(await verifyPassword("not-a-hash", "whatever")).toBe(false);
  });
});

describe("password policy", () => {
  const message = (p: string) => {
    const r = passwordSchema.safeParse(p);
    return r.success ? null : r.error.issues[0]?.message;
  };

  it("explains what is wrong with a weak password", () => {
    expect(message("short1")).toBe("Use at least 10 characters.");
    expect(message("onlyletterslong")).toBe("Mix letters with numbers or symbols.");
    expect(message("aaaaaaaaa1")).toBe("Use more varied characters.");
    expect(message("Password123")).toBe("That password is too common; choose another.");
  });

  it("accepts a reasonable password", () => {
    expect(message("correct horse 42")).toBeNull();
  });
});
