import { type ChildProcess, spawn } from "node:child_process";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { workflowRuns, workflowStepRuns, workflows } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { createTestDatabase } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { createRun } from "./engine";
import { JobQueue } from "./queue";
import { WorkflowRunsModel } from "./runs";
import { WorkflowModel } from "./store";

/**
 * Real `npm run worker` processes on Postgres: one is killed with SIGKILL in the middle of a slow
 * model step, and another finishes the run, recording the step once; two drain 500 runs.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("workflow worker processes on Postgres", () => {
  let database: Database;
  let url: string;
  let mock: MockLlm;
  let queue: JobQueue;
  const workers: ChildProcess[] = [];

  const startWorker = async () => {
    const child = spawn("npx", ["tsx", "scripts/worker.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PRISM_WORKER_CONCURRENCY: "8",
        PRISM_WORKFLOW_LEASE_MS: "2000",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    workers.push(child);
    let out = "";
    const id = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /worker (w-\S+) ready/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${out}`)));
    });
    return { child, id };
  };
  const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v)) return v;
      if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(v)?.slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    // The database the workers open: the test database's own URL.
    url = await database.raw("select current_database() as name").then((rows) => {
      const u = new URL(process.env.TEST_DATABASE_URL as string);
      u.pathname = `/${rows[0]?.name as string}`;
      return u.toString();
    });
    mock = await startMockLlm();
    queue = await JobQueue.start(database, { supervise: false });
    await seedCatalog(database.db);
  });
  afterAll(async () => {
    for (const w of workers) {
      try {
        if (w.pid) process.kill(-w.pid, "SIGKILL");
      } catch {
        // Already gone (the killed one).
      }
    }
    await queue?.stop();
    await mock?.close();
    await database?.close();
  });

  it("a worker killed with SIGKILL mid-step: another finishes the run, the step recorded once", async () => {
    const admin = await makeUser(database.db, { role: "admin" });
    const owner = await makeUser(database.db);
    await mockIntegration(database.db, admin.actor, mock.url, {
      models: ["mock-gpt@ttft=4000,reply=slow%20answer"],
    });
    const a = await startWorker();
    const id = (
      await new WorkflowModel(database.db, owner.actor).create(
        {
          name: "slow",
          definition: {
            steps: [
              {
                id: "slow",
                type: "model",
                config: { model: "openai-compatible/mock-gpt@ttft=4000,reply=slow%20answer", prompt: "wait" },
              },
            ],
          },
        },
        ctx,
      )
    ).id;
    const { run } = await new WorkflowRunsModel(database.db, owner.actor, queue).start(
      id,
      {},
      { trigger: "manual" },
    );
    const running = await until(
      () =>
        database.db
          .select()
          .from(workflowStepRuns)
          .where(and(eq(workflowStepRuns.runId, run.id), eq(workflowStepRuns.status, "running"))),
      (rows) => rows.length === 1 && mock.requests().length === 1,
    );
    expect(running[0]?.leaseOwner).toBe(a.id);
    if (a.child.pid) process.kill(-a.child.pid, "SIGKILL");
    await startWorker();
    const done = await until(
      () => database.db.select().from(workflowRuns).where(eq(workflowRuns.id, run.id)),
      (rows) => rows[0]?.status === "success" || rows[0]?.status === "failed",
    );
    expect(done[0]).toMatchObject({ status: "success", output: "slow answer" });
    const steps = await database.db
      .select()
      .from(workflowStepRuns)
      .where(eq(workflowStepRuns.runId, run.id))
      .orderBy(workflowStepRuns.attempt);
    expect(steps.map((s) => [s.attempt, s.status, s.errorKind])).toEqual([
      [1, "failed", "lease_lost"],
      [2, "success", null],
    ]);
    expect(steps.filter((s) => s.output !== null)).toHaveLength(1);
    expect(mock.requests()).toHaveLength(2);
  }, 120_000);

  it("two workers drain 500 queued runs: every run once, no step recorded twice", async () => {
    await startWorker();
    const owner = await makeUser(database.db);
    const wf = await new WorkflowModel(database.db, owner.actor).create(
      {
        name: "many",
        definition: {
          steps: [
            { id: "a", type: "transform", config: { op: "template", source: "x" } },
            { id: "b", type: "transform", config: { op: "template", source: "{{steps.a.output}}y" } },
          ],
          edges: [{ from: "a", to: "b" }],
        },
      },
      ctx,
    );
    await database.db.update(workflows).set({ concurrencyLimit: 50 }).where(eq(workflows.id, wf.id));
    for (let i = 0; i < 500; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, () =>
          createRun(database.db, queue, {
            workflowId: wf.id,
            userId: owner.id,
            versionId: wf.currentVersionId as string,
            triggerType: "api",
            input: {},
          }),
        ),
      );
    }
    await until(
      () =>
        database.db
          .select({ status: workflowRuns.status })
          .from(workflowRuns)
          .where(eq(workflowRuns.workflowId, wf.id)),
      (rows) => rows.length === 500 && rows.every((r) => r.status === "success"),
      120_000,
    );
    const steps = await database.db
      .select({
        runId: workflowStepRuns.runId,
        stepId: workflowStepRuns.stepId,
        output: workflowStepRuns.output,
        owner: workflowStepRuns.leaseOwner,
      })
      .from(workflowStepRuns)
      .innerJoin(workflowRuns, eq(workflowRuns.id, workflowStepRuns.runId))
      .where(eq(workflowRuns.workflowId, wf.id));
    expect(steps).toHaveLength(1000);
    expect(new Set(steps.map((s) => `${s.runId}:${s.stepId}`)).size).toBe(1000);
    expect(steps.every((s) => (s.stepId === "a" ? s.output === "x" : s.output === "xy"))).toBe(true);
    // Both processes did work.
    expect(new Set(steps.map((s) => s.owner)).size).toBeGreaterThanOrEqual(2);
    const [counters] = await database.db.select().from(workflows).where(eq(workflows.id, wf.id));
    expect([counters?.runCount, counters?.successCount, counters?.errorCount]).toEqual([500, 500, 0]);
  }, 180_000);
});
