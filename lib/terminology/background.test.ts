import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { aiUsageLogs, terminologyEntries, users, workflowStepRuns } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { until } from "@/lib/testing/until";
import { JobQueue } from "@/lib/workflows/queue";
import { WorkflowRunsModel } from "@/lib/workflows/runs";
import { WorkflowModel } from "@/lib/workflows/store";
import { WorkflowWorker } from "@/lib/workflows/worker";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { TerminologyModel } from "./store";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

/** The terminology work that runs on the durable queue, done by a real worker. */
describeEachEngine("terminology in the background and in workflows", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;
  let models: Record<string, string>;

  beforeAll(async () => {
    await seedCatalog(db());
    const admin = await makeUser(db(), { role: "admin" });
    ({ modelIds: models } = await mockIntegration(db(), admin.actor, mock.url, {
      models: ["mock-embed", "mock-gpt@reply=The%20colour%20is%20blue."],
    }));
    queue = await JobQueue.start(database(), { supervise: false });
    worker = new WorkflowWorker(database(), queue, makeGateway(db()).gateway, {
      concurrency: 4,
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

  it("embeds new entries through the queue with the user's embedding model, metered as embedding calls", async () => {
    const u = await makeUser(db());
    await db()
      .update(users)
      .set({ preferences: { embeddingModelId: models["mock-embed"] } })
      .where(eq(users.id, u.id));
    const dict = new TerminologyModel(db(), u.actor);
    for (const term of ["Invoice", "Ledger", "Refund"])
      await dict.create({ term, definition: `${term} in billing` }, ctx);
    const rows = await until(
      () => db().select().from(terminologyEntries).where(eq(terminologyEntries.userId, u.id)),
      (rs) => rs.length === 3 && rs.every((r) => r.embedding !== null),
    );
    expect(new Set(rows.map((r) => r.embeddingModel))).toEqual(new Set([models["mock-embed"]]));
    expect(rows[0]?.embedding?.length).toBe(16);
    const usage = await until(
      () => db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, u.id)),
      (rs) => rs.length > 0,
    );
    expect(usage.every((r) => r.requestType === "embedding")).toBe(true);
  });

  it("a workflow model step with terminology on gets the terms and records the check", async () => {
    const u = await makeUser(db());
    await new TerminologyModel(db(), u.actor).create(
      { term: "color", definition: "US spelling", forbiddenVariants: ["colour"] },
      ctx,
    );
    mock.reset();
    const wf = await new WorkflowModel(db(), u.actor).create(
      {
        name: "terms",
        definition: {
          inputSchema: [{ name: "q", type: "string", required: true }],
          steps: [
            {
              id: "ask",
              type: "model",
              config: {
                model: "openai-compatible/mock-gpt@reply=The%20colour%20is%20blue.",
                prompt: "What color is the sky? {{input.q}}",
                terminology: true,
              },
            },
          ],
          edges: [],
        },
      },
      ctx,
    );
    const runs = new WorkflowRunsModel(db(), u.actor, queue);
    const { run } = await runs.start(wf.id, { q: "today" }, { trigger: "manual" });
    await until(
      () => runs.run(run.id),
      (r) => r.status === "success" || r.status === "failed",
    );
    const call = mock.requests().find((r) => r.path === "/v1/chat/completions");
    expect(call?.system).toContain("- color: US spelling");
    const [step] = await db().select().from(workflowStepRuns).where(eq(workflowStepRuns.runId, run.id));
    const detail = step?.detail as { terms?: { check: { items: { status: string }[] } } };
    expect(detail.terms?.check.items.map((i) => i.status)).toEqual(["forbidden_used"]);
  });
});
