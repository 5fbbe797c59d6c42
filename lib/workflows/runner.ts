import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workflowRuns, workflowStepRuns, workflows } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import type { Actor } from "@/lib/auth/actor";
import { decryptSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { retrySchema, type WorkflowStepDef } from "./definition";
import { advance, createRun, currentStepRows, finishRun, loadVersion, lockRun } from "./engine";
import { type JobQueue, QUEUES } from "./queue";
import { executeStep, StepFailure, type StepOutcome } from "./steps";
import { maskSecrets } from "./template";

export type RunnerDeps = {
  db: Db;
  queue: JobQueue;
  gateway: Gateway;
  /** Names this process in leases. */
  workerId: string;
  /** How long a claimed step stays ours without a heartbeat (default 30 s). */
  leaseMs?: number;
};

/** What a worker knows of the run a step belongs to while it works through that run's steps. */
type RunContext = { run: typeof workflowRuns.$inferSelect; actor: Actor; secrets: Record<string, string> };
/** A claimed step run: from a job (jobId), or handed over by the step before it (no job). */
type Chained = {
  row: typeof workflowStepRuns.$inferSelect;
  jobId: string | null;
  outputs: Record<string, unknown> | null;
};

/** Time limits per step type when the step names none. */
function stepTimeoutMs(step: WorkflowStepDef): number {
  if (step.timeoutMs) return step.timeoutMs;
  switch (step.type) {
    case "model":
    case "template":
      return 10 * 60_000;
    case "multi_model":
      return 15 * 60_000;
    case "http":
      return step.config.timeoutMs + 5_000;
    case "agent":
      return 65_000;
    default:
      return 60_000;
  }
}

/** At most this many lost leases (worker died) per step and epoch before the run fails. */
const MAX_LOST_LEASES = 3;

function backoffMs(
  policy: ReturnType<typeof retrySchema.parse>,
  attemptInEpoch: number,
  hint?: number,
): number {
  const base = policy.backoff === "fixed" ? policy.delayMs : policy.delayMs * 2 ** (attemptInEpoch - 1);
  return Math.min(Math.max(base, hint ?? 0), 3_600_000);
}

/**
 * Claims, executes and commits step runs. A claim is a guarded update (ready → running, with a
 * lease); the commit is guarded by the same lease, so a duplicate delivery or a worker whose lease
 * was taken over changes nothing. Output, successors, their jobs and the job's completion commit
 * in one transaction.
 */
export class StepRunner {
  readonly leaseMs: number;
  private readonly byRun = new Map<string, Set<AbortController>>();
  /** Set when the worker stops: no successor is taken over any more (it goes through the queue). */
  stopping = false;

  constructor(private readonly deps: RunnerDeps) {
    this.leaseMs = deps.leaseMs ?? 30_000;
  }

  /** Aborts this process's in-flight steps of a run (the cancel channel calls it). */
  abortRun(runId: string): void {
    for (const c of this.byRun.get(runId) ?? []) c.abort(new StepFailure("Cancelled.", null));
  }

  get inFlight(): number {
    let n = 0;
    for (const s of this.byRun.values()) n += s.size;
    return n;
  }

  async process(stepRunId: string, jobId: string): Promise<void> {
    const { db, queue } = this.deps;
    const [claimed] = await db
      .update(workflowStepRuns)
      .set({
        status: "running",
        leaseOwner: this.deps.workerId,
        leaseExpiresAt: sql`now() + ${`${this.leaseMs} milliseconds`}::interval`,
        startedAt: new Date(),
      })
      .where(
        and(
          eq(workflowStepRuns.id, stepRunId),
          eq(workflowStepRuns.status, "ready"),
          lte(workflowStepRuns.availableAt, sql`now()`),
        ),
      )
      .returning();
    if (!claimed) {
      // A duplicate delivery, or one that came before the step's time (a short backoff): only
      // the latter is sent again, for when the step becomes available.
      await db.transaction(async (tx) => {
        const [early] = await tx
          .select({ availableAt: workflowStepRuns.availableAt })
          .from(workflowStepRuns)
          .where(and(eq(workflowStepRuns.id, stepRunId), eq(workflowStepRuns.status, "ready")));
        if (early) await queue.send(QUEUES.step, { stepRunId }, { tx, startAfter: early.availableAt });
        await queue.complete(QUEUES.step, [jobId], tx);
      });
      return;
    }
    await this.runClaimed(claimed, jobId);
  }

  /** Runs a step run this worker holds the lease of (claimed from a job, or when it was created). */
  async runClaimed(claimed: typeof workflowStepRuns.$inferSelect, jobId: string | null): Promise<void> {
    let context = await this.loadContext(claimed, jobId);
    let next: Chained | null = context ? { row: claimed, jobId, outputs: null } : null;
    // A finished step may hand over one step it claimed for this worker (its successor, or the
    // first step of a run it let start): run it at once.
    while (next && context) {
      if (next.row.runId !== context.run.id) {
        context = await this.loadContext(next.row, null);
        if (!context) break;
      }
      next = await this.execute(next, context);
    }
  }

  /** The run a claimed step belongs to, or null (and the step closed) when it no longer runs. */
  private async loadContext(
    claimed: typeof workflowStepRuns.$inferSelect,
    jobId: string | null,
  ): Promise<RunContext | null> {
    const [run] = await this.deps.db
      .select({ run: workflowRuns, role: users.role, secrets: workflows.secretsEncrypted })
      .from(workflowRuns)
      .innerJoin(users, eq(users.id, workflowRuns.userId))
      .innerJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
      .where(eq(workflowRuns.id, claimed.runId));
    if (run?.run.status !== "running") {
      await this.commitFailure(claimed, jobId, new StepFailure("The run is no longer running.", null), null);
      return null;
    }
    const secrets: Record<string, string> = run.secrets
      ? (JSON.parse(decryptSecret(run.secrets, SECRET_PURPOSE.workflowSecrets)) as Record<string, string>)
      : {};
    return { run: run.run, actor: { id: run.run.userId, role: run.role }, secrets };
  }

  private async execute(current: Chained, context: RunContext): Promise<Chained | null> {
    const { db } = this.deps;
    const { row: claimed, jobId } = current;
    const run = { run: context.run };
    const secrets = context.secrets;
    const { graph } = await loadVersion(db, run.run.versionId);
    const step = graph.byId.get(claimed.stepId);
    if (!step) {
      await this.commitFailure(
        claimed,
        jobId,
        new StepFailure(`The version has no step “${claimed.stepId}”.`, null),
        null,
      );
      return null;
    }
    // Earlier outputs: handed over by the step before, or read when the config names one.
    const outputs: Record<string, unknown> = current.outputs ?? {};
    if (!current.outputs && JSON.stringify(step.config).includes("steps.")) {
      const { latest } = await currentStepRows(db, run.run);
      for (const [id, row] of latest) if (row.status === "success") outputs[id] = row.output;
    }

    const control = new AbortController();
    const timeout = stepTimeoutMs(step);
    const deadline = run.run.deadlineAt
      ? run.run.deadlineAt.getTime() - Date.now()
      : Number.POSITIVE_INFINITY;
    const limitMs = Math.max(1, Math.min(timeout, deadline));
    const timer = setTimeout(
      () =>
        control.abort(
          new StepFailure(
            limitMs === timeout
              ? `The step took longer than its ${Math.round(timeout / 1000)} s limit.`
              : "The run reached its time limit.",
            limitMs === timeout ? "timeout" : null,
          ),
        ),
      limitMs,
    );
    const set = this.byRun.get(claimed.runId) ?? new Set();
    set.add(control);
    this.byRun.set(claimed.runId, set);
    // The lease is renewed while the step works; losing it (the run was cancelled, or the step was
    // given to another worker) aborts the work.
    const heartbeat = setInterval(
      () => {
        void db
          .update(workflowStepRuns)
          .set({ leaseExpiresAt: sql`now() + ${`${this.leaseMs} milliseconds`}::interval` })
          .where(
            and(
              eq(workflowStepRuns.id, claimed.id),
              eq(workflowStepRuns.leaseOwner, this.deps.workerId),
              eq(workflowStepRuns.status, "running"),
            ),
          )
          .returning({ id: workflowStepRuns.id })
          .then(
            (rows) => {
              if (rows.length === 0)
                control.abort(new StepFailure("This step was cancelled or taken over.", null));
            },
            () => {},
          );
      },
      Math.max(200, Math.floor(this.leaseMs / 3)),
    );
    const actor: Actor = context.actor;
    try {
      const outcome = await Promise.race([
        executeStep({
          db,
          gateway: this.deps.gateway,
          actor,
          run: {
            id: run.run.id,
            workflowId: run.run.workflowId,
            depth: run.run.depth,
            attempt: run.run.attempt,
          },
          stepRun: { id: claimed.id, attempt: claimed.attempt },
          step,
          scope: {
            input: run.run.input,
            steps: outputs,
            secrets,
            run: { id: run.run.id, attempt: run.run.attempt },
          },
          signal: control.signal,
          startChild: (workflowId, input) => this.startChild(run.run, claimed.id, workflowId, input),
        }),
        new Promise<never>((_, reject) => {
          const onAbort = () => reject(control.signal.reason);
          if (control.signal.aborted) onAbort();
          control.signal.addEventListener("abort", onAbort, { once: true });
        }),
      ]);
      return await this.commitSuccess(claimed, jobId, outcome);
    } catch (err) {
      const failure =
        err instanceof StepFailure
          ? err
          : new StepFailure(`Unexpected error: ${(err as Error)?.message ?? String(err)}`, null);
      if (!(err instanceof StepFailure)) console.error("[prism] workflow step crashed", err);
      await this.commitFailure(
        claimed,
        jobId,
        new StepFailure(
          maskSecrets(failure.message, secrets),
          failure.kind,
          failure.retryAfterMs,
          failure.input,
        ),
        step,
      );
      return null;
    } finally {
      clearTimeout(timer);
      clearInterval(heartbeat);
      set.delete(control);
      if (set.size === 0) this.byRun.delete(claimed.runId);
    }
  }

  private async startChild(
    parent: typeof workflowRuns.$inferSelect,
    stepRunId: string,
    workflowId: string,
    input: Record<string, unknown>,
  ): Promise<string> {
    if (parent.depth + 1 > 5) throw new StepFailure("Sub-workflows nest at most 5 deep.", null);
    const [wf] = await this.deps.db
      .select({ versionId: workflows.currentVersionId })
      .from(workflows)
      .where(eq(workflows.id, workflowId));
    if (!wf?.versionId) throw new StepFailure("The sub-workflow has no saved version.", null);
    const { run } = await createRun(this.deps.db, this.deps.queue, {
      workflowId,
      userId: parent.userId,
      versionId: wf.versionId,
      triggerType: "subworkflow",
      input,
      // One child per step run, even if this step is executed again after a crash.
      idempotencyKey: `step:${stepRunId}`,
      parent: { runId: parent.id, stepRunId, depth: parent.depth },
    });
    return run.id;
  }

  private leaseHeld(id: string) {
    return and(
      eq(workflowStepRuns.id, id),
      eq(workflowStepRuns.leaseOwner, this.deps.workerId),
      eq(workflowStepRuns.status, "running"),
    );
  }

  private async commitSuccess(
    claimed: typeof workflowStepRuns.$inferSelect,
    jobId: string | null,
    outcome: StepOutcome,
  ): Promise<Chained | null> {
    const { db, queue } = this.deps;
    return db.transaction(async (tx) => {
      let handover: Chained | null = null;
      // A finished step is one more step done: counted as the run's row is locked (one statement
      // for both), and given back below if this worker's lease turns out to be gone.
      const run =
        outcome.kind === "done"
          ? (
              await tx
                .update(workflowRuns)
                .set({ stepsCompleted: sql`${workflowRuns.stepsCompleted} + 1` })
                .where(eq(workflowRuns.id, claimed.runId))
                .returning()
            )[0]
          : await lockRun(tx, claimed.runId);
      const started = claimed.startedAt?.getTime() ?? Date.now();
      if (outcome.kind === "wait") {
        const [row] = await tx
          .update(workflowStepRuns)
          .set({ status: "waiting", childRunId: outcome.childRunId, input: outcome.input })
          .where(this.leaseHeld(claimed.id))
          .returning({ id: workflowStepRuns.id });
        if (row && run) {
          // The child may have ended before this commit: settle the step now.
          const [child] = await tx.select().from(workflowRuns).where(eq(workflowRuns.id, outcome.childRunId));
          if (
            child &&
            (child.status === "success" || child.status === "failed" || child.status === "cancelled")
          ) {
            await tx
              .update(workflowStepRuns)
              .set({
                status: child.status === "success" ? "success" : "failed",
                output: child.status === "success" ? child.output : null,
                error:
                  child.status === "success"
                    ? null
                    : `The sub-workflow run ${child.status}: ${child.errorMessage ?? ""}`,
                completedAt: new Date(),
                durationMs: Date.now() - started,
              })
              .where(eq(workflowStepRuns.id, claimed.id));
            if (child.status === "success") await advance(tx, queue, run);
            else
              await finishRun(tx, queue, run, "failed", {
                error: `Step “${claimed.stepId}” failed: its sub-workflow run ${child.status}.`,
              });
          }
        }
      } else {
        const [row] = await tx
          .update(workflowStepRuns)
          .set({
            status: "success",
            input: outcome.input,
            output: outcome.output ?? null,
            detail: outcome.detail ?? null,
            tokensIn: outcome.tokensIn,
            tokensOut: outcome.tokensOut,
            cost: outcome.costUsd.toFixed(6),
            completedAt: new Date(),
            durationMs: Date.now() - started,
            leaseExpiresAt: null,
          })
          .where(this.leaseHeld(claimed.id))
          .returning({ id: workflowStepRuns.id });
        if (!row && run) {
          await tx
            .update(workflowRuns)
            .set({ stepsCompleted: sql`${workflowRuns.stepsCompleted} - 1` })
            .where(eq(workflowRuns.id, run.id));
        }
        if (row && run) {
          const metered =
            outcome.tokensIn > 0 || outcome.tokensOut > 0 || outcome.costUsd > 0 || outcome.partial;
          if (metered)
            await tx
              .update(workflowRuns)
              .set({
                tokensIn: sql`${workflowRuns.tokensIn} + ${outcome.tokensIn}`,
                tokensOut: sql`${workflowRuns.tokensOut} + ${outcome.tokensOut}`,
                cost: sql`${workflowRuns.cost} + ${outcome.costUsd.toFixed(6)}::numeric`,
                partial: outcome.partial ? true : workflowRuns.partial,
              })
              .where(eq(workflowRuns.id, run.id));
          if (run.status === "running") {
            const next = await advance(tx, queue, run, {
              claimOne: this.stopping ? undefined : { owner: this.deps.workerId, leaseMs: this.leaseMs },
            });
            if (next.claimed) handover = { row: next.claimed, jobId: null, outputs: next.outputs };
          }
        }
      }
      if (jobId) await queue.complete(QUEUES.step, [jobId], tx);
      return handover;
    });
  }

  private async commitFailure(
    claimed: typeof workflowStepRuns.$inferSelect,
    jobId: string | null,
    failure: StepFailure,
    step: WorkflowStepDef | null,
  ): Promise<void> {
    const { db, queue } = this.deps;
    await db.transaction(async (tx) => {
      const run = await lockRun(tx, claimed.runId);
      const [row] = await tx
        .update(workflowStepRuns)
        .set({
          status: run?.status === "running" ? "failed" : "cancelled",
          error: failure.message,
          ...(failure.input !== undefined ? { input: failure.input } : {}),
          errorKind: failure.kind,
          completedAt: new Date(),
          durationMs: Date.now() - (claimed.startedAt?.getTime() ?? Date.now()),
          leaseExpiresAt: null,
        })
        .where(this.leaseHeld(claimed.id))
        .returning({ id: workflowStepRuns.id });
      if (row && run?.status === "running" && step) {
        const policy = retrySchema.parse(step.retry ?? {});
        const [{ n } = { n: 0 }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(workflowStepRuns)
          .where(
            and(
              eq(workflowStepRuns.runId, run.id),
              eq(workflowStepRuns.stepId, claimed.stepId),
              eq(workflowStepRuns.epoch, run.attempt),
              eq(workflowStepRuns.status, "failed"),
            ),
          );
        const retry =
          failure.kind !== null && policy.retryOn.includes(failure.kind) && n < policy.maxAttempts;
        if (retry) {
          await scheduleAttempt(tx, queue, run, claimed, backoffMs(policy, n, failure.retryAfterMs));
        } else {
          const name = step.name ? `“${step.name}” (${step.id})` : `“${step.id}”`;
          const tries = n > 1 ? ` after ${n} attempts` : "";
          await finishRun(tx, queue, run, "failed", {
            error: `Step ${name} failed${tries}: ${failure.message}`,
          });
        }
      }
      if (jobId) await queue.complete(QUEUES.step, [jobId], tx);
    });
  }

  /**
   * Maintenance: steps whose worker stopped renewing their lease get a new attempt (without
   * counting against the retry policy, up to a cap), ready steps whose job was lost are sent again,
   * and runs past their time limit fail.
   */
  async reap(): Promise<{ leases: number; resent: number; timedOut: number }> {
    const { db, queue } = this.deps;
    const expired = await db
      .select({ id: workflowStepRuns.id })
      .from(workflowStepRuns)
      .where(and(eq(workflowStepRuns.status, "running"), lte(workflowStepRuns.leaseExpiresAt, sql`now()`)))
      .orderBy(asc(workflowStepRuns.leaseExpiresAt))
      .limit(200);
    let leases = 0;
    for (const { id } of expired) {
      await db.transaction(async (tx) => {
        const [row] = await tx.select().from(workflowStepRuns).where(eq(workflowStepRuns.id, id));
        if (!row) return;
        const run = await lockRun(tx, row.runId);
        const [lost] = await tx
          .update(workflowStepRuns)
          .set({
            status: "failed",
            error: "The worker running this step stopped responding (its lease expired).",
            errorKind: "lease_lost",
            completedAt: new Date(),
            leaseExpiresAt: null,
          })
          .where(
            and(
              eq(workflowStepRuns.id, id),
              eq(workflowStepRuns.status, "running"),
              lte(workflowStepRuns.leaseExpiresAt, sql`now()`),
            ),
          )
          .returning();
        if (!lost || !run) return;
        leases++;
        if (run.status !== "running") return;
        const [{ n } = { n: 0 }] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(workflowStepRuns)
          .where(
            and(
              eq(workflowStepRuns.runId, run.id),
              eq(workflowStepRuns.stepId, row.stepId),
              eq(workflowStepRuns.epoch, run.attempt),
              eq(workflowStepRuns.errorKind, "lease_lost"),
            ),
          );
        if (n >= MAX_LOST_LEASES) {
          await finishRun(tx, queue, run, "failed", {
            error: `Step “${row.stepId}” failed: its worker stopped ${n} times.`,
          });
        } else {
          await scheduleAttempt(tx, queue, run, row, 0);
        }
      });
    }
    const stale = await db
      .select({ id: workflowStepRuns.id })
      .from(workflowStepRuns)
      .where(
        and(
          eq(workflowStepRuns.status, "ready"),
          lte(workflowStepRuns.availableAt, sql`now() - ${`${this.leaseMs * 2} milliseconds`}::interval`),
        ),
      )
      .limit(500);
    if (stale.length) {
      await db.transaction((tx) =>
        queue.sendMany(
          QUEUES.step,
          stale.map((s) => ({ data: { stepRunId: s.id } })),
          tx,
        ),
      );
    }
    const late = await db
      .select({ id: workflowRuns.id })
      .from(workflowRuns)
      .where(and(eq(workflowRuns.status, "running"), lte(workflowRuns.deadlineAt, sql`now()`)))
      .limit(200);
    for (const { id } of late) {
      await db.transaction(async (tx) => {
        const run = await lockRun(tx, id);
        if (run?.status === "running" && run.deadlineAt && run.deadlineAt.getTime() <= Date.now()) {
          await finishRun(tx, queue, run, "failed", { error: "The run reached its time limit." });
        }
      });
    }
    return { leases, resent: stale.length, timedOut: late.length };
  }
}

/** A new ready attempt of a step (a retry, or after a lost lease), with its job. */
async function scheduleAttempt(
  tx: Db,
  queue: JobQueue,
  run: { id: string; attempt: number },
  row: {
    stepId: string;
    stepType: (typeof workflowStepRuns.$inferSelect)["stepType"];
    attempt: number;
    runId: string;
  },
  delayMs: number,
): Promise<void> {
  const [max] = await tx
    .select({ m: sql<number>`max(${workflowStepRuns.attempt})::int` })
    .from(workflowStepRuns)
    .where(and(eq(workflowStepRuns.runId, run.id), eq(workflowStepRuns.stepId, row.stepId)));
  const availableAt = new Date(Date.now() + delayMs);
  const [next] = await tx
    .insert(workflowStepRuns)
    .values({
      runId: run.id,
      stepId: row.stepId,
      stepType: row.stepType,
      attempt: (max?.m ?? row.attempt) + 1,
      epoch: run.attempt,
      status: "ready",
      availableAt,
    })
    .returning({ id: workflowStepRuns.id });
  if (next)
    await queue.send(
      QUEUES.step,
      { stepRunId: next.id },
      { tx, startAfter: delayMs > 500 ? availableAt : undefined },
    );
}
