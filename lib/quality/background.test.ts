import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { aiModels, messages, packages, qualityAssessments } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { invalidateLimits } from "@/lib/billing/limits";
import { ConversationModel } from "@/lib/chat/conversations";
import { ChatRunner } from "@/lib/chat/turn";
import { leaderboard } from "@/lib/learning/leaderboard";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { JobQueue } from "@/lib/workflows/queue";
import { WorkflowWorker } from "@/lib/workflows/worker";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { setQualityPreferences } from "./preferences";

const verdict = {
  answers: [
    { reasoning: "ok", accuracy: 7, relevance: 7, overall: 7 },
    { reasoning: "ok", accuracy: 5, relevance: 5, overall: 5 },
  ],
  best_reasoning: "A",
  best: "A",
};
const judgeName = `judge@reply=${encodeURIComponent(JSON.stringify(verdict))}`;

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

/** "Assess every compare": a compare turn queues the judge on the durable queue; a real worker runs it. */
describeEachEngine("automatic assessment in the background", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;
  const gw = () => makeGateway(db());
  let g: ReturnType<typeof gw>;

  beforeAll(async () => {
    await seedCatalog(db());
    for (const p of await db().select().from(packages))
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, requestsPerMinute: 1000, maxModelsPerCompare: 4 } })
        .where(eq(packages.id, p.id));
    invalidateLimits(db());
    g = gw();
    queue = await JobQueue.start(database(), { supervise: false });
    worker = new WorkflowWorker(database(), queue, g.gateway, {
      concurrency: 2,
      leaseMs: 1_500,
      maintenanceSeconds: 1,
      pollMs: 100,
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await queue?.stop();
    await g?.writer.flush();
  });

  it("judges a compare once its answers are in, off by default, and the leaderboard shows the judge's mean", async () => {
    const user = await makeUser(db(), { role: "admin" });
    const { modelIds } = await mockIntegration(db(), user.actor, mock.url, {
      models: ["bg-a@reply=one", "bg-b@reply=two"],
    });
    const [base] = await db().select().from(aiModels).where(eq(aiModels.id, modelIds["bg-a@reply=one"]!));
    const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = base!;
    const [judge] = await db()
      .insert(aiModels)
      .values({ ...rest, name: judgeName, displayName: "BG judge" })
      .returning();
    const conv = await new ConversationModel(db(), user.id).create({ mode: "multi" });
    const compare = async (content: string) => {
      const job = await new ChatRunner(db(), g.gateway, user.actor).send({
        action: "send",
        conversationId: conv.id,
        parentId: null,
        content,
        targets: Object.values(modelIds).map((modelId) => ({ modelId, integrationId: null })),
      });
      await job(() => {}, new AbortController().signal);
      const rows = await db().select().from(messages).where(eq(messages.conversationId, conv.id));
      return rows.filter(
        (m) => m.role === "assistant" && m.parentId === rows.find((r) => r.content === content)?.id,
      );
    };
    const judged = async (ids: string[]) =>
      (await db().select().from(qualityAssessments)).filter((q) => ids.includes(q.messageId));

    // Off by default: nothing is judged.
    const first = await compare("first question");
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await judged(first.map((m) => m.id))).toEqual([]);

    await setQualityPreferences(db(), user.actor, { judgeModelId: judge!.id, autoAssessCompare: true }, ctx);
    const second = await compare("second question");
    await expect
      .poll(async () => (await judged(second.map((m) => m.id))).length, { timeout: 20_000, interval: 200 })
      .toBe(2);
    const rows = await judged(second.map((m) => m.id));
    expect(rows.every((r) => r.assessorType === "model" && r.assessorModel === judgeName)).toBe(true);
    // Position-swapped: 7 then 5 for one answer, 5 then 7 for the other; the orders disagree → a tie.
    expect(rows.map((r) => r.overallScore)).toEqual([6, 6]);
    expect(rows[0]?.criteria).toMatchObject({ pairwise: { tie: true } });

    const board = await leaderboard(
      db(),
      { kind: "user", userId: user.id },
      { period: "all", category: null },
    );
    expect(board.models.map((m) => [m.judgeN, m.judgeMean])).toEqual([
      [1, 6],
      [1, 6],
    ]);
  }, 40_000);
});
