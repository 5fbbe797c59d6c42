import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { aiUsageLogs, workflowRuns, workflowStepRuns, workflows } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { until } from "@/lib/testing/until";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import type { WorkflowDefinition } from "./definition";
import { JobQueue } from "./queue";
import { WorkflowRunsModel } from "./runs";
import { WorkflowModel } from "./store";
import { WorkflowWorker } from "./worker";

let mock: MockLlm;
let echo: Server;
let echoUrl = "";
const echoed: Array<{ method?: string; headers: Record<string, unknown>; body: string }> = [];
beforeAll(async () => {
  mock = await startMockLlm();
  echo = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      echoed.push({ method: req.method, headers: req.headers, body });
      if (req.url?.startsWith("/fail")) {
        res.writeHead(503, { "content-type": "text/plain" }).end("busy");
        return;
      }
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ got: body ? JSON.parse(body) : null }));
    });
  });
  await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await mock.close();
  await new Promise((r) => echo.close(r));
});

const M = "openai-compatible/mock-gpt";

describeEachEngine("workflow runs through the durable queue", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let stranger: Awaited<ReturnType<typeof makeUser>>;
  let store: WorkflowModel;
  let runs: WorkflowRunsModel;
  const gatewayOf = () => makeGateway(db()).gateway;

  const startWorker = async () => {
    worker = new WorkflowWorker(database(), queue, gatewayOf(), {
      concurrency: 4,
      leaseMs: 1_500,
      maintenanceSeconds: 1,
      pollMs: 200,
    });
    await worker.start();
  };

  beforeAll(async () => {
    await seedCatalog(db());
    // The gateway retries a 5xx once itself (makeGateway: maxRetries 1); fail_times=2 gets past it.
    const admin = await makeUser(db(), { role: "admin" });
    owner = await makeUser(db());
    stranger = await makeUser(db());
    await mockIntegration(db(), admin.actor, mock.url, {
      models: [
        "mock-gpt@reply=hello%20from%20the%20model",
        "mock-gpt@reply=second",
        "mock-gpt@reply=yes",
        "mock-gpt@fail=500,fail_times=2,reply=recovered",
        "mock-gpt@fail=500,fail_times=2,reply=resumed%20ok",
        "mock-gpt@ttft=20000",
        "mock-gpt@reply=%7B%22label%22%3A%22urgent%22%2C%22score%22%3A9%7D",
      ],
    });
    await setSetting(db(), admin.actor, "outboundAllowlist", [new URL(echoUrl).host], ctx);
    queue = await JobQueue.start(database(), { supervise: false });
    await startWorker();
    store = new WorkflowModel(db(), owner.actor);
    runs = new WorkflowRunsModel(db(), owner.actor, queue);
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await queue?.stop();
  });
  beforeEach(() => {
    mock.reset();
    echoed.length = 0;
  });

  const create = async (definition: WorkflowDefinition, name = "wf") =>
    (await store.create({ name, definition }, ctx)).id;
  const finished = (runId: string) =>
    until(
      () => runs.run(runId),
      (r) => r.status === "success" || r.status === "failed" || r.status === "cancelled",
    );
  const stepRows = (runId: string) =>
    db()
      .select()
      .from(workflowStepRuns)
      .where(eq(workflowStepRuns.runId, runId))
      .orderBy(workflowStepRuns.createdAt);

  it("runs model → transform → http in order, passing outputs, metering the model call", async () => {
    const id = await create({
      inputSchema: [{ name: "topic", type: "string", required: true }],
      steps: [
        {
          id: "ask",
          type: "model",
          config: { model: `${M}@reply=hello%20from%20the%20model`, prompt: "Write about {{input.topic}}" },
        },
        {
          id: "shape",
          type: "transform",
          config: { op: "template", source: "{{steps.ask.output}} / {{input.topic}}" },
        },
        {
          id: "post",
          type: "http",
          config: {
            method: "POST",
            url: `${echoUrl}/hook`,
            headers: {},
            body: '{"text": "{{steps.shape.output}}"}',
            timeoutMs: 5_000,
            maxResponseBytes: 10_000,
          },
        },
      ],
      edges: [
        { from: "ask", to: "shape" },
        { from: "shape", to: "post" },
      ],
    });
    const { run } = await runs.start(id, { topic: "otters" }, { trigger: "manual" });
    const done = await finished(run.id);
    expect(done.status).toBe("success");
    expect(done.stepsCompleted).toBe(3);
    expect(done.output).toMatchObject({
      status: 200,
      body: { got: { text: "hello from the model / otters" } },
    });
    const rows = await stepRows(run.id);
    expect(rows.map((r) => [r.stepId, r.status])).toEqual([
      ["ask", "success"],
      ["shape", "success"],
      ["post", "success"],
    ]);
    expect(rows[0]?.input).toMatchObject({ prompt: "Write about otters" });
    expect(echoed[0]?.headers["idempotency-key"]).toBe(`${run.id}:post:1`);
    const usage = await until(
      () => db().select().from(aiUsageLogs).where(eq(aiUsageLogs.workflowRunId, run.id)),
      (u) => u.length === 1,
    );
    expect(usage[0]?.requestType).toBe("workflow");
    expect(usage[0]?.userId).toBe(owner.id);
  });

  it("takes one branch of a condition and marks the other skipped", async () => {
    const id = await create({
      inputSchema: [{ name: "n", type: "number", required: true }],
      steps: [
        {
          id: "check",
          type: "condition",
          config: { left: "{{input.n}}", operator: "greater_than", right: "10" },
        },
        { id: "big", type: "transform", config: { op: "template", source: "big {{input.n}}" } },
        { id: "small", type: "transform", config: { op: "template", source: "small {{input.n}}" } },
      ],
      edges: [
        { from: "check", to: "big", branch: "true" },
        { from: "check", to: "small", branch: "false" },
      ],
    });
    for (const [n, taken, skipped] of [
      [42, "big", "small"],
      [3, "small", "big"],
    ] as const) {
      const { run } = await runs.start(id, { n: String(n) }, { trigger: "manual" });
      const done = await finished(run.id);
      expect(done.status).toBe("success");
      const rows = await stepRows(run.id);
      expect(rows.find((r) => r.stepId === taken)?.status).toBe("success");
      expect(rows.find((r) => r.stepId === skipped)?.status).toBe("skipped");
      // The run's output is its last step that ran: the skipped branch gives none.
      expect(done.output).toBe(`${taken} ${n}`);
    }
  });

  it("retries a failed model call by its policy, then succeeds", async () => {
    const id = await create({
      inputSchema: [],
      steps: [
        {
          id: "flaky",
          type: "model",
          config: { model: `${M}@fail=500,fail_times=2,reply=recovered`, prompt: "go" },
          retry: { maxAttempts: 3, backoff: "fixed", delayMs: 10, retryOn: ["5xx"] },
        },
      ],
      edges: [],
    });
    const { run } = await runs.start(id, {}, { trigger: "manual" });
    const done = await finished(run.id);
    expect(done.status).toBe("success");
    expect(done.output).toBe("recovered");
    const rows = await stepRows(run.id);
    expect(rows.map((r) => [r.attempt, r.status, r.errorKind])).toEqual([
      [1, "failed", "5xx"],
      [2, "success", null],
    ]);
  });

  it("resumes a failed run from the failed step without re-running the steps before it", async () => {
    const first = `${M}@reply=second`;
    const id = await create({
      inputSchema: [],
      steps: [
        { id: "draft", type: "model", config: { model: first, prompt: "draft" } },
        {
          id: "polish",
          type: "model",
          config: {
            model: `${M}@fail=500,fail_times=2,reply=resumed%20ok`,
            prompt: "polish {{steps.draft.output}}",
          },
        },
      ],
      edges: [{ from: "draft", to: "polish" }],
    });
    const { run } = await runs.start(id, {}, { trigger: "manual" });
    const failed = await finished(run.id);
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toMatch(/Step “polish” failed/);
    const draftCalls = () => mock.requests().filter((r) => r.model === "mock-gpt@reply=second").length;
    expect(draftCalls()).toBe(1);
    let wf = (await db().select().from(workflows).where(eq(workflows.id, id)))[0];
    expect([wf?.runCount, wf?.successCount, wf?.errorCount, wf?.lastRunStatus]).toEqual([1, 0, 1, "failed"]);

    await runs.resume(run.id, "pinned", ctx);
    const resumed = await finished(run.id);
    expect(resumed.status).toBe("success");
    expect(resumed.attempt).toBe(2);
    expect(resumed.output).toBe("resumed ok");
    expect(draftCalls()).toBe(1);
    const rows = await stepRows(run.id);
    expect(rows.filter((r) => r.stepId === "draft")).toHaveLength(1);
    expect(rows.filter((r) => r.stepId === "polish").map((r) => [r.epoch, r.status])).toEqual([
      [1, "failed"],
      [2, "success"],
    ]);
    wf = (await db().select().from(workflows).where(eq(workflows.id, id)))[0];
    expect([wf?.runCount, wf?.successCount, wf?.errorCount, wf?.lastRunStatus]).toEqual([1, 1, 0, "success"]);
  });

  it("re-runs from a chosen step, reusing the outputs upstream of it", async () => {
    const id = await create({
      inputSchema: [],
      steps: [
        { id: "a", type: "model", config: { model: `${M}@reply=second`, prompt: "a" } },
        { id: "b", type: "transform", config: { op: "template", source: "b:{{steps.a.output}}" } },
      ],
      edges: [{ from: "a", to: "b" }],
    });
    const { run } = await runs.start(id, {}, { trigger: "manual" });
    await finished(run.id);
    mock.reset();
    const again = await runs.rerun(run.id, "b", ctx);
    const done = await finished(again.id);
    expect(done.output).toBe("b:second");
    expect(mock.requests()).toHaveLength(0);
    const rows = await stepRows(again.id);
    expect(rows.find((r) => r.stepId === "a")?.reusedFromStepRunId).toBeTruthy();
  });

  it("cancels a run during a model call and the upstream sees the connection close", async () => {
    const id = await create({
      inputSchema: [],
      steps: [{ id: "slow", type: "model", config: { model: `${M}@ttft=20000`, prompt: "take your time" } }],
      edges: [],
    });
    const { run } = await runs.start(id, {}, { trigger: "manual" });
    await until(
      async () => mock.requests().filter((r) => r.model === "mock-gpt@ttft=20000"),
      (r) => r.length === 1,
    );
    await runs.cancel(run.id, ctx);
    const done = await finished(run.id);
    expect(done.status).toBe("cancelled");
    await until(
      async () => mock.requests().find((r) => r.model === "mock-gpt@ttft=20000"),
      (r) => r?.clientClosed === true,
      5_000,
    );
    const rows = await stepRows(run.id);
    expect(rows[0]?.status).toBe("cancelled");
  });

  it("keeps a delay across a worker restart", async () => {
    const id = await create({
      inputSchema: [],
      steps: [
        { id: "wait", type: "delay", config: { seconds: 2 } },
        { id: "after", type: "transform", config: { op: "template", source: "done" } },
      ],
      edges: [{ from: "wait", to: "after" }],
    });
    const { run } = await runs.start(id, {}, { trigger: "manual" });
    await worker.stop(1_000);
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await runs.run(run.id)).status).toBe("running");
    await startWorker();
    const done = await finished(run.id);
    expect(done.status).toBe("success");
    expect(done.output).toBe("done");
  });

  it("runs a sub-workflow and waits for its output", async () => {
    const child = await create(
      {
        inputSchema: [{ name: "who", type: "string", required: true }],
        steps: [{ id: "greet", type: "transform", config: { op: "template", source: "hi {{input.who}}" } }],
        edges: [],
      },
      "child",
    );
    const parent = await create({
      inputSchema: [],
      steps: [
        { id: "sub", type: "subworkflow", config: { workflowId: child, input: { who: "ada" } } },
        { id: "wrap", type: "transform", config: { op: "template", source: "[{{steps.sub.output}}]" } },
      ],
      edges: [{ from: "sub", to: "wrap" }],
    });
    const { run } = await runs.start(parent, {}, { trigger: "manual" });
    const done = await finished(run.id);
    expect(done.status).toBe("success");
    expect(done.output).toBe("[hi ada]");
    const kids = await db().select().from(workflowRuns).where(eq(workflowRuns.parentRunId, run.id));
    expect(kids.map((k) => [k.triggerType, k.status, k.depth])).toEqual([["subworkflow", "success", 1]]);
  });

  it("parses structured output against the step's JSON schema", async () => {
    const id = await create({
      inputSchema: [],
      steps: [
        {
          id: "classify",
          type: "model",
          config: {
            model: `${M}@reply=%7B%22label%22%3A%22urgent%22%2C%22score%22%3A9%7D`,
            prompt: "classify",
            jsonSchema: {
              type: "object",
              properties: { label: { type: "string" }, score: { type: "number" } },
              required: ["label", "score"],
            },
          },
        },
        {
          id: "pick",
          type: "condition",
          config: { left: "{{steps.classify.output.label}}", operator: "equals", right: "urgent" },
        },
        {
          id: "page",
          type: "transform",
          config: { op: "json_path", source: "{{steps.classify.output}}", path: "$.score" },
        },
      ],
      edges: [
        { from: "classify", to: "pick" },
        { from: "pick", to: "page", branch: "true" },
      ],
    });
    const { run } = await runs.start(id, {}, { trigger: "manual" });
    const done = await finished(run.id);
    expect(done.status).toBe("success");
    expect(done.output).toBe(9);
  });

  it("fails an HTTP step on a 5xx after its retries, naming the step and status", async () => {
    const id = await create({
      inputSchema: [],
      steps: [
        {
          id: "call",
          type: "http",
          name: "Notify",
          config: {
            method: "GET",
            url: `${echoUrl}/fail`,
            headers: {},
            timeoutMs: 5_000,
            maxResponseBytes: 1000,
          },
          retry: { maxAttempts: 2, backoff: "fixed", delayMs: 10, retryOn: ["5xx"] },
        },
      ],
      edges: [],
    });
    const { run } = await runs.start(id, {}, { trigger: "manual" });
    const done = await finished(run.id);
    expect(done.status).toBe("failed");
    expect(done.errorMessage).toMatch(
      /Step “Notify” \(call\) failed after 2 attempts: GET 127\.0\.0\.1:\d+\/fail answered 503/,
    );
    expect(echoed).toHaveLength(2);
    // A failed attempt still shows what it sent.
    const rows = await stepRows(run.id);
    expect(rows.map((r) => (r.input as { method?: string } | null)?.method)).toEqual(["GET", "GET"]);
  });

  it("honours an idempotency key and keeps counters exact under concurrent starts", async () => {
    const id = await create({
      inputSchema: [],
      steps: [{ id: "t", type: "transform", config: { op: "template", source: "x" } }],
      edges: [],
    });
    const a = await runs.start(id, {}, { trigger: "api", idempotencyKey: "k1" });
    const b = await runs.start(id, {}, { trigger: "api", idempotencyKey: "k1" });
    expect(b.created).toBe(false);
    expect(b.run.id).toBe(a.run.id);
    const started = await Promise.all(
      Array.from({ length: 12 }, () => runs.start(id, {}, { trigger: "manual" })),
    );
    await Promise.all([a, ...started].map((s) => finished(s.run.id)));
    const [wf] = await db().select().from(workflows).where(eq(workflows.id, id));
    expect([wf?.runCount, wf?.successCount, wf?.errorCount]).toEqual([13, 13, 0]);
  });

  it("refuses bad graphs at save with the step and field named", async () => {
    const bad = (definition: unknown) => store.create({ name: "bad", definition }, ctx);
    await expect(
      bad({
        steps: [
          { id: "a", type: "model", config: { model: M, prompt: "{{steps.b.output}}" } },
          { id: "b", type: "transform", config: { op: "template", source: "x" } },
        ],
        edges: [{ from: "a", to: "b" }],
      }),
    ).rejects.toThrow(
      /Step “a”, config.prompt: \{\{steps.b.output\}\}: step "b" does not run before this one/,
    );
    await expect(
      bad({
        steps: [
          { id: "a", type: "transform", config: { op: "template", source: "x" } },
          { id: "b", type: "transform", config: { op: "template", source: "y" } },
        ],
        edges: [
          { from: "a", to: "b" },
          { from: "b", to: "a" },
        ],
      }),
    ).rejects.toThrow(/form a cycle/);
    await expect(bad({ steps: [{ id: "a", type: "http", config: { url: "" } }] })).rejects.toThrow(
      /Step “a”, config.url: give a URL/,
    );
    await expect(
      bad({ steps: [{ id: "a", type: "model", config: { model: "nope/nothing", prompt: "x" } }] }),
    ).rejects.toThrow(/Step “a”, config.model/);
    await expect(
      bad({
        steps: [{ id: "a", type: "transform", config: { op: "template", source: "{{input.missing}}" } }],
      }),
    ).rejects.toThrow(/no field "missing"/);
  });

  describe("tenant isolation", () => {
    it("another user's workflow and run ids are not found everywhere", async () => {
      const id = await create({
        inputSchema: [],
        steps: [{ id: "t", type: "transform", config: { op: "template", source: "x" } }],
        edges: [],
      });
      const { run } = await runs.start(id, {}, { trigger: "manual" });
      await finished(run.id);
      const theirs = new WorkflowModel(db(), stranger.actor);
      const theirRuns = new WorkflowRunsModel(db(), stranger.actor, queue);
      const nf = /not found/;
      await expect(theirs.get(id)).rejects.toThrow(nf);
      await expect(
        theirs.save(
          id,
          {
            definition: { steps: [{ id: "t", type: "transform", config: { op: "template", source: "y" } }] },
          },
          ctx,
        ),
      ).rejects.toThrow(nf);
      await expect(theirs.setSchedule(id, { cron: "* * * * *" }, ctx)).rejects.toThrow(nf);
      await expect(theirs.webhookSecret(id)).rejects.toThrow(nf);
      await expect(theirs.remove(id, ctx)).rejects.toThrow(nf);
      await expect(theirRuns.start(id, {}, { trigger: "manual" })).rejects.toThrow(nf);
      await expect(theirRuns.detail(run.id)).rejects.toThrow(nf);
      await expect(theirRuns.cancel(run.id, ctx)).rejects.toThrow(nf);
      await expect(theirRuns.resume(run.id, "pinned", ctx)).rejects.toThrow(nf);
      await expect(theirRuns.rerun(run.id, null, ctx)).rejects.toThrow(nf);
      expect(await theirRuns.list(null, {})).toEqual([]);
      expect(await theirs.list()).toEqual([]);
      const mine = await db()
        .select()
        .from(workflowRuns)
        .where(and(eq(workflowRuns.workflowId, id)));
      expect(mine).toHaveLength(1);
    });
  });
});
