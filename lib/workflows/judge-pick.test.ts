import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiUsageLogs, workflowStepRuns } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { JudgeOutputError, RUBRIC_VERSION } from "@/lib/quality/rubric";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { until } from "@/lib/testing/until";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { pickByJudge } from "./judge-pick";
import { JobQueue } from "./queue";
import { WorkflowRunsModel } from "./runs";
import { WorkflowModel } from "./store";
import { WorkflowWorker } from "./worker";

/** These runs go through a worker: give them longer than the default. */
const waitLong = <T>(fn: () => Promise<T>, ok: (v: T) => boolean) => until(fn, ok, 20_000);

const verdict = (best: string, first: number, second: number) =>
  JSON.stringify({
    answers: [
      { reasoning: "first", accuracy: first, relevance: first, overall: first },
      { reasoning: "second", accuracy: second, relevance: second, overall: second },
    ],
    best_reasoning: `${best} is better`,
    best,
  });

describe("best by judge (the rubric, both orders)", () => {
  it("takes the answer both orders pick, and never shows the judge a model name", async () => {
    const seen: string[] = [];
    // A judge that prefers the answer saying "good", wherever it is shown.
    const ask = async (p: { user: string }) => {
      seen.push(p.user);
      const goodFirst = p.user.indexOf("good") < p.user.indexOf("meh");
      return goodFirst ? verdict("A", 9, 4) : verdict("B", 4, 9);
    };
    const picked = await pickByJudge("Which?", ["meh answer", "good answer"], ask);
    expect(picked).toMatchObject({ best: 1, tie: false, reason: "B is better" });
    expect(picked.verdict).toMatchObject({
      rubricVersion: RUBRIC_VERSION,
      best: 2,
      tie: false,
      scores: [
        { answer: 1, overall: 4 },
        { answer: 2, overall: 9 },
      ],
      orders: [
        { order: [1, 2], best: 2 },
        { order: [2, 1], best: 2 },
      ],
    });
    expect(seen).toHaveLength(2);
    expect(seen.join("\n")).not.toMatch(/mock|gpt/i);
  });

  it("records a tie when the orders disagree and takes the best mean score", async () => {
    const ask = async () => verdict("A", 8, 2); // always the first shown: a position bias
    const picked = await pickByJudge("Which?", ["one", "two"], ask);
    expect(picked.tie).toBe(true);
    expect(picked.verdict).toMatchObject({ tie: true, orders: [{ best: 1 }, { best: 2 }] });
    // Both answers average 5: the first is taken.
    expect(picked.best).toBe(0);
  });

  it("refuses a reply that is not the rubric's JSON", async () => {
    await expect(pickByJudge("Which?", ["a", "b"], async () => "B, clearly")).rejects.toBeInstanceOf(
      JudgeOutputError,
    );
  });
});

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

describeEachEngine("a multi-model step picking by judge", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;
  // Catalog model names are at most 200 characters: a terse verdict, only its commas encoded.
  const terse = JSON.stringify({
    answers: [
      { reasoning: "r", accuracy: 9, relevance: 9, overall: 9 },
      { reasoning: "r", accuracy: 3, relevance: 3, overall: 3 },
    ],
    best_reasoning: "b",
    best: "B",
  });
  const JUDGE = `mock-gpt@reply=${terse.replaceAll(",", "%2C")}`;

  beforeAll(async () => {
    await seedCatalog(db());
    const admin = await makeUser(db(), { role: "admin" });
    await mockIntegration(db(), admin.actor, mock.url, {
      models: ["mock-gpt@reply=Jupiter", "mock-gpt@reply=Saturn", JUDGE, "mock-gpt@reply=not%20json"],
    });
    queue = await JobQueue.start(database(), { supervise: false });
    worker = new WorkflowWorker(database(), queue, makeGateway(db()).gateway, {
      concurrency: 2,
      leaseMs: 1_500,
      maintenanceSeconds: 1,
      pollMs: 200,
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await queue?.stop();
  });

  const run = async (judgeModel: string) => {
    const owner = await makeUser(db());
    const wf = await new WorkflowModel(db(), owner.actor).create(
      {
        name: "planets",
        definition: {
          inputSchema: [],
          steps: [
            {
              id: "ask",
              type: "multi_model",
              config: {
                models: [
                  "openai-compatible/mock-gpt@reply=Jupiter",
                  "openai-compatible/mock-gpt@reply=Saturn",
                ],
                prompt: "Largest planet?",
                strategy: "judge",
                // The bare model name (unique here) keeps the reference under 200 characters.
                judgeModel,
              },
            },
          ],
          edges: [],
        },
      },
      ctx,
    );
    const runs = new WorkflowRunsModel(db(), owner.actor, queue);
    const { run: started } = await runs.start(wf.id, {}, { trigger: "manual" });
    const done = await waitLong(
      () => runs.run(started.id),
      (r) => r.status === "success" || r.status === "failed",
    );
    const [step] = await db().select().from(workflowStepRuns).where(eq(workflowStepRuns.runId, started.id));
    return { done, step, runId: started.id };
  };

  it("judges both orders with the rubric, records the tie, and meters every call", async () => {
    mock.reset();
    const { done, step, runId } = await run(JUDGE);
    expect(done.status).toBe("success");
    // The static judge always says "B": the orders disagree, so it is a tie on equal means (6 and 6).
    expect(done.output).toMatchObject({ text: "Jupiter", tie: true });
    expect(step?.detail).toMatchObject({
      verdict: { rubricVersion: RUBRIC_VERSION, tie: true, orders: [{ best: 2 }, { best: 1 }] },
    });
    const judgeCalls = mock.requests().filter((r) => r.model === JUDGE);
    expect(judgeCalls).toHaveLength(2);
    expect(judgeCalls.map((r) => r.system ?? "").join("")).toContain("impartial judge");
    const usage = await waitLong(
      () => db().select().from(aiUsageLogs).where(eq(aiUsageLogs.workflowRunId, runId)),
      (u) => u.length === 4,
    );
    expect(usage).toHaveLength(4);
  });

  it("fails the step with a clear reason when the judge's reply is not the rubric's JSON", async () => {
    const { done, step } = await run("mock-gpt@reply=not%20json");
    expect(done.status).toBe("failed");
    expect(step?.error).toMatch(/not JSON/);
  });
});
