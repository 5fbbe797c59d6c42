import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { apiKeys, users } from "@/db/schema";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { ApiKeyModel, authenticateApiKey, hashApiKey, requireScope } from "./keys";

describeEachEngine("API keys", ({ db }) => {
  it("shows the secret once, stores only its hash, and authenticates with it", async () => {
    const u = await makeUser(db());
    const { secret, key } = await new ApiKeyModel(db(), u.actor).create(
      { name: "CI", scopes: ["chat"] },
      ctx,
    );
    expect(secret).toMatch(/^prism_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(secret.slice(0, 14));
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row?.keyHash).toBe(hashApiKey(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const principal = await authenticateApiKey(db(), `Bearer ${secret}`);
    expect(principal.actor.id).toBe(u.id);
    expect(() => requireScope(principal, "chat")).not.toThrow();
    expect(() => requireScope(principal, "usage:read")).toThrow(/lacks the "usage:read" scope/);
  });

  it("refuses unknown, malformed, revoked and expired keys and suspended users with 401", async () => {
    const u = await makeUser(db());
    const keys = new ApiKeyModel(db(), u.actor);
    await expect(authenticateApiKey(db(), null)).rejects.toMatchObject({ status: 401 });
    await expect(authenticateApiKey(db(), "Bearer sk-not-ours")).rejects.toMatchObject({ status: 401 });
    await expect(authenticateApiKey(db(), "Bearer prism_unknown")).rejects.toMatchObject({ status: 401 });

    const revoked = await keys.create({ name: "r" }, ctx);
    await keys.revoke(revoked.key.id, ctx);
    await expect(authenticateApiKey(db(), `Bearer ${revoked.secret}`)).rejects.toMatchObject({ status: 401 });

    const expiring = await keys.create(
      { name: "e", expiresAt: new Date(Date.now() + 60_000).toISOString() },
      ctx,
    );
    await db()
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiKeys.id, expiring.key.id));
    await expect(authenticateApiKey(db(), `Bearer ${expiring.secret}`)).rejects.toMatchObject({
      status: 401,
    });

    const live = await keys.create({ name: "l" }, ctx);
    await db().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, u.id));
    await expect(authenticateApiKey(db(), `Bearer ${live.secret}`)).rejects.toMatchObject({ status: 401 });
  });

  it("a user can neither list nor revoke another user's keys", async () => {
    const a = await makeUser(db());
    const b = await makeUser(db());
    const { key } = await new ApiKeyModel(db(), a.actor).create({ name: "mine" }, ctx);
    expect(await new ApiKeyModel(db(), b.actor).list()).toEqual([]);
    await expect(new ApiKeyModel(db(), b.actor).revoke(key.id, ctx)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("validates input naming the field", async () => {
    const u = await makeUser(db());
    const keys = new ApiKeyModel(db(), u.actor);
    await expect(keys.create({ name: "" }, ctx)).rejects.toMatchObject({ field: "name" });
    await expect(keys.create({ name: "x", scopes: ["admin"] }, ctx)).rejects.toMatchObject({
      field: "scopes.0",
    });
    await expect(keys.create({ name: "x", expiresAt: "2000-01-01" }, ctx)).rejects.toMatchObject({
      field: "expiresAt",
    });
  });
});
