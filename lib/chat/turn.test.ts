import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiUsageLogs, conversations, messages, packages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { invalidateLimits } from "@/lib/billing/limits";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { ConversationModel } from "./conversations";
import { ChatRunner, type TurnEvent } from "./turn";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

describeEachEngine("chat turns", ({ db }) => {
  let models: Record<string, string>;
  let owner: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    await seedCatalog(db());
    // Compare width is a plan limit; these tests compare up to 3 models.
    for (const p of await db().select().from(packages)) {
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, maxModelsPerCompare: 8, requestsPerMinute: 1000 } })
        .where(eq(packages.id, p.id));
    }
    invalidateLimits(db());
    owner = await makeUser(db(), { role: "admin" });
    ({ modelIds: models } = await mockIntegration(db(), owner.actor, mock.url, {
      models: [
        "slow-a@ttft=1000,tokens=5",
        "slow-b@ttft=1000,tokens=5",
        "slow-c@ttft=1000,tokens=5",
        "broken@fail=500",
        "chatty@tps=20,tokens=200",
        "quick@reply=fine%20thanks",
      ],
      pricing: { input: 1, output: 2 },
    }));
  });
  beforeEach(() => mock.reset());

  async function run(
    actorUser: Awaited<ReturnType<typeof makeUser>>,
    input: Record<string, unknown>,
    signal = new AbortController().signal,
  ) {
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const runner = new ChatRunner(db(), gateway, actorUser.actor);
    const events: TurnEvent[] = [];
    const job =
      input.action === "fuse"
        ? await runner.fuse(input)
        : input.action === "regenerate"
          ? await runner.regenerate(input)
          : await runner.send(input);
    await job((e) => events.push(e), signal);
    await gateway.flush();
    return events;
  }

  const target = (name: string) => ({ modelId: models[name]!, integrationId: null });

  it("saves the user message first, streams three models concurrently, and saves each answer", async () => {
    const u = await makeUser(db());
    const conv = await new ConversationModel(db(), u.id).create({ mode: "multi" });
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const job = await new ChatRunner(db(), gateway, u.actor).send({
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "Compare yourselves",
      targets: ["slow-a@ttft=1000,tokens=5", "slow-b@ttft=1000,tokens=5", "slow-c@ttft=1000,tokens=5"].map(
        target,
      ),
    });
    const events: TurnEvent[] = [];
    const started = Date.now();
    let allDoneAt = 0;
    await job((e) => {
      events.push(e);
      if (e.type === "done" && events.filter((x) => x.type === "done").length === 3) allDoneAt = Date.now();
    }, new AbortController().signal);
    await gateway.flush();
    // Three models with a 1 s first-token delay each complete together, in under 1.6 s of wall time.
    expect(allDoneAt - started).toBeLessThan(1_600);
    expect(events.filter((e) => e.type === "done")).toHaveLength(3);
    expect(events[0]?.type).toBe("user");
    const rows = await db().select().from(messages).where(eq(messages.conversationId, conv.id));
    const answers = rows.filter((m) => m.role === "assistant");
    expect(answers).toHaveLength(3);
    expect(new Set(answers.map((a) => a.turnId)).size).toBe(1);
    for (const a of answers) {
      expect(a).toMatchObject({ status: "complete", tokensOut: 5 });
      expect(a.ttftMs).toBeGreaterThanOrEqual(950);
      expect(a.ttftMs).toBeLessThan(1_500);
      expect(Number(a.cost)).toBeGreaterThan(0);
    }
    const [c] = await db().select().from(conversations).where(eq(conversations.id, conv.id));
    expect(c?.mode).toBe("multi");
    expect(c?.title).toBeTruthy();
    expect(Number(c?.totalCost)).toBeGreaterThan(0);
  });

  it("a failing model leaves the others complete and its own answer in error with a usage row", async () => {
    const u = await makeUser(db());
    const conv = await new ConversationModel(db(), u.id).create({});
    await run(u, {
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "hello",
      targets: [target("quick@reply=fine%20thanks"), target("broken@fail=500")],
    });
    const answers = (await db().select().from(messages).where(eq(messages.conversationId, conv.id))).filter(
      (m) => m.role === "assistant",
    );
    const ok = answers.find((a) => a.modelName === "quick@reply=fine%20thanks");
    const bad = answers.find((a) => a.modelName === "broken@fail=500");
    expect(ok).toMatchObject({ status: "complete", content: "fine thanks" });
    expect(bad).toMatchObject({ status: "error" });
    expect(bad?.errorMessage).toMatch(/HTTP 500/);
    const logs = await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.messageId, bad!.id));
    expect(logs).toHaveLength(1);
    expect(logs[0]?.status).toBe("error");
  });

  it("an abort saves the partial text with status aborted", async () => {
    const u = await makeUser(db());
    const conv = await new ConversationModel(db(), u.id).create({});
    const abort = new AbortController();
    const { gateway } = makeGateway(db());
    const job = await new ChatRunner(db(), gateway, u.actor).send({
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "talk",
      targets: [target("chatty@tps=20,tokens=200")],
    });
    let deltas = 0;
    await job((e) => {
      if (e.type === "delta" && ++deltas === 4) abort.abort();
    }, abort.signal);
    const [answer] = (await db().select().from(messages).where(eq(messages.conversationId, conv.id))).filter(
      (m) => m.role === "assistant",
    );
    expect(answer?.status).toBe("aborted");
    expect(answer?.content.split(" ").filter(Boolean).length).toBeGreaterThanOrEqual(4);
    expect(answer?.content.split(" ").filter(Boolean).length).toBeLessThan(200);
    await expect
      .poll(() => mock.requests().find((r) => r.model?.startsWith("chatty"))?.clientClosed)
      .toBe(true);
  });

  it("continues a branch with each model's own history, regenerates, edits into a sibling, and fuses", async () => {
    const u = await makeUser(db());
    const conv = await new ConversationModel(db(), u.id).create({});
    const first = await run(u, {
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "first question",
      targets: [target("quick@reply=fine%20thanks")],
    });
    const userMsg = first.find((e) => e.type === "user");
    const answer = first.find((e) => e.type === "start");
    if (userMsg?.type !== "user" || answer?.type !== "start") throw new Error("missing events");
    await run(u, {
      action: "send",
      conversationId: conv.id,
      parentId: answer.messageId,
      content: "second question",
      targets: [target("quick@reply=fine%20thanks")],
    });
    await run(u, {
      action: "regenerate",
      conversationId: conv.id,
      userMessageId: userMsg.message.id,
      targets: [target("quick@reply=fine%20thanks")],
    });
    await run(u, {
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "first question, edited",
      targets: [target("quick@reply=fine%20thanks")],
    });
    const all = await new ConversationModel(db(), u.id).messages(conv.id);
    const roots = all.filter((m) => m.parentId === null);
    expect(roots.map((r) => r.content)).toEqual(["first question", "first question, edited"]);
    const turnsOfFirst = new Set(all.filter((m) => m.parentId === userMsg.message.id).map((m) => m.turnId));
    expect(turnsOfFirst.size).toBe(2);

    const compare = await run(u, {
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "fuse me",
      targets: [target("quick@reply=fine%20thanks"), target("slow-a@ttft=1000,tokens=5")],
    });
    const turnId = compare.find((e) => e.type === "start" && e.kind === "answer");
    if (turnId?.type !== "start") throw new Error("no turn");
    const fused = await run(u, {
      action: "fuse",
      conversationId: conv.id,
      turnId: turnId.turnId,
      fuserModelId: models["quick@reply=fine%20thanks"],
      fuserIntegrationId: null,
    });
    expect(fused.find((e) => e.type === "start")).toMatchObject({ kind: "fused", turnId: turnId.turnId });
    const fusedRow = (await new ConversationModel(db(), u.id).messages(conv.id)).find(
      (m) => m.kind === "fused",
    );
    expect(fusedRow).toMatchObject({ status: "complete", turnId: turnId.turnId, role: "assistant" });
  });

  it("refuses a compare wider than the plan, before saving anything", async () => {
    const u = await makeUser(db());
    const conv = await new ConversationModel(db(), u.id).create({});
    const [free] = await db().select().from(packages).where(eq(packages.slug, "free"));
    await db()
      .update(packages)
      .set({ limits: { ...free!.limits, maxModelsPerCompare: 2 } })
      .where(eq(packages.slug, "free"));
    invalidateLimits(db());
    const { gateway } = makeGateway(db());
    await expect(
      new ChatRunner(db(), gateway, u.actor).send({
        action: "send",
        conversationId: conv.id,
        parentId: null,
        content: "x",
        targets: ["slow-a@ttft=1000,tokens=5", "slow-b@ttft=1000,tokens=5", "slow-c@ttft=1000,tokens=5"].map(
          target,
        ),
      }),
    ).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/compares up to 2 models/) });
    expect(await db().select().from(messages).where(eq(messages.conversationId, conv.id))).toHaveLength(0);
    await db()
      .update(packages)
      .set({ limits: { ...free!.limits, maxModelsPerCompare: 8 } })
      .where(eq(packages.slug, "free"));
    invalidateLimits(db());
  });

  it("another user can neither read nor continue someone's conversation", async () => {
    const alice = await makeUser(db());
    const bob = await makeUser(db());
    const conv = await new ConversationModel(db(), alice.id).create({ title: "private" });
    await expect(new ConversationModel(db(), bob.id).get(conv.id)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(new ConversationModel(db(), bob.id).messages(conv.id)).rejects.toMatchObject({
      code: "not_found",
    });
    const { gateway } = makeGateway(db());
    await expect(
      new ChatRunner(db(), gateway, bob.actor).send({
        action: "send",
        conversationId: conv.id,
        parentId: null,
        content: "x",
        targets: [target("quick@reply=fine%20thanks")],
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await new ConversationModel(db(), bob.id).list()).map((c) => c.id)).not.toContain(conv.id);
    await expect(
      new ConversationModel(db(), bob.id).share(conv.id, { ip: null, userAgent: null }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("searches titles and message text, and soft-deletes with undo", async () => {
    const u = await makeUser(db());
    const model = new ConversationModel(db(), u.id);
    const conv = await model.create({ title: "Holiday planning" });
    await run(u, {
      action: "send",
      conversationId: conv.id,
      parentId: null,
      content: "What about the zeppelin museum?",
      targets: [target("quick@reply=fine%20thanks")],
    });
    expect((await model.list({ q: "holi" })).map((c) => c.id)).toEqual([conv.id]);
    const byMessage = await model.list({ q: "zeppel" });
    expect(byMessage.map((c) => c.id)).toEqual([conv.id]);
    expect(byMessage[0]?.snippet).toMatch(/zeppelin/);
    await model.softDelete(conv.id);
    expect(await model.list()).toHaveLength(0);
    await model.restore(conv.id);
    expect((await model.list()).map((c) => c.id)).toEqual([conv.id]);
  });
});
