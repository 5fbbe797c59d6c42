import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type StepRunStatus,
  type WorkflowLastRunStatus,
  type WorkflowRun,
  type WorkflowRunStatus,
  type WorkflowStepRun,
  type WorkflowTriggerType,
  workflowRuns,
  workflowStepRuns,
  workflows,
  workflowVersions,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { shared } from "@/lib/server/shared";
import { parseDefinition, type WorkflowDefinition } from "./definition";
import { CANCEL_CHANNEL, type JobQueue, QUEUES } from "./queue";
import { buildGraph, descendantsOf, entrySteps, type Graph } from "./validate";

/**
 * The run state machine. Prism's tables are the truth: a queue job only says "try step run S".
 * Every change to a run happens in a transaction that holds the run's row lock (FOR UPDATE), so
 * two steps finishing at once cannot both miss, or both schedule, the step that joins them; jobs
 * for newly ready steps are sent in that same transaction. Lock order: run, then its workflow.
 */

const TERMINAL_STEP: readonly StepRunStatus[] = ["success", "failed", "skipped", "cancelled"];
const TERMINAL_RUN: readonly WorkflowRunStatus[] = ["success", "failed", "cancelled"];

export type VersionGraph = { definition: WorkflowDefinition; graph: Graph };

const versions = shared("workflow-versions", () => new Map<string, VersionGraph>());

/**
 * A worker in this process that may take a new run's first step at once (no queue round trip):
 * `reserve` asks for a free slot, `run` is handed the step after the run's transaction commits.
 */
export type LocalDispatcher = {
  owner: string;
  leaseMs: number;
  reserve: () => boolean;
  release: () => void;
  run: (claimed: WorkflowStepRun) => void;
};
const dispatchers = shared("workflow-dispatchers", () => new WeakMap<Db, LocalDispatcher>());

export function setLocalDispatcher(db: Db, dispatcher: LocalDispatcher | null): void {
  if (dispatcher) dispatchers.set(db, dispatcher);
  else dispatchers.delete(db);
}

/** A version's parsed graph; versions are immutable, so it is cached for good. */
export async function loadVersion(db: Db, versionId: string): Promise<VersionGraph> {
  const hit = versions.get(versionId);
  if (hit) return hit;
  const [row] = await db
    .select({ definition: workflowVersions.definition })
    .from(workflowVersions)
    .where(eq(workflowVersions.id, versionId));
  if (!row) throw new AppError("not_found", "That workflow version was not found.");
  const parsed = parseDefinition(row.definition);
  if (!parsed.ok) throw new AppError("internal", `Stored workflow version ${versionId} does not parse.`);
  const value = { definition: parsed.definition, graph: buildGraph(parsed.definition) };
  if (versions.size > 5_000) versions.clear();
  versions.set(versionId, value);
  return value;
}

export type NewRun = {
  workflowId: string;
  userId: string;
  versionId: string;
  triggerType: WorkflowTriggerType;
  triggerData?: Record<string, unknown>;
  input: Record<string, unknown>;
  idempotencyKey?: string | null;
  parent?: { runId: string; stepRunId: string; depth: number };
  rerunOfRunId?: string | null;
  apiKeyId?: string | null;
  /** Step rows copied from another run (re-run from a chosen step). */
  reuse?: Array<{ stepId: string; stepType: string; output: unknown; input: unknown; fromStepRunId: string }>;
};

/**
 * Creates a run, or returns the one its idempotency key already made (`created: false`). It starts
 * at once when the workflow has a free slot under its concurrency limit, else waits queued.
 */
export async function createRun(
  db: Db,
  queue: JobQueue,
  run: NewRun,
): Promise<{ run: WorkflowRun; created: boolean }> {
  const local = dispatchers.get(db);
  const reserved = local?.reserve() ? local : null;
  let out: Awaited<ReturnType<typeof insertRun>>;
  try {
    out = await insertRun(db, queue, run, reserved);
  } catch (err) {
    reserved?.release();
    throw err;
  }
  // Only after the commit: the step row exists and is leased to that worker.
  if (out.claimed && reserved) reserved.run(out.claimed);
  else reserved?.release();
  return { run: out.run, created: out.created };
}

async function insertRun(
  db: Db,
  queue: JobQueue,
  run: NewRun,
  local: LocalDispatcher | null,
): Promise<{ run: WorkflowRun; created: boolean; claimed: WorkflowStepRun | null }> {
  return db.transaction(async (tx) => {
    // The workflow's row lock first: runs of one workflow are created one at a time, so the
    // idempotency check below cannot race and admission counts running runs exactly. Without a
    // key, the counter update is what takes the lock.
    const countRun = () =>
      tx
        .update(workflows)
        .set({ runCount: sql`${workflows.runCount} + 1`, lastRunAt: new Date() })
        .where(eq(workflows.id, run.workflowId))
        .returning({ limit: workflows.concurrencyLimit, timeout: workflows.runTimeoutSeconds });
    let wf: { limit: number; timeout: number | null } | undefined;
    if (run.idempotencyKey) {
      [wf] = await tx
        .select({ limit: workflows.concurrencyLimit, timeout: workflows.runTimeoutSeconds })
        .from(workflows)
        .where(eq(workflows.id, run.workflowId))
        .for("update");
      if (!wf) throw new AppError("not_found", "That workflow was not found.");
      const [existing] = await tx
        .select()
        .from(workflowRuns)
        .where(
          and(
            eq(workflowRuns.workflowId, run.workflowId),
            eq(workflowRuns.idempotencyKey, run.idempotencyKey),
          ),
        );
      if (existing) return { run: existing, created: false, claimed: null };
      await countRun();
    } else {
      [wf] = await countRun();
      if (!wf) throw new AppError("not_found", "That workflow was not found.");
    }
    const { definition } = await loadVersion(tx, run.versionId);
    // Admission: under the workflow's lock, a free slot means the run starts at once.
    const admitted = (await runningCount(tx, run.workflowId)) < wf.limit;
    const now = new Date();
    const inserted = await tx
      .insert(workflowRuns)
      .values({
        ...(admitted
          ? {
              status: "running" as const,
              startedAt: now,
              deadlineAt: wf.timeout ? new Date(now.getTime() + wf.timeout * 1000) : null,
            }
          : {}),
        workflowId: run.workflowId,
        userId: run.userId,
        versionId: run.versionId,
        triggerType: run.triggerType,
        triggerData: run.triggerData ?? null,
        input: run.input,
        idempotencyKey: run.idempotencyKey ?? null,
        parentRunId: run.parent?.runId ?? null,
        parentStepRunId: run.parent?.stepRunId ?? null,
        depth: run.parent ? run.parent.depth + 1 : 0,
        rerunOfRunId: run.rerunOfRunId ?? null,
        apiKeyId: run.apiKeyId ?? null,
        stepsTotal: definition.steps.length,
      })
      .returning();
    const created = inserted[0];
    if (!created) throw new AppError("internal", "The run was not created.");
    if (run.reuse?.length) {
      await tx.insert(workflowStepRuns).values(
        run.reuse.map((r) => ({
          runId: created.id,
          stepId: r.stepId,
          stepType: r.stepType as (typeof workflowStepRuns.$inferInsert)["stepType"],
          status: "success" as const,
          input: r.input,
          output: r.output,
          reusedFromStepRunId: r.fromStepRunId,
          startedAt: new Date(),
          completedAt: new Date(),
          durationMs: 0,
        })),
      );
    }
    if (!admitted) return { run: created, created: true, claimed: null };
    const { finished, claimed } = await advance(tx, queue, created, {
      fresh: !run.reuse?.length,
      claimOne: local ? { owner: local.owner, leaseMs: local.leaseMs } : undefined,
    });

    return {
      run: finished
        ? ((await tx.select().from(workflowRuns).where(eq(workflowRuns.id, created.id)))[0] ?? created)
        : created,
      created: true,
      claimed,
    };
  });
}

async function runningCount(tx: Db, workflowId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(workflowRuns)
    .where(and(eq(workflowRuns.workflowId, workflowId), eq(workflowRuns.status, "running")));
  return row?.n ?? 0;
}

type ClaimOne = { owner: string; leaseMs: number };

async function startRun(
  tx: Db,
  queue: JobQueue,
  run: WorkflowRun,
  timeoutSeconds: number | null,
  claimOne?: ClaimOne,
): Promise<WorkflowStepRun | null> {
  const now = new Date();
  await tx
    .update(workflowRuns)
    .set({
      status: "running",
      startedAt: run.startedAt ?? now,
      deadlineAt: timeoutSeconds ? new Date(now.getTime() + timeoutSeconds * 1000) : null,
    })
    .where(eq(workflowRuns.id, run.id));
  return (await advance(tx, queue, { ...run, status: "running" }, { claimOne })).claimed;
}

type RunRow = Pick<WorkflowRun, "id" | "versionId" | "attempt" | "status" | "workflowId"> & {
  stepsCompleted?: number;
};

type LatestRow = {
  id: string;
  stepId: string;
  status: StepRunStatus;
  attempt: number;
  epoch: number;
  output: unknown;
};

/** The latest row of each step that counts in this epoch: successes of any epoch, anything of this one. */
export async function currentStepRows(tx: Db, run: Pick<RunRow, "id" | "attempt">) {
  const rows = await tx
    .select({
      id: workflowStepRuns.id,
      stepId: workflowStepRuns.stepId,
      status: workflowStepRuns.status,
      attempt: workflowStepRuns.attempt,
      epoch: workflowStepRuns.epoch,
      output: workflowStepRuns.output,
    })
    .from(workflowStepRuns)
    .where(eq(workflowStepRuns.runId, run.id))
    .orderBy(asc(workflowStepRuns.stepId), desc(workflowStepRuns.attempt));
  const latest = new Map<string, LatestRow>();
  let maxAttempt = new Map<string, number>();
  maxAttempt = new Map();
  for (const r of rows) {
    if (!maxAttempt.has(r.stepId)) maxAttempt.set(r.stepId, r.attempt);
    if (latest.has(r.stepId)) continue;
    if (r.status === "success" || r.epoch === run.attempt) latest.set(r.stepId, r);
  }
  // A success from an earlier epoch counts even when a later row of it exists (never the case today).
  for (const r of rows) if (r.status === "success" && !latest.has(r.stepId)) latest.set(r.stepId, r);
  return { latest, maxAttempt };
}

/**
 * Schedules every step whose predecessors are all settled: ready (with a job) when at least one
 * incoming edge is live, skipped when none is. Repeats until nothing changes, then finishes the
 * run when no step is left to do. The caller holds the run's lock.
 */
export type Advanced = {
  finished: boolean;
  /** A step taken by `claimOne`: already running under its lease, no job sent for it. */
  claimed: WorkflowStepRun | null;
  /** Outputs of the steps that succeeded, by step id. */
  outputs: Record<string, unknown>;
};

/**
 * `claimOne` lets the worker that finished a step take one successor that may start now without
 * a queue round trip: it is inserted running under the worker's lease (if the worker dies, the
 * lease expires and the reaper gives it a new attempt, as for any step).
 */
export async function advance(
  tx: Db,
  queue: JobQueue,
  run: RunRow,
  opts: { fresh?: boolean; claimOne?: { owner: string; leaseMs: number } } = {},
): Promise<Advanced> {
  const { definition, graph } = await loadVersion(tx, run.versionId);
  // A run just created has no step rows yet.
  const { latest, maxAttempt } = opts.fresh
    ? { latest: new Map<string, LatestRow>(), maxAttempt: new Map<string, number>() }
    : await currentStepRows(tx, run);
  const status = (id: string) => latest.get(id)?.status;
  const newRows: Array<typeof workflowStepRuns.$inferInsert> = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of definition.steps) {
      if (latest.has(step.id)) continue;
      const incoming = graph.in.get(step.id) ?? [];
      let live = incoming.length === 0;
      let settled = true;
      for (const e of incoming) {
        const s = status(e.from);
        if (s !== "success" && s !== "skipped") {
          settled = false;
          break;
        }
        if (s === "success") {
          const from = graph.byId.get(e.from);
          if (from?.type !== "condition") live = true;
          else {
            const branch = (latest.get(e.from)?.output as { result?: boolean } | null)?.result
              ? "true"
              : "false";
            if (e.branch === branch) live = true;
          }
        }
      }
      if (!settled) continue;
      const delaySeconds = step.type === "delay" ? step.config.seconds : 0;
      const claim =
        live && delaySeconds === 0 && opts.claimOne && !newRows.some((r) => r.status === "running");
      const row: typeof workflowStepRuns.$inferInsert = {
        runId: run.id,
        stepId: step.id,
        stepType: step.type,
        attempt: (maxAttempt.get(step.id) ?? 0) + 1,
        epoch: run.attempt,
        status: claim ? "running" : live ? "ready" : "skipped",
        availableAt: new Date(Date.now() + delaySeconds * 1000),
        completedAt: live ? null : new Date(),
        ...(claim && opts.claimOne
          ? {
              leaseOwner: opts.claimOne.owner,
              // This process's clock: hosts of one deployment keep theirs within far less than a lease.
              leaseExpiresAt: new Date(Date.now() + opts.claimOne.leaseMs),
              startedAt: new Date(),
            }
          : {}),
      };
      newRows.push(row);
      latest.set(step.id, {
        id: "",
        stepId: step.id,
        status: row.status as StepRunStatus,
        attempt: row.attempt as number,
        epoch: run.attempt,
        output: null,
      });
      changed = true;
    }
  }
  let claimed: WorkflowStepRun | null = null;
  if (newRows.length) {
    const inserted = await tx.insert(workflowStepRuns).values(newRows).returning();
    claimed = inserted.find((r) => r.status === "running") ?? null;
    const ready = inserted.filter((r) => r.status === "ready");
    await queue.sendMany(
      QUEUES.step,
      ready.map((r) => ({
        data: { stepRunId: r.id },
        startAfter: r.availableAt.getTime() > Date.now() + 500 ? r.availableAt : undefined,
      })),
      tx,
    );
  }
  const done = definition.steps.filter((s) => {
    const st = status(s.id);
    return st === "success" || st === "skipped";
  }).length;
  const outputs: Record<string, unknown> = {};
  for (const [id, row] of latest) if (row.status === "success") outputs[id] = row.output;
  if (done !== definition.steps.length) {
    if (done !== run.stepsCompleted) {
      await tx.update(workflowRuns).set({ stepsCompleted: done }).where(eq(workflowRuns.id, run.id));
    }
    return { finished: false, claimed, outputs };
  }
  const sinks = definition.steps.filter(
    (s) => (graph.out.get(s.id)?.length ?? 0) === 0 && status(s.id) === "success",
  );
  const output =
    sinks.length === 1 && sinks[0]
      ? latest.get(sinks[0].id)?.output
      : Object.fromEntries(sinks.map((s) => [s.id, latest.get(s.id)?.output ?? null]));
  // The worker whose step ended the run may take the first step of the run it lets start.
  const admitted = await finishRun(
    tx,
    queue,
    run,
    "success",
    { output: output ?? null, stepsCompleted: done },
    opts.claimOne,
  );
  return { finished: true, claimed: admitted, outputs: admitted ? {} : outputs };
}

/**
 * Ends a run: status, counters (exact: one increment per state change, under the workflow's row
 * lock), last run status, pruning of successful step data if the workflow says so, the next queued
 * run admitted, and a waiting parent step completed.
 */
export async function finishRun(
  tx: Db,
  queue: JobQueue,
  run: RunRow,
  status: "success" | "failed" | "cancelled",
  result: { output?: unknown; error?: string; stepsCompleted?: number },
  claimOne?: ClaimOne,
): Promise<WorkflowStepRun | null> {
  const [ended] = await tx
    .update(workflowRuns)
    .set({
      status,
      ...(result.stepsCompleted !== undefined ? { stepsCompleted: result.stepsCompleted } : {}),
      output: result.output ?? null,
      errorMessage: result.error ?? null,
      completedAt: new Date(),
      ...(status === "cancelled"
        ? { cancelRequestedAt: sql`coalesce(${workflowRuns.cancelRequestedAt}, now())` }
        : {}),
    })
    .where(and(eq(workflowRuns.id, run.id), inArray(workflowRuns.status, ["queued", "running"])))
    .returning();
  if (!ended) return null;
  if (status !== "success") {
    // Nothing of this run may start any more.
    await tx
      .update(workflowStepRuns)
      .set({ status: "cancelled", completedAt: new Date() })
      .where(
        and(
          eq(workflowStepRuns.runId, run.id),
          inArray(workflowStepRuns.status, ["pending", "ready", "waiting", "running"]),
        ),
      );
    if (status === "cancelled") await tx.execute(sql`select pg_notify(${CANCEL_CHANNEL}, ${run.id})`);
  }
  const last: WorkflowLastRunStatus = status === "success" && ended.partial ? "partial" : status;
  const [wf] = await tx
    .update(workflows)
    .set({
      successCount: status === "success" ? sql`${workflows.successCount} + 1` : workflows.successCount,
      errorCount: status === "failed" ? sql`${workflows.errorCount} + 1` : workflows.errorCount,
      lastRunStatus: last,
    })
    .where(eq(workflows.id, run.workflowId))
    .returning({
      keep: workflows.keepSuccessStepData,
      limit: workflows.concurrencyLimit,
      timeout: workflows.runTimeoutSeconds,
    });
  if (status === "success" && wf && !wf.keep) {
    await tx
      .update(workflowStepRuns)
      .set({ input: null, output: null, detail: null })
      .where(eq(workflowStepRuns.runId, run.id));
  }
  const claimed = wf ? await admitQueued(tx, queue, run.workflowId, wf.limit, wf.timeout, claimOne) : null;
  if (ended.parentStepRunId && ended.parentRunId) {
    await settleParent(tx, queue, ended.parentRunId, ended.parentStepRunId, status, result);
  }
  return claimed;
}

/** Starts queued runs while there are free slots; `claimOne` takes the first one's first step. */
async function admitQueued(
  tx: Db,
  queue: JobQueue,
  workflowId: string,
  limit: number,
  timeout: number | null,
  claimOne?: ClaimOne,
): Promise<WorkflowStepRun | null> {
  const queued = () =>
    tx
      .select()
      .from(workflowRuns)
      .where(and(eq(workflowRuns.workflowId, workflowId), eq(workflowRuns.status, "queued")))
      .orderBy(asc(workflowRuns.queuedAt));
  // Usually nothing waits: look before counting the running runs.
  const [first] = await queued().limit(1);
  if (!first) return null;
  const free = limit - (await runningCount(tx, workflowId));
  if (free <= 0) return null;
  const next = await queued().limit(free).for("update", { skipLocked: true });
  let claimed: WorkflowStepRun | null = null;
  for (const r of next) {
    const taken = await startRun(tx, queue, r, timeout, claimed ? undefined : claimOne);
    claimed ??= taken;
  }
  return claimed;
}

/** A sub-workflow ended: its parent's waiting step takes its output (or its failure). */
async function settleParent(
  tx: Db,
  queue: JobQueue,
  parentRunId: string,
  stepRunId: string,
  status: "success" | "failed" | "cancelled",
  result: { output?: unknown; error?: string },
): Promise<void> {
  const parent = await lockRun(tx, parentRunId);
  if (parent?.status !== "running") return;
  const [step] = await tx
    .update(workflowStepRuns)
    .set({
      status: status === "success" ? "success" : "failed",
      output: status === "success" ? (result.output ?? null) : null,
      error:
        status === "success"
          ? null
          : `The sub-workflow run ${status === "cancelled" ? "was cancelled" : `failed: ${result.error ?? ""}`}`,
      completedAt: new Date(),
      durationMs: sql`(extract(epoch from now() - ${workflowStepRuns.startedAt}) * 1000)::int`,
    })
    .where(and(eq(workflowStepRuns.id, stepRunId), eq(workflowStepRuns.status, "waiting")))
    .returning({ stepId: workflowStepRuns.stepId });
  if (!step) return;
  if (status === "success") await advance(tx, queue, parent);
  else
    await finishRun(tx, queue, parent, "failed", {
      error: `Step “${step.stepId}” failed: its sub-workflow run ${status}.`,
    });
}

export async function lockRun(tx: Db, runId: string): Promise<WorkflowRun | undefined> {
  const [run] = await tx.select().from(workflowRuns).where(eq(workflowRuns.id, runId)).for("update");
  return run;
}

/**
 * Cancels a run: queued or running, it ends as cancelled at once; steps in flight are aborted
 * (their workers hear it on the cancel channel, and their late commits are fenced off).
 * Sub-workflow runs it waits on are cancelled after it.
 */
export async function cancelRun(db: Db, queue: JobQueue, runId: string): Promise<boolean> {
  const children = await db.transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run || TERMINAL_RUN.includes(run.status)) return null;
    const waiting = await tx
      .select({ child: workflowStepRuns.childRunId })
      .from(workflowStepRuns)
      .where(and(eq(workflowStepRuns.runId, runId), eq(workflowStepRuns.status, "waiting")));
    await tx.update(workflowRuns).set({ cancelRequestedAt: new Date() }).where(eq(workflowRuns.id, runId));
    await finishRun(tx, queue, run, "cancelled", { error: "Cancelled." });
    return waiting.map((w) => w.child).filter((c): c is string => !!c);
  });
  if (children === null) return false;
  for (const child of children) await cancelRun(db, queue, child);
  return true;
}

/**
 * Resumes a failed run from the steps that failed: a new epoch of the same run, where every step
 * that succeeded keeps its output and is not run again. On `current`, the run moves to the
 * workflow's current version, allowed when every step it ran still exists there with its type.
 */
export async function resumeRun(
  db: Db,
  queue: JobQueue,
  runId: string,
  opts: { version: "pinned" | "current" },
): Promise<WorkflowRun> {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run) throw new AppError("not_found", "That run was not found.");
    if (run.status !== "failed") {
      throw new AppError("conflict", `Only a failed run can be resumed; this one is ${run.status}.`);
    }
    let versionId = run.versionId;
    if (opts.version === "current") {
      const [wf] = await tx
        .select({ current: workflows.currentVersionId })
        .from(workflows)
        .where(eq(workflows.id, run.workflowId));
      if (!wf?.current) throw new AppError("conflict", "The workflow has no current version.");
      const [old, next] = await Promise.all([loadVersion(tx, run.versionId), loadVersion(tx, wf.current)]);
      const ran = await tx
        .selectDistinct({ stepId: workflowStepRuns.stepId })
        .from(workflowStepRuns)
        .where(eq(workflowStepRuns.runId, run.id));
      const missing = ran
        .map((r) => r.stepId)
        .filter((id) => next.graph.byId.get(id)?.type !== old.graph.byId.get(id)?.type);
      if (missing.length) {
        throw new AppError(
          "conflict",
          `The current version no longer has the step${missing.length > 1 ? "s" : ""} ${missing.map((m) => `“${m}”`).join(", ")} as this run knew ${missing.length > 1 ? "them" : "it"}; resume on the pinned version or re-run from the start.`,
        );
      }
      versionId = wf.current;
    }
    const [wf] = await tx
      .update(workflows)
      .set({ errorCount: sql`greatest(${workflows.errorCount} - 1, 0)` })
      .where(eq(workflows.id, run.workflowId))
      .returning({ limit: workflows.concurrencyLimit, timeout: workflows.runTimeoutSeconds });
    const [resumed] = await tx
      .update(workflowRuns)
      .set({
        status: "queued",
        attempt: run.attempt + 1,
        versionId,
        errorMessage: null,
        output: null,
        completedAt: null,
        cancelRequestedAt: null,
        queuedAt: new Date(),
      })
      .where(eq(workflowRuns.id, run.id))
      .returning();
    if (!resumed) throw new AppError("not_found", "That run was not found.");
    if ((await runningCount(tx, run.workflowId)) < (wf?.limit ?? 1))
      await startRun(tx, queue, resumed, wf?.timeout ?? null);
    const [fresh] = await tx.select().from(workflowRuns).where(eq(workflowRuns.id, run.id));
    return fresh ?? resumed;
  });
}

/** The outputs a re-run from `fromStep` reuses: every success outside that step's downstream. */
export async function reusableSteps(db: Db, run: WorkflowRun, fromStep: string) {
  const { graph } = await loadVersion(db, run.versionId);
  if (!graph.byId.has(fromStep))
    throw new AppError("validation_failed", `This run's version has no step “${fromStep}”.`, {
      field: "fromStep",
    });
  const redo = descendantsOf(graph, fromStep);
  const { latest } = await currentStepRows(db, run);
  const ids = [...latest.values()]
    .filter((r) => r.status === "success" && !redo.has(r.stepId))
    .map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await db.select().from(workflowStepRuns).where(inArray(workflowStepRuns.id, ids));
  return rows.map((r) => ({
    stepId: r.stepId,
    stepType: r.stepType,
    output: r.output,
    input: r.input,
    fromStepRunId: r.reusedFromStepRunId ?? r.id,
  }));
}

export function isTerminalStep(status: StepRunStatus): boolean {
  return TERMINAL_STEP.includes(status);
}

export { entrySteps };
