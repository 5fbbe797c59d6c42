import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { aiIntegrations, aiModels, auditLogs } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { IntegrationModel } from "./integrations";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

describeEachEngine("integrations", ({ db }) => {
  beforeAll(async () => {
    await seedCatalog(db());
  });

  it("stores the key encrypted, shows only a mask, and audits without the secret", async () => {
    const u = await makeUser(db());
    const view = await new IntegrationModel(db(), u.actor).create(
      { provider: "openai", name: "My OpenAI", apiKey: "sk-proj-supersecret-9876" },
      { shared: false },
      ctx,
    );
    expect(view).toMatchObject({
      keyHint: "sk-…9876",
      status: "disconnected",
      shared: false,
      ownedByMe: true,
    });
    expect(JSON.stringify(view)).not.toContain("supersecret");
    const [row] = await db().select().from(aiIntegrations).where(eq(aiIntegrations.id, view.id));
    expect(row?.credentialsEncrypted).toMatch(/^v\d+\./);
    expect(row?.credentialsEncrypted).not.toContain("supersecret");
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.entityId, view.id));
    expect(JSON.stringify(audit)).not.toContain("supersecret");
    expect(audit.map((a) => a.action)).toContain("created");
  });

  it("validates input with messages naming the field", async () => {
    const u = await makeUser(db());
    const m = new IntegrationModel(db(), u.actor);
    await expect(m.create({ provider: "openai", name: "x" }, { shared: false }, ctx)).rejects.toMatchObject({
      field: "apiKey",
    });
    await expect(
      m.create({ provider: "openai-compatible", name: "x" }, { shared: false }, ctx),
    ).rejects.toMatchObject({ field: "baseUrl" });
    await expect(
      m.create({ provider: "openai-compatible", name: "x", baseUrl: "ftp://x" }, { shared: false }, ctx),
    ).rejects.toMatchObject({ field: "baseUrl" });
    await expect(m.create({ provider: "nope", name: "x" }, { shared: false }, ctx)).rejects.toMatchObject({
      field: "provider",
    });
    await expect(
      m.create({ provider: "openai", name: "", apiKey: "sk-1" }, { shared: false }, ctx),
    ).rejects.toMatchObject({ field: "name" });
  });

  it("only admins create shared integrations; everyone may use them; nobody sees another's own", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const alice = await makeUser(db());
    const bob = await makeUser(db());
    await expect(
      new IntegrationModel(db(), alice.actor).create(
        { provider: "openai", name: "s", apiKey: "sk-123456789" },
        { shared: true },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    const shared = await new IntegrationModel(db(), admin.actor).create(
      { provider: "openai", name: "Team", apiKey: "sk-team-123456" },
      { shared: true },
      ctx,
    );
    const own = await new IntegrationModel(db(), alice.actor).create(
      { provider: "openai", name: "Alice", apiKey: "sk-alice-123456" },
      { shared: false },
      ctx,
    );
    const bobs = await new IntegrationModel(db(), bob.actor).list("usable");
    expect(bobs.map((i) => i.id)).toContain(shared.id);
    expect(bobs.map((i) => i.id)).not.toContain(own.id);
    const bobModel = new IntegrationModel(db(), bob.actor);
    await expect(bobModel.get(own.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(bobModel.update(own.id, { name: "stolen" }, ctx)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(bobModel.remove(own.id, ctx)).rejects.toMatchObject({ code: "not_found" });
    await expect(bobModel.test(own.id, ctx)).rejects.toMatchObject({ code: "not_found" });
    // Users can use but not change a shared integration.
    await expect(bobModel.update(shared.id, { name: "mine now" }, ctx)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("test connection lists the endpoint's models and records connected", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const m = new IntegrationModel(db(), admin.actor);
    const i = await m.create(
      { provider: "openai-compatible", name: "Mock", apiKey: "sk-test-1", baseUrl: `${mock.url}/v1` },
      { shared: true },
      ctx,
    );
    const result = await m.test(i.id, ctx);
    expect(result).toEqual({
      ok: true,
      models: ["mock-claude", "mock-embed", "mock-fast", "mock-gpt", "mock-slow"],
    });
    const after = await m.get(i.id);
    expect(after.status).toBe("connected");
    expect(after.lastSyncAt).not.toBeNull();
    expect(await m.addModels(i.id, { models: ["mock-gpt", "mock-embed"] }, ctx)).toBe(2);
    expect(await m.addModels(i.id, { models: ["mock-gpt"] }, ctx)).toBe(0);
    const rows = await db().select().from(aiModels).where(eq(aiModels.integrationId, i.id));
    expect(rows.map((r) => [r.name, r.type, r.isCustom])).toEqual(
      expect.arrayContaining([
        ["mock-gpt", "chat", true],
        ["mock-embed", "embedding", true],
      ]),
    );
  });

  it("a wrong key records status error with a readable message", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const m = new IntegrationModel(db(), admin.actor);
    const i = await m.create(
      { provider: "openai-compatible", name: "Bad", apiKey: "sk-wrong-key", baseUrl: `${mock.url}/v1` },
      { shared: true },
      ctx,
    );
    const result = await m.test(i.id, ctx);
    expect(result).toEqual({
      ok: false,
      error: "The provider rejected the API key (HTTP 401). Check the key.",
    });
    expect(await m.get(i.id)).toMatchObject({
      status: "error",
      lastError: "The provider rejected the API key (HTTP 401). Check the key.",
    });
  });

  it("an unreachable endpoint says so", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const m = new IntegrationModel(db(), admin.actor);
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const i = await m.create(
      { provider: "ollama", name: "Nothing here", baseUrl: `http://127.0.0.1:${port}/v1` },
      { shared: true },
      ctx,
    );
    const result = await m.test(i.id, ctx);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe(
      `Could not reach 127.0.0.1:${port}: the connection was refused (ECONNREFUSED).`,
    );
  });

  it("a user's own integration may not reach loopback until an admin allowlists the host", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const u = await makeUser(db());
    const m = new IntegrationModel(db(), u.actor);
    const i = await m.create(
      { provider: "openai-compatible", name: "Local", baseUrl: `${mock.url}/v1` },
      { shared: false },
      ctx,
    );
    const refused = await m.test(i.id, ctx);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(
      /will not connect to 127\.0\.0\.1:\d+: it is a loopback address/,
    );
    await setSetting(db(), admin.actor, "outboundAllowlist", [new URL(mock.url).host], ctx);
    expect((await m.test(i.id, ctx)).ok).toBe(true);
    await setSetting(db(), admin.actor, "outboundAllowlist", [], ctx);
  });

  it("replacing the key resets the status and keeps the old key out of sight", async () => {
    const u = await makeUser(db());
    const m = new IntegrationModel(db(), u.actor);
    const i = await m.create(
      { provider: "anthropic", name: "Claude", apiKey: "sk-ant-first-1111" },
      { shared: false },
      ctx,
    );
    const updated = await m.update(i.id, { apiKey: "sk-ant-second-2222" }, ctx);
    expect(updated.keyHint).toBe("sk-…2222");
    const kept = await m.update(i.id, { name: "Claude 2", apiKey: "" }, ctx);
    expect(kept).toMatchObject({ keyHint: "sk-…2222", name: "Claude 2" });
    await m.remove(i.id, ctx);
    await expect(m.get(i.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
