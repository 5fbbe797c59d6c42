import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLogs, userSessions } from "@/db/schema";
import type { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { authenticate, isFirstUser, LoginError, registerUser } from "./accounts";
import { SessionModel, validateSession } from "./sessions";

describeEachEngine("accounts", ({ db }) => {
  it("makes the first account admin and later ones users", async () => {
    expect(await isFirstUser(db())).toBe(true);
    const first = await registerUser(
      db(),
      { name: "Ada", email: "Ada@Example.test", password: TEST_PASSWORD },
      ctx,
    );
    const second = await registerUser(
      db(),
      { name: "Bob", email: "bob@example.test", password: TEST_PASSWORD },
      ctx,
    );
    expect(first.role).toBe("admin");
    expect(first.email).toBe("ada@example.test");
    expect(second.role).toBe("user");
    expect(await isFirstUser(db())).toBe(false);
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, second.id));
    expect(audit.map((a) => a.action)).toContain("registered");
    expect(audit[0]?.ipAddress).toBe(ctx.ip);
  });

  it("refuses a taken email (any case) with a clear message on the email field", async () => {
    await expect(
      registerUser(db(), { name: "Ada 2", email: "ADA@example.test", password: TEST_PASSWORD }, ctx),
    ).rejects.toMatchObject({
      code: "conflict",
      field: "email",
      message: expect.stringMatching(/already exists/),
    });
  });

  it("refuses a weak password naming the field", async () => {
    await expect(
      registerUser(db(), { name: "Weak", email: "weak@example.test", password: "abc" }, ctx),
    ).rejects.toMatchObject({ code: "validation_failed", field: "password" });
  });

  it("signs in with the right password and opens a revocable session", async () => {
    const u = await makeUser(db());
    const { user, sessionId } = await authenticate(db(), { email: u.email, password: TEST_PASSWORD }, ctx);
    expect(user.id).toBe(u.id);
    expect((await validateSession(db(), sessionId))?.user.id).toBe(u.id);
    const [row] = await db().select().from(userSessions).where(eq(userSessions.id, sessionId));
    expect(row?.ipAddress).toBe("203.0.113.7");
    expect(row?.userAgent).toBe("vitest/prism");

    const sessions = new SessionModel(db(), u.id);
    expect((await sessions.listActive(sessionId)).map((s) => s.current)).toEqual([true]);
    await sessions.revoke(sessionId, ctx);
    expect(await validateSession(db(), sessionId)).toBeNull();
  });

  it("says 'wrong email or password' for both a wrong password and an unknown email", async () => {
    const u = await makeUser(db());
    for (const attempt of [
      { email: u.email, password: "not the password 1" },
      { email: "nobody@example.test", password: TEST_PASSWORD },
    ]) {
      const err = await authenticate(db(), attempt, { ip: "198.51.100.1", userAgent: null }).catch((e) => e);
      expect(err).toBeInstanceOf(LoginError);
      expect(err.reason).toBe("invalid_credentials");
      expect(err.message).toBe("Wrong email or password.");
    }
  });

  it("rate limits failed sign-ins per email, even with the right password afterwards", async () => {
    const u = await makeUser(db());
    for (let i = 0; i < 5; i++) {
      await expect(
        authenticate(db(), { email: u.email, password: `wrong-pass-${i}x` }, ctx),
      ).rejects.toMatchObject({
        reason: "invalid_credentials",
      });
    }
    const err = await authenticate(db(), { email: u.email, password: TEST_PASSWORD }, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect(err.reason).toBe("rate_limited");
    expect((err as AppError).status).toBe(429);
    expect((err as AppError).retryAfter).toBeGreaterThan(0);
  });

  it("a user cannot revoke another user's session", async () => {
    const a = await makeUser(db());
    const b = await makeUser(db());
    const { sessionId } = await authenticate(db(), { email: b.email, password: TEST_PASSWORD }, ctx);
    await expect(new SessionModel(db(), a.id).revoke(sessionId, ctx)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await validateSession(db(), sessionId)).not.toBeNull();
    expect(await new SessionModel(db(), a.id).listActive(null)).toEqual([]);
  });

  it("revokeOthers keeps the current session only", async () => {
    const u = await makeUser(db());
    const s1 = await authenticate(db(), { email: u.email, password: TEST_PASSWORD }, ctx);
    const s2 = await authenticate(db(), { email: u.email, password: TEST_PASSWORD }, ctx);
    expect(await new SessionModel(db(), u.id).revokeOthers(s2.sessionId, ctx)).toBe(1);
    expect(await validateSession(db(), s1.sessionId)).toBeNull();
    expect(await validateSession(db(), s2.sessionId)).not.toBeNull();
  });
});
