import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { aiModels, conversations, learningPatterns, messages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { FeedbackModel } from "@/lib/chat/feedback";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { makeGateway } from "@/lib/testing/gateway";
import { JobQueue } from "@/lib/workflows/queue";
import { WorkflowWorker } from "@/lib/workflows/worker";

/** A vote or a score asks for the `learn` task; a real worker on the durable queue derives the patterns. */
describeEachEngine("learning on the durable queue", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;

  beforeAll(async () => {
    await seedCatalog(db());
    queue = await JobQueue.start(database(), { supervise: false });
    worker = new WorkflowWorker(database(), queue, makeGateway(db()).gateway, {
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
  });

  it("a best-answer vote and a score are learned in the background", async () => {
    const user = await makeUser(db());
    const [m1, m2] = await db().select().from(aiModels).where(eq(aiModels.type, "chat")).limit(2);
    const [c] = await db().insert(conversations).values({ userId: user.id, mode: "multi" }).returning();
    const [prompt] = await db()
      .insert(messages)
      .values({ conversationId: c!.id, userId: user.id, role: "user", content: "hi" })
      .returning();
    const turnId = randomUUID();
    const answers = await db()
      .insert(messages)
      .values(
        [m1!, m2!].map((m) => ({
          conversationId: c!.id,
          userId: user.id,
          parentId: prompt!.id,
          turnId,
          role: "assistant" as const,
          content: `from ${m.name}`,
          modelId: m.id,
          modelName: m.name,
          cost: "0.001",
        })),
      )
      .returning();
    const feedback = new FeedbackModel(db(), user.id);
    await feedback.vote(answers[0]!.id);
    await feedback.score(answers[1]!.id, { overall: 6 });
    await expect
      .poll(
        async () =>
          (await db().select().from(learningPatterns).where(eq(learningPatterns.userId, user.id)))
            .map((p) => `${p.patternKey}=${p.confidence}/${p.occurrences}`)
            .sort(),
        { timeout: 20_000, interval: 250 },
      )
      .toEqual([`general:${m1!.id}=0.2065/1`, `general:${m2!.id}=0/2`].sort());
  }, 30_000);
});
