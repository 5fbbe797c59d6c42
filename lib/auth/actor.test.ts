import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { assertCanAccess, requireAdmin } from "./actor";

const alice = { id: "a", role: "user" as const };
const admin = { id: "z", role: "admin" as const };

describe("authorization helper", () => {
  it("lets the owner through", () => {
    expect(() => assertCanAccess(alice, { userId: "a" })).not.toThrow();
  });

  it("refuses another user's row as not found (nothing leaked)", () => {
    try {
      assertCanAccess(alice, { userId: "b" }, { what: "That conversation" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(404);
      expect((e as AppError).message).toBe("That conversation was not found.");
    }
  });

  it("lets an admin through only with an explicit bypass", () => {
    expect(() => assertCanAccess(admin, { userId: "b" })).toThrow(AppError);
    expect(() => assertCanAccess(admin, { userId: "b" }, { adminBypass: true })).not.toThrow();
    expect(() => assertCanAccess(alice, { userId: "b" }, { adminBypass: true })).toThrow(AppError);
  });

  it("treats a missing row as not found", () => {
    expect(() => assertCanAccess(alice, undefined)).toThrow(/not found/);
  });

  it("requireAdmin refuses users with 403", () => {
    expect(() => requireAdmin(admin)).not.toThrow();
    try {
      requireAdmin(alice);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).status).toBe(403);
    }
  });
});
