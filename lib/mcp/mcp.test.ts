import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { auditLogs, conversations, mcpServers, mcpUsage, messages, packages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { invalidateLimits } from "@/lib/billing/limits";
import { grantCredits } from "@/lib/billing/wallet";
import { ConversationModel } from "@/lib/chat/conversations";
import { ChatRunner, type TurnEvent } from "@/lib/chat/turn";
import { purchaseTemplate } from "@/lib/marketplace/purchases";
import { TemplateModel } from "@/lib/marketplace/templates";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { startTestMcpServer, type TestMcpServer } from "@/lib/testing/mcp-server";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { McpServerModel } from "./servers";
import type { ToolPart } from "./toolset";
import { toolStats } from "./usage";

const ctx = { ip: null, userAgent: null };
const args = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const LOOP = `mock-gpt@tool=echo|add,tool_args=${args({ text: "hi", a: 2, b: 3 })}`;
const SLOW = `mock-gpt@tool=slow,tool_args=${args({ ms: 5000 })}`;
const BIG = `mock-gpt@tool=big,tool_args=${args({ size: 50_000 })}`;
const WIPE = "mock-gpt@tool=wipe";
const FETCH = (url: string) => `mock-gpt@tool=fetch_page,tool_args=${args({ url })}`;

let mock: MockLlm;
let mcp: TestMcpServer;
beforeAll(async () => {
  mock = await startMockLlm();
  mcp = await startTestMcpServer();
});
afterAll(async () => {
  await mock.close();
  await mcp.close();
});

describeEachEngine("MCP servers and the chat tool loop", ({ db }) => {
  let models: Record<string, string>;
  let admin: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    await seedCatalog(db());
    for (const p of await db().select().from(packages)) {
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, requestsPerMinute: 1000 } })
        .where(eq(packages.id, p.id));
    }
    invalidateLimits(db());
    admin = await makeUser(db(), { role: "admin" });
    // The test server listens on loopback: users' servers may reach it only as an allowlisted host.
    await setSetting(db(), admin.actor, "outboundAllowlist", [`127.0.0.1:${mcp.port}`], ctx);
    ({ modelIds: models } = await mockIntegration(db(), admin.actor, mock.url, {
      provider: "openai",
      models: [LOOP, SLOW, BIG, WIPE, FETCH("http://169.254.169.254/latest"), "mock-gpt@reply=plain"],
      pricing: { input: 1, output: 2 },
    }));
  });
  beforeEach(() => {
    mock.reset();
    mcp.calls.length = 0;
  });

  async function serverFor(u: Awaited<ReturnType<typeof makeUser>>, url = mcp.url, name = "test") {
    const model = new McpServerModel(db(), u.actor);
    const view = await model.create(
      { transport: "http", name, url, headers: { Authorization: "Bearer secret-token" } },
      { shared: false },
      ctx,
    );
    return model.update(view.id, { enabledTools: view.tools.map((t) => t.name) }, ctx);
  }

  async function turn(
    u: Awaited<ReturnType<typeof makeUser>>,
    model: string,
    tools: { servers: string[]; builtins?: string[] },
  ) {
    const conv = await new ConversationModel(db(), u.id).create({});
    await new ConversationModel(db(), u.id).update(conv.id, { tools: { builtins: [], ...tools } });
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const events: TurnEvent[] = [];
    const job = await new ChatRunner(db(), gateway, u.actor).send({
      conversationId: conv.id,
      parentId: null,
      content: "use the tools",
      targets: [{ modelId: models[model]!, integrationId: null }],
    });
    await job((e) => events.push(e), new AbortController().signal);
    await gateway.flush();
    const [answer] = await db()
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conv.id))
      .orderBy(messages.createdAt)
      .offset(1);
    return { events, answer: answer!, conv };
  }

  it("adds a server (headers encrypted, audited), lists and caches its tools", async () => {
    const u = await makeUser(db());
    const view = await serverFor(u);
    expect(view.status).toBe("connected");
    expect(view.tools.map((t) => t.name).sort()).toEqual(["add", "big", "echo", "slow", "wipe"]);
    expect(view.tools.find((t) => t.name === "wipe")?.annotations?.destructiveHint).toBe(true);
    expect(view.headerNames).toEqual(["Authorization"]);
    const [row] = await db().select().from(mcpServers).where(eq(mcpServers.id, view.id));
    expect(row!.headersEncrypted).not.toContain("secret-token");
    expect(mcp.calls).toHaveLength(0);
    const audits = await db().select().from(auditLogs).where(eq(auditLogs.entityId, view.id));
    expect(audits.map((a) => a.action).sort()).toEqual(["created", "updated"]);
    await expect(
      new McpServerModel(db(), u.actor).create(
        { transport: "http", name: "TEST", url: mcp.url },
        { shared: false },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "conflict", field: "name" });
  });

  it("refuses private addresses for a user's server (SSRF) and says why", async () => {
    const u = await makeUser(db());
    const view = await new McpServerModel(db(), u.actor).create(
      { transport: "http", name: "meta", url: "http://169.254.169.254/mcp" },
      { shared: false },
      ctx,
    );
    expect(view.status).toBe("error");
    expect(view.lastError).toMatch(/will not connect/);
  });

  it("runs a two-step tool loop: both parts saved, headers sent, one mcp_usage row per call", async () => {
    const u = await makeUser(db());
    const server = await serverFor(u);
    const { events, answer } = await turn(u, LOOP, { servers: [server.id] });
    expect(answer.status).toBe("complete");
    expect(answer.content).toBe("Tool result: 5");
    const parts = answer.parts as ToolPart[];
    expect(parts.map((p) => [p.name, p.server, p.tool, p.state])).toEqual([
      ["test__echo", "test", "echo", "done"],
      ["test__add", "test", "add", "done"],
    ]);
    expect(parts[0]!.result).toBe("echo: hi");
    expect(parts[1]!.args).toEqual({ text: "hi", a: 2, b: 3 });
    expect(parts.every((p) => typeof p.durationMs === "number")).toBe(true);
    // Streamed as they happen: a running and a finished event per call, before the answer is done.
    const toolEvents = events.filter((e) => e.type === "tool");
    expect(toolEvents.map((e) => (e.type === "tool" ? e.part.state : ""))).toEqual([
      "running",
      "done",
      "running",
      "done",
    ]);
    expect(events.findIndex((e) => e.type === "tool")).toBeLessThan(
      events.findIndex((e) => e.type === "done"),
    );
    expect(mcp.calls.map((c) => c.tool)).toEqual(["echo", "add"]);
    expect(mcp.calls[0]!.headers.authorization).toBe("Bearer secret-token");
    const usage = await db().select().from(mcpUsage).where(eq(mcpUsage.messageId, answer.id));
    expect(usage.map((r) => [r.serverId, r.serverName, r.toolName, r.success]).sort()).toEqual([
      [server.id, "test", "add", true],
      [server.id, "test", "echo", true],
    ]);
    expect(usage.every((r) => r.latencyMs !== null && r.tokensUsed > 0)).toBe(true);
    // The usage view counts them by server and tool, for this user only.
    const stats = await toolStats(db(), u.actor, { since: new Date(Date.now() - 60_000), scope: "own" });
    expect(stats.map((s) => [s.serverName, s.toolName, s.calls, s.errors]).sort()).toEqual([
      ["test", "add", 1, 0],
      ["test", "echo", 1, 0],
    ]);
    expect(stats.every((s) => s.avgLatencyMs !== null && s.tokens > 0)).toBe(true);
    await expect(toolStats(db(), u.actor, { since: new Date(0), scope: "all" })).rejects.toMatchObject({
      code: "forbidden",
    });
    // The mock was offered the namespaced tools only.
    expect(mock.requests()[0]!.tools?.sort()).toEqual([
      "test__add",
      "test__big",
      "test__echo",
      "test__slow",
      "test__wipe",
    ]);
  });

  it("a server that is down: the turn still answers, the part shows the error", async () => {
    const u = await makeUser(db());
    const down = await startTestMcpServer();
    await setSetting(
      db(),
      admin.actor,
      "outboundAllowlist",
      [`127.0.0.1:${mcp.port}`, `127.0.0.1:${down.port}`],
      ctx,
    );
    const server = await serverFor(u, down.url, "flaky");
    await down.close();
    const { answer } = await turn(u, LOOP, { servers: [server.id] });
    expect(answer.status).toBe("complete");
    // Both calls of the loop fail on their own; the model still gets to answer.
    const parts = answer.parts as ToolPart[];
    expect(parts.map((p) => [p.name, p.state])).toEqual([
      ["flaky__echo", "error"],
      ["flaky__add", "error"],
    ]);
    expect(parts[0]!.error).toMatch(/connect/i);
    expect(answer.content).toMatch(/^Tool result: /);
    const [row] = await db().select().from(mcpServers).where(eq(mcpServers.id, server.id));
    expect(row!.status).toBe("error");
    const usage = await db().select().from(mcpUsage).where(eq(mcpUsage.messageId, answer.id));
    expect(usage.map((r) => r.success)).toEqual([false, false]);
  });

  it("stops a slow tool at the timeout", async () => {
    const u = await makeUser(db());
    const server = await serverFor(u);
    const prev = process.env.PRISM_MCP_TOOL_TIMEOUT_MS;
    process.env.PRISM_MCP_TOOL_TIMEOUT_MS = "500";
    try {
      const started = Date.now();
      const { answer } = await turn(u, SLOW, { servers: [server.id] });
      expect(Date.now() - started).toBeLessThan(4000);
      const [part] = answer.parts as ToolPart[];
      expect(part).toMatchObject({ state: "error" });
      expect(part!.error).toMatch(/^timeout:/);
      const [usage] = await db().select().from(mcpUsage).where(eq(mcpUsage.messageId, answer.id));
      expect(usage!.errorMessage).toMatch(/^timeout:/);
    } finally {
      if (prev === undefined) delete process.env.PRISM_MCP_TOOL_TIMEOUT_MS;
      else process.env.PRISM_MCP_TOOL_TIMEOUT_MS = prev;
    }
  });

  it("caps an oversized result before the model reads it", async () => {
    const u = await makeUser(db());
    const server = await serverFor(u);
    const { answer } = await turn(u, BIG, { servers: [server.id] });
    const [part] = answer.parts as ToolPart[];
    expect(part).toMatchObject({ state: "done", truncated: true });
    expect(part!.result!.length).toBeLessThan(21_000);
    expect(part!.result).toMatch(/truncated: 30000 more characters/);
    const [usage] = await db().select().from(mcpUsage).where(eq(mcpUsage.messageId, answer.id));
    expect(usage!.errorMessage).toMatch(/^truncated:/);
    expect(usage!.tokensUsed).toBeLessThan(6000);
  });

  it("refuses a destructive tool without running it", async () => {
    const u = await makeUser(db());
    const server = await serverFor(u);
    const { answer } = await turn(u, WIPE, { servers: [server.id] });
    const [part] = answer.parts as ToolPart[];
    expect(part).toMatchObject({ name: "test__wipe", state: "error" });
    expect(part!.error).toMatch(/^denied:/);
    expect(mcp.calls).toHaveLength(0);
  });

  it("another user's servers are invisible and unusable", async () => {
    const owner = await makeUser(db());
    const other = await makeUser(db());
    const server = await serverFor(owner);
    const theirs = new McpServerModel(db(), other.actor);
    expect(await theirs.list()).toEqual([]);
    await expect(theirs.get(server.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(theirs.refresh(server.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(theirs.update(server.id, { enabledTools: [] }, ctx)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(theirs.remove(server.id, ctx)).rejects.toMatchObject({ code: "not_found" });
    // Selecting the id in a conversation offers nothing and calls nothing.
    const { answer } = await turn(other, LOOP, { servers: [server.id] });
    expect(answer.parts).toEqual([]);
    expect(mcp.calls).toHaveLength(0);
    expect(mock.requests()[0]!.tools ?? []).toEqual([]);
  });

  it("a shared server is usable by everyone but changed only by admins", async () => {
    const u = await makeUser(db());
    const adminModel = new McpServerModel(db(), admin.actor);
    const created = await adminModel.create(
      { transport: "http", name: "shared-one", url: mcp.url },
      { shared: true },
      ctx,
    );
    await adminModel.update(created.id, { enabledTools: ["echo", "add"] }, ctx);
    await expect(
      new McpServerModel(db(), u.actor).create(
        { transport: "http", name: "x", url: mcp.url },
        { shared: true },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      new McpServerModel(db(), u.actor).update(created.id, { enabled: false }, ctx),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    const { answer } = await turn(u, LOOP, { servers: [created.id] });
    expect((answer.parts as ToolPart[]).map((p) => p.name)).toEqual(["shared-one__echo", "shared-one__add"]);
    await adminModel.remove(created.id, ctx);
  });

  it("stdio servers: refused unless the instance enables them, and only for admins", async () => {
    const u = await makeUser(db());
    const input = { transport: "stdio", name: "local", command: process.execPath, args: ["-e", "1"] };
    const prev = process.env.PRISM_MCP_STDIO;
    try {
      delete process.env.PRISM_MCP_STDIO;
      await expect(
        new McpServerModel(db(), admin.actor).create(input, { shared: true }, ctx),
      ).rejects.toMatchObject({
        code: "forbidden",
        field: "transport",
      });
      process.env.PRISM_MCP_STDIO = "1";
      await expect(
        new McpServerModel(db(), u.actor).create(input, { shared: false }, ctx),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(
        new McpServerModel(db(), u.actor).create(input, { shared: true }, ctx),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(
        new McpServerModel(db(), admin.actor).create(
          { ...input, command: "node -e 1; rm -rf /" },
          { shared: true },
          ctx,
        ),
      ).rejects.toMatchObject({ code: "validation_failed" });
    } finally {
      if (prev === undefined) delete process.env.PRISM_MCP_STDIO;
      else process.env.PRISM_MCP_STDIO = prev;
    }
  });

  it("built-in fetch_page keeps the SSRF rule; a plain turn keeps the fast path", async () => {
    const u = await makeUser(db());
    const { answer } = await turn(u, FETCH("http://169.254.169.254/latest"), {
      servers: [],
      builtins: ["fetch_page"],
    });
    const [part] = answer.parts as ToolPart[];
    expect(part).toMatchObject({ name: "prism__fetch_page", server: "prism", state: "error" });
    expect(part!.error).toMatch(/will not connect/);
    const [usage] = await db().select().from(mcpUsage).where(eq(mcpUsage.messageId, answer.id));
    expect(usage).toMatchObject({
      serverName: "prism",
      toolName: "fetch_page",
      success: false,
      serverId: null,
    });

    mock.reset();
    const plain = await turn(u, "mock-gpt@reply=plain", { servers: [] });
    expect(plain.answer.content).toBe("plain");
    expect(plain.answer.parts).toEqual([]);
    expect(mock.requests()[0]!.tools ?? []).toEqual([]);
    const [c] = await db().select().from(conversations).where(eq(conversations.id, plain.conv.id));
    expect(c!.metadata.tools).toEqual({ servers: [], builtins: [] });
  });

  it("a paid template's tools are offered to its buyer, and its prompt stays hidden", async () => {
    const creator = await makeUser(db());
    const buyer = await makeUser(db());
    const SECRET = "SECRET-TEMPLATE-PROMPT-77";
    const templates = new TemplateModel(db(), creator.actor);
    const t = await templates.create(
      {
        name: `Fetcher ${Date.now()}`,
        description: "Reads pages for you and answers from what they say.",
        category: "other",
        systemPrompt: SECRET,
        functions: [{ name: "prism__fetch_page", parameters: { type: "object", properties: {} } }],
      },
      ctx,
    );
    await templates.publishVersion(t.id, { changelog: "First" }, ctx);
    await templates.publishListing(t.id, { priceCredits: 5 }, ctx);
    await grantCredits(db(), admin.actor, { userId: buyer.id, amount: 10, reason: "test" }, ctx);
    await purchaseTemplate(db(), buyer.actor, { templateId: t.id, idempotencyKey: `k-${Date.now()}` }, ctx);
    const conv = await new ConversationModel(db(), buyer.id).create(
      {},
      { templateId: t.id, versionId: null },
    );
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const events: TurnEvent[] = [];
    const job = await new ChatRunner(db(), gateway, buyer.actor).send({
      conversationId: conv.id,
      parentId: null,
      content: "read the page",
      targets: [{ modelId: models[FETCH("http://169.254.169.254/latest")]!, integrationId: null }],
    });
    await job((e) => events.push(e), new AbortController().signal);
    await gateway.flush();
    expect(mock.requests()[0]!.tools).toEqual(["prism__fetch_page"]);
    expect(mock.requests()[0]!.system).toContain(SECRET);
    const part = events.find((e) => e.type === "tool");
    expect(part?.type === "tool" && part.part.name).toBe("prism__fetch_page");
    expect(JSON.stringify(events)).not.toContain(SECRET);
  });

  it("an enabled stdio server runs its fixed command with PATH as its only environment", async () => {
    const prev = process.env.PRISM_MCP_STDIO;
    process.env.PRISM_MCP_STDIO = "1";
    try {
      const servers = new McpServerModel(db(), admin.actor);
      const fixture = new URL("../testing/mcp-stdio-fixture.mjs", import.meta.url).pathname;
      const view = await servers.create(
        { transport: "stdio", name: `local-${Date.now()}`, command: process.execPath, args: [fixture] },
        { shared: true },
        ctx,
      );
      expect(view).toMatchObject({ status: "connected", shared: true, url: null });
      expect(view.tools.map((t) => t.name)).toEqual(["env_keys"]);
      await servers.update(view.id, { enabledTools: ["env_keys"] }, ctx);
      const { buildToolSet } = await import("./toolset");
      const set = await buildToolSet({
        db: db(),
        actor: admin.actor,
        gateway: null,
        selection: { servers: [view.id], builtins: [] },
        context: {},
      });
      const [name] = [...set.index.keys()];
      const out = await set.tools[name!]!.execute!({}, { toolCallId: "c1", messages: [] });
      await set.close();
      expect(JSON.parse(String(out))).toEqual(["PATH"]);
      await servers.remove(view.id, ctx);
      // Switched off again, the server is hidden and cannot be used.
      delete process.env.PRISM_MCP_STDIO;
      expect((await servers.list("shared")).some((s) => s.id === view.id)).toBe(false);
    } finally {
      if (prev === undefined) delete process.env.PRISM_MCP_STDIO;
      else process.env.PRISM_MCP_STDIO = prev;
    }
  });
});
