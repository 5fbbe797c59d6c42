import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { workflowStepRuns } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { setSetting } from "@/lib/settings";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway } from "@/lib/testing/gateway";
import { TestReceiver } from "@/lib/testing/receiver";
import { until } from "@/lib/testing/until";
import { JobQueue } from "@/lib/workflows/queue";
import { WorkflowRunsModel } from "@/lib/workflows/runs";
import { WorkflowModel } from "@/lib/workflows/store";
import { WorkflowWorker } from "@/lib/workflows/worker";
import { AgentModel } from "./store";

/** These runs go through a worker: give them longer than the default. */
const waitLong = <T>(fn: () => Promise<T>, ok: (v: T) => boolean) => until(fn, ok, 20_000);

let receiver: TestReceiver;
beforeAll(async () => {
  receiver = await TestReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

describeEachEngine("the workflow agent step", ({ db, database }) => {
  let queue: JobQueue;
  let worker: WorkflowWorker;
  // Each engine's pass counts only its own deliveries.
  beforeEach(() => receiver.reset());
  beforeAll(async () => {
    await seedCatalog(db());
    const admin = await makeUser(db(), { role: "admin" });
    await setSetting(db(), admin.actor, "outboundAllowlist", [receiver.host], ctx);
    queue = await JobQueue.start(database(), { supervise: false });
    worker = new WorkflowWorker(database(), queue, makeGateway(db()).gateway, {
      concurrency: 2,
      maintenanceSeconds: 1,
      pollMs: 100,
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await queue?.stop();
  });

  it("sends the rendered input to the agent (signed), retries a 503, and outputs its answer", async () => {
    const owner = await makeUser(db());
    const stranger = await makeUser(db());
    const { agent, secret } = await new AgentModel(db(), owner.actor).create(
      { name: "Classifier", handle: "classify", webhookUrl: `${receiver.url}/agent` },
      ctx,
    );
    const definition = (agentId: string) => ({
      inputSchema: [{ name: "text", type: "string" as const, required: true }],
      steps: [
        {
          id: "ask",
          type: "agent" as const,
          config: { agentId, input: "Classify: {{input.text}}" },
          retry: { maxAttempts: 2, backoff: "fixed" as const, delayMs: 100, retryOn: ["5xx" as const] },
        },
      ],
      edges: [],
    });
    const wf = await new WorkflowModel(db(), owner.actor).create(
      { name: "wf", definition: definition(agent.id) },
      ctx,
    );
    receiver.reply({ status: 503, body: "busy" }, { body: '{"answer":"urgent"}' });
    const runs = new WorkflowRunsModel(db(), owner.actor, queue);
    const { run } = await runs.start(wf.id, { text: "the server is on fire" }, { trigger: "manual" });
    const done = await waitLong(
      () => runs.run(run.id),
      (r) => r.status === "success" || r.status === "failed",
    );
    expect(done.status).toBe("success");
    expect(done.output).toBe("urgent");
    const rows = await db().select().from(workflowStepRuns).where(eq(workflowStepRuns.runId, run.id));
    expect(rows.map((r) => r.status).sort()).toEqual(["failed", "success"]);
    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1];
    const headers = Object.fromEntries(Object.entries(last?.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const body = new Webhook(secret as string).verify(last?.body ?? "", headers);
    expect(body).toMatchObject({
      event: "workflow.step",
      input: "Classify: the server is on fire",
      runId: run.id,
    });
    const view = await new AgentModel(db(), owner.actor).get(agent.id);
    expect(view).toMatchObject({ executionCount: 2, successCount: 1, lastStatus: "success" });

    // Another user's workflow cannot call this agent.
    const theirs = await new WorkflowModel(db(), stranger.actor).create(
      { name: "theirs", definition: definition(agent.id) },
      ctx,
    );
    const other = new WorkflowRunsModel(db(), stranger.actor, queue);
    const { run: r2 } = await other.start(theirs.id, { text: "x" }, { trigger: "manual" });
    const failed = await waitLong(
      () => other.run(r2.id),
      (r) => r.status === "success" || r.status === "failed",
    );
    expect(failed.status).toBe("failed");
    expect(failed.errorMessage).toMatch(/does not exist or is not yours/);
    expect(receiver.received).toHaveLength(2);
  });
});
