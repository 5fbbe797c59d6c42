import { createServer } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiIntegrations, auditLogs } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { getSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { collect, makeGateway } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { firstRunState, setDefaultChatModels } from "./first-run";
import { connectLocalServer, detectLocalServers, type LocalServer, localServers } from "./local-providers";

let mock: MockLlm;
let closedPort: number;
beforeAll(async () => {
  mock = await startMockLlm();
  // A port nothing listens on: bind one, note it, let it go.
  closedPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
});
afterAll(async () => {
  await mock.close();
});

/** The default list, pointed at the mock server (Ollama) and at a closed port (LM Studio). */
function servers(lmStudioUrl = `http://127.0.0.1:${closedPort}`): LocalServer[] {
  return localServers({ PRISM_OLLAMA_URL: mock.url, PRISM_LMSTUDIO_URL: lmStudioUrl });
}

it("probes the usual addresses unless the environment moves them", () => {
  expect(localServers({}).map((s) => [s.kind, s.provider, `${s.url}${s.listPath}`])).toEqual([
    ["ollama", "ollama", "http://127.0.0.1:11434/api/tags"],
    ["lmstudio", "openai-compatible", "http://127.0.0.1:1234/v1/models"],
  ]);
});

describeEachEngine("local model servers in the first-run guide", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    await seedCatalog(db());
    admin = await makeUser(db(), { role: "admin" });
  });
  beforeEach(() => mock.reset());

  it("detects Ollama by /api/tags and LM Studio by /v1/models, and nothing on a closed port, quickly", async () => {
    const started = Date.now();
    const [ollama, lmstudio] = await detectLocalServers(db(), admin.actor, servers());
    expect(ollama).toMatchObject({
      kind: "ollama",
      found: true,
      baseUrl: `${mock.url}/v1`,
      models: ["mock-claude", "mock-fast", "mock-gpt", "mock-slow"],
      integrationId: null,
    });
    expect(lmstudio).toMatchObject({ kind: "lmstudio", found: false, models: [] });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(mock.requests().map((r) => r.path)).toEqual(["/api/tags"]);

    const [, both] = await detectLocalServers(db(), admin.actor, servers(mock.url));
    expect(both).toMatchObject({ kind: "lmstudio", found: true });
    expect(both?.models).toContain("mock-embed");
  });

  it("gives up on a server that accepts the connection but never answers", async () => {
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const port = await new Promise<number>((resolve) =>
      silent.listen(0, "127.0.0.1", () => resolve((silent.address() as { port: number }).port)),
    );
    try {
      const started = Date.now();
      const [ollama] = await detectLocalServers(
        db(),
        admin.actor,
        servers().map((s) => ({ ...s, url: `http://127.0.0.1:${port}` })),
        200,
      );
      expect(ollama?.found).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it("refuses people who are not administrators", async () => {
    const u = await makeUser(db());
    await expect(detectLocalServers(db(), u.actor, servers())).rejects.toMatchObject({ code: "forbidden" });
    await expect(connectLocalServer(db(), u.actor, { kind: "ollama" }, ctx, servers())).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
  });

  it("one click connects Ollama as a shared integration with its models, which then answer", async () => {
    expect((await firstRunState(db(), admin.actor)).models).toHaveLength(0);
    const result = await connectLocalServer(db(), admin.actor, { kind: "ollama" }, ctx, servers());
    expect(result.created).toBe(true);
    expect(result.integration).toMatchObject({
      provider: "ollama",
      shared: true,
      status: "connected",
      baseUrl: `${mock.url}/v1`,
      name: "Ollama (local)",
    });
    expect(result.models.map((m) => m.name)).toEqual(["mock-claude", "mock-fast", "mock-gpt", "mock-slow"]);
    const audit = await db()
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.entityType, "ai_integration"), eq(auditLogs.entityId, result.integration.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["connection_tested", "created", "models_added"]);

    // Again: the same integration, no duplicate; the probe now says it is connected.
    const again = await connectLocalServer(db(), admin.actor, { kind: "ollama" }, ctx, servers());
    expect(again).toMatchObject({ created: false, integration: { id: result.integration.id } });
    const rows = await db().select().from(aiIntegrations).where(eq(aiIntegrations.platform, "ollama"));
    expect(rows).toHaveLength(1);
    const [ollama] = await detectLocalServers(db(), admin.actor, servers());
    expect(ollama?.integrationId).toBe(result.integration.id);

    // A model from it answers through the gateway (any user: it is shared).
    const u = await makeUser(db());
    const fast = result.models.find((m) => m.name === "mock-fast")!;
    const { gateway } = makeGateway(db());
    const stream = await gateway.stream({
      actor: u.actor,
      modelId: fast.id,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(await collect(stream)).toMatch(/\S/);
    expect((await stream.outcome).status).toBe("success");

    // Defaults: chosen from what is usable, persisted, audited; a bad id is refused with a clear message.
    const state = await firstRunState(db(), admin.actor);
    expect(state.models.map((m) => m.displayName)).toContain("mock-fast");
    const gpt = result.models.find((m) => m.name === "mock-gpt")!;
    expect(await setDefaultChatModels(db(), admin.actor, { modelIds: [fast.id, gpt.id] }, ctx)).toEqual([
      fast.id,
      gpt.id,
    ]);
    expect(await getSetting(db(), "defaultChatModels")).toEqual([fast.id, gpt.id]);
    expect((await firstRunState(db(), admin.actor)).defaults).toEqual([fast.id, gpt.id]);
    await expect(
      setDefaultChatModels(db(), admin.actor, { modelIds: [crypto.randomUUID()] }, ctx),
    ).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/not available/) });
    await expect(setDefaultChatModels(db(), admin.actor, { modelIds: [] }, ctx)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(setDefaultChatModels(db(), u.actor, { modelIds: [fast.id] }, ctx)).rejects.toMatchObject({
      code: "forbidden",
    });
    const settingAudit = await db()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.entityType, "app_setting"), eq(auditLogs.entityId, "defaultChatModels")));
    expect(settingAudit).toHaveLength(1);
  });

  it("says what to do when the server is not running", async () => {
    await expect(
      connectLocalServer(db(), admin.actor, { kind: "lmstudio" }, ctx, servers()),
    ).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/^No LM Studio answered at http:\/\/127\.0\.0\.1:\d+\. Start it/),
    });
    await expect(
      connectLocalServer(db(), admin.actor, { kind: "nope" }, ctx, servers()),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});
