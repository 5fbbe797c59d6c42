import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiAgents, auditLogs, messages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { ConversationModel } from "@/lib/chat/conversations";
import { ChatRunner, type TurnEvent } from "@/lib/chat/turn";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { TestReceiver } from "@/lib/testing/receiver";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { answerOf, callAgent } from "./call";
import { mentionedHandles, withoutMention } from "./chat";
import { AgentModel } from "./store";

let receiver: TestReceiver;
let outside: TestReceiver;
let mock: MockLlm;
beforeAll(async () => {
  receiver = await TestReceiver.start();
  outside = await TestReceiver.start();
  mock = await startMockLlm();
});
afterAll(async () => {
  await receiver.close();
  await outside.close();
  await mock.close();
});
beforeEach(() => {
  // Each test (and each engine's pass) counts only its own requests.
  mock.reset();
  receiver.reset();
  outside.reset();
});

const SECRET = `whsec_${Buffer.from("a test secret of at least 24 bytes!").toString("base64")}`;
const headersOf = (h: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)])) as Record<string, string>;

it("reads the answer from output, text or answer, n8n's one-item array, or plain text", () => {
  expect(answerOf("application/json", '{"output":"a"}')).toBe("a");
  expect(answerOf("application/json", '[{"text":"b"}]')).toBe("b");
  expect(answerOf("application/json", '{"answer":{"x":1}}')).toBe('{"x":1}');
  expect(answerOf("text/plain", "plain words")).toBe("plain words");
  expect(answerOf("application/json", '{"other":1}')).toBeNull();
  expect(answerOf("text/plain", "  ")).toBeNull();
  expect(mentionedHandles("hi @Support and @ops-2, (@support) mail@example.com")).toEqual([
    "support",
    "ops-2",
  ]);
  expect(withoutMention("@support summarise this", "support")).toBe("summarise this");
});

describeEachEngine("agents", ({ db }) => {
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let stranger: Awaited<ReturnType<typeof makeUser>>;
  let model: string;

  beforeAll(async () => {
    await seedCatalog(db());
    const admin = await makeUser(db(), { role: "admin" });
    owner = await makeUser(db());
    stranger = await makeUser(db());
    ({
      modelIds: { "quick@reply=from%20the%20model": model = "" },
    } = await mockIntegration(db(), admin.actor, mock.url, { models: ["quick@reply=from%20the%20model"] }));
    // Loopback is refused for users' outbound calls unless an admin allows the host (as for http steps).
    await setSetting(db(), admin.actor, "outboundAllowlist", [receiver.host], ctx);
  });

  const register = (handle: string, url = `${receiver.url}/hook`, extra: Record<string, unknown> = {}) =>
    new AgentModel(db(), owner.actor).create(
      { name: `Agent ${handle}`, handle, webhookUrl: url, secret: SECRET, kind: "n8n", ...extra },
      ctx,
    );

  it("signs the request per Standard Webhooks, and the answer and counters come back exactly", async () => {
    const { agent } = await register("support");
    receiver.reply({ body: '{"output":"Summary: all good"}' });
    const row = await new AgentModel(db(), owner.actor).row(agent.id);
    const result = await callAgent(db(), row, { event: "agent.test", input: "ping" });
    expect(result).toMatchObject({ ok: true, text: "Summary: all good", status: 200 });
    const [req] = receiver.received;
    const payload = new Webhook(SECRET).verify(req?.body ?? "", headersOf(req?.headers ?? {})) as Record<
      string,
      unknown
    >;
    expect(payload).toMatchObject({ event: "agent.test", input: "ping", agent: { handle: "support" } });
    // A tampered body does not verify.
    expect(() => new Webhook(SECRET).verify(`${req?.body} `, headersOf(req?.headers ?? {}))).toThrow();

    // Six concurrent calls, two failing (500, then a body without an answer): counts are exact.
    receiver.reply(
      { status: 500, body: "boom" },
      { body: '{"nothing":true}' },
      ...Array.from({ length: 4 }, () => ({ body: '{"text":"ok"}' })),
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, () => callAgent(db(), row, { event: "agent.test", input: "x" })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    const after = await new AgentModel(db(), owner.actor).get(agent.id);
    expect(after.executionCount).toBe(7);
    expect(after.successCount).toBe(5);
    expect(after.lastRunAt).not.toBeNull();
  });

  it("records the failure as the last status and error", async () => {
    const { agent } = await register("failing");
    receiver.reply({ status: 503, type: "text/plain", body: "down for maintenance" });
    const result = await callAgent(db(), await new AgentModel(db(), owner.actor).row(agent.id), {
      event: "agent.test",
      input: "x",
    });
    expect(result).toMatchObject({ ok: false, retryable: true, status: 503 });
    const view = await new AgentModel(db(), owner.actor).get(agent.id);
    expect(view).toMatchObject({ executionCount: 1, successCount: 0, lastStatus: "failed" });
    expect(view.lastError).toBe(`${receiver.host} answered 503: down for maintenance`);
  });

  it("refuses a loopback URL that is not allowlisted, without sending anything", async () => {
    const { agent } = await register("private", `${outside.url}/hook`);
    const result = await callAgent(db(), await new AgentModel(db(), owner.actor).row(agent.id), {
      event: "agent.test",
      input: "x",
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(
      /will not connect to 127\.0\.0\.1:\d+: it is a loopback address/,
    );
    expect(outside.received).toHaveLength(0);
  });

  it("answers a chat message that @-mentions an agent, saved as the agent's message", async () => {
    const { agent } = await register("helper");
    receiver.reply({ type: "text/plain", body: "Here is your summary." });
    const conv = await new ConversationModel(db(), owner.id).create({ mode: "single" });
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const job = await new ChatRunner(db(), gateway, owner.actor).send({
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "@helper summarise this",
      targets: [{ modelId: model, integrationId: null }],
    });
    const events: TurnEvent[] = [];
    await job((e) => events.push(e), new AbortController().signal);
    await gateway.flush();
    const start = events.find((e) => e.type === "start");
    expect(start).toMatchObject({ modelName: "Agent helper", provider: "agent" });
    expect(events.find((e) => e.type === "done")).toMatchObject({ status: "complete", error: null });
    // The model was not asked to answer (only, perhaps, to title the conversation).
    expect(mock.requests().filter((r) => r.system?.startsWith("Write a title") !== true)).toHaveLength(0);
    const body = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(body).toMatchObject({
      event: "chat.mention",
      input: "summarise this",
      message: "@helper summarise this",
      conversationId: conv.id,
    });
    const saved = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conv.id), eq(messages.role, "assistant")));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      content: "Here is your summary.",
      status: "complete",
      modelName: "Agent helper",
      providerSlug: "agent",
      modelId: null,
    });
    expect(saved[0]?.metadata).toMatchObject({ agentId: agent.id });
  });

  it("a disabled agent or another user's handle is not mentioned: the models answer", async () => {
    await register("quiet", `${receiver.url}/hook`, { enabled: false });
    await new AgentModel(db(), stranger.actor).create(
      { name: "Theirs", handle: "theirs", webhookUrl: `${receiver.url}/hook`, secret: SECRET },
      ctx,
    );
    const conv = await new ConversationModel(db(), owner.id).create({ mode: "single" });
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    for (const content of ["@quiet hello", "@theirs hello"]) {
      const job = await new ChatRunner(db(), gateway, owner.actor).send({
        action: "send",
        conversationId: conv.id,
        parentId: null,
        content,
        targets: [{ modelId: model, integrationId: null }],
      });
      const events: TurnEvent[] = [];
      await job((e) => events.push(e), new AbortController().signal);
      expect(events.find((e) => e.type === "start")).not.toMatchObject({ provider: "agent" });
    }
    await gateway.flush();
    expect(receiver.received).toHaveLength(0);
  });

  it("validates input, generates a secret when none is given, keeps handles unique, and audits", async () => {
    const agents = new AgentModel(db(), owner.actor);
    await expect(
      agents.create({ name: "x", handle: "Bad Handle!", webhookUrl: "https://a.example" }, ctx),
    ).rejects.toMatchObject({ code: "validation_failed", field: "handle" });
    await expect(
      agents.create({ name: "x", handle: "ftp", webhookUrl: "ftp://a.example/x" }, ctx),
    ).rejects.toMatchObject({ field: "webhookUrl" });
    const { agent, secret } = await agents.create(
      { name: "Gen", handle: "gen", webhookUrl: "https://n8n.example/webhook/1" },
      ctx,
    );
    expect(secret).toMatch(/^whsec_/);
    expect(agent.secretHint).not.toContain(secret?.slice(8, 20));
    await expect(
      agents.create({ name: "Again", handle: "gen", webhookUrl: "https://n8n.example/webhook/2" }, ctx),
    ).rejects.toMatchObject({ code: "conflict", field: "handle" });
    const updated = await agents.update({ id: agent.id, enabled: false, name: "Gen 2" }, ctx);
    expect(updated).toMatchObject({ enabled: false, name: "Gen 2" });
    await agents.remove(agent.id, ctx);
    const audit = await db()
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.entityType, "ai_agent"), eq(auditLogs.entityId, agent.id)))
      .orderBy(auditLogs.createdAt);
    expect(audit.map((a) => a.action)).toEqual(["created", "updated", "deleted"]);
  });

  it("another user's agent ids are not found, and nothing of it changes", async () => {
    const { agent } = await register("mine");
    const theirs = new AgentModel(db(), stranger.actor);
    await expect(theirs.get(agent.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(theirs.update({ id: agent.id, name: "stolen" }, ctx)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(theirs.remove(agent.id, ctx)).rejects.toMatchObject({ code: "not_found" });
    expect((await theirs.list()).some((a) => a.id === agent.id)).toBe(false);
    const [row] = await db().select().from(aiAgents).where(eq(aiAgents.id, agent.id));
    expect(row?.name).toBe("Agent mine");
  });
});
