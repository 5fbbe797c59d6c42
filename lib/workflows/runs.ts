import { and, asc, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  WORKFLOW_RUN_STATUSES,
  WORKFLOW_TRIGGER_TYPES,
  type WorkflowTriggerType,
  workflowRuns,
  workflowStepRuns,
  workflows,
} from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { cancelRun, createRun, loadVersion, resumeRun, reusableSteps } from "./engine";
import { applyInputSchema } from "./input";
import type { JobQueue } from "./queue";

export const runFilters = z.object({
  status: z.enum(WORKFLOW_RUN_STATUSES).optional(),
  trigger: z.enum(WORKFLOW_TRIGGER_TYPES).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export type StartOptions = {
  trigger: WorkflowTriggerType;
  idempotencyKey?: string | null;
  apiKeyId?: string | null;
  triggerData?: Record<string, unknown>;
};

/** Runs of a user's workflows: start, read, cancel, resume, re-run. Every id is checked against the owner. */
export class WorkflowRunsModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly queue: JobQueue,
  ) {}

  private async workflow(id: string) {
    assertId(id, "That workflow");
    const [wf] = await this.db
      .select()
      .from(workflows)
      .where(and(eq(workflows.id, id), eq(workflows.userId, this.actor.id)));
    if (!wf || wf.deletedAt) throw notFound("That workflow");
    return wf;
  }

  async run(runId: string) {
    assertId(runId, "That run");
    const [run] = await this.db
      .select()
      .from(workflowRuns)
      .where(and(eq(workflowRuns.id, runId), eq(workflowRuns.userId, this.actor.id)));
    if (!run) throw notFound("That run");
    return run;
  }

  /** Starts a run with validated input (the workflow's input schema). */
  async start(workflowId: string, rawInput: unknown, opts: StartOptions) {
    const wf = await this.workflow(workflowId);
    if (wf.status !== "active") {
      throw new AppError("conflict", `This workflow is ${wf.status}; resume it to run it.`);
    }
    if (!wf.currentVersionId) throw new AppError("conflict", "Save the workflow before running it.");
    const { definition } = await loadVersion(this.db, wf.currentVersionId);
    const input = applyInputSchema(definition.inputSchema, rawInput ?? {});
    if (!input.ok) {
      const first = input.issues[0];
      throw new AppError("validation_failed", `input.${first?.field}: ${first?.message}`, {
        field: `input.${first?.field}`,
        details: { issues: input.issues },
      });
    }
    return createRun(this.db, this.queue, {
      workflowId,
      userId: this.actor.id,
      versionId: wf.currentVersionId,
      triggerType: opts.trigger,
      triggerData: opts.triggerData,
      input: input.value,
      idempotencyKey: opts.idempotencyKey ?? null,
      apiKeyId: opts.apiKeyId ?? null,
    });
  }

  async list(workflowId: string | null, filters: unknown) {
    const f = parseInput(runFilters, filters ?? {});
    if (workflowId) await this.workflow(workflowId);
    const where: SQL[] = [eq(workflowRuns.userId, this.actor.id)];
    if (workflowId) where.push(eq(workflowRuns.workflowId, workflowId));
    if (f.status) where.push(eq(workflowRuns.status, f.status));
    if (f.trigger) where.push(eq(workflowRuns.triggerType, f.trigger));
    if (f.from) where.push(gte(workflowRuns.queuedAt, f.from));
    if (f.to) where.push(lte(workflowRuns.queuedAt, f.to));
    return this.db
      .select({
        id: workflowRuns.id,
        workflowId: workflowRuns.workflowId,
        workflowName: workflows.name,
        status: workflowRuns.status,
        triggerType: workflowRuns.triggerType,
        stepsCompleted: workflowRuns.stepsCompleted,
        stepsTotal: workflowRuns.stepsTotal,
        attempt: workflowRuns.attempt,
        partial: workflowRuns.partial,
        tokensIn: workflowRuns.tokensIn,
        tokensOut: workflowRuns.tokensOut,
        cost: workflowRuns.cost,
        errorMessage: workflowRuns.errorMessage,
        queuedAt: workflowRuns.queuedAt,
        startedAt: workflowRuns.startedAt,
        completedAt: workflowRuns.completedAt,
      })
      .from(workflowRuns)
      .innerJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
      .where(and(...where))
      .orderBy(desc(workflowRuns.queuedAt))
      .limit(f.limit)
      .offset(f.offset);
  }

  /** A run with every step attempt, and the graph of the version it ran. */
  async detail(runId: string) {
    const run = await this.run(runId);
    const steps = await this.db
      .select()
      .from(workflowStepRuns)
      .where(eq(workflowStepRuns.runId, runId))
      .orderBy(asc(workflowStepRuns.createdAt), asc(workflowStepRuns.attempt));
    const { definition } = await loadVersion(this.db, run.versionId);
    return {
      run,
      definition,
      steps: steps.map(({ leaseOwner: _owner, ...s }) => s),
    };
  }

  async cancel(runId: string, ctx: RequestContext): Promise<boolean> {
    const run = await this.run(runId);
    const cancelled = await cancelRun(this.db, this.queue, run.id);
    if (!cancelled) throw new AppError("conflict", `This run already ended (${run.status}).`);
    await recordAudit(
      this.db,
      { actorId: this.actor.id, entityType: "workflow_run", entityId: run.id, action: "cancelled" },
      ctx,
    );
    return true;
  }

  async resume(runId: string, version: "pinned" | "current", ctx: RequestContext) {
    const run = await this.run(runId);
    const resumed = await resumeRun(this.db, this.queue, run.id, {
      version: parseInput(z.enum(["pinned", "current"]), version),
    });
    await recordAudit(
      this.db,
      {
        actorId: this.actor.id,
        entityType: "workflow_run",
        entityId: run.id,
        action: "resumed",
        after: { attempt: resumed.attempt, version },
      },
      ctx,
    );
    return resumed;
  }

  /** A new run with the same input: from the start, or from a chosen step reusing the other outputs. */
  async rerun(runId: string, fromStep: string | null, ctx: RequestContext) {
    const run = await this.run(runId);
    const wf = await this.workflow(run.workflowId);
    const reuse = fromStep ? await reusableSteps(this.db, run, fromStep) : [];
    const { run: next } = await createRun(this.db, this.queue, {
      workflowId: run.workflowId,
      userId: this.actor.id,
      // From a chosen step, the graph the outputs came from; from the start, the current one.
      versionId: fromStep ? run.versionId : (wf.currentVersionId ?? run.versionId),
      triggerType: "manual",
      triggerData: { rerunOf: run.id, fromStep },
      input: (run.input as Record<string, unknown>) ?? {},
      rerunOfRunId: run.id,
      reuse,
    });
    await recordAudit(
      this.db,
      {
        actorId: this.actor.id,
        entityType: "workflow_run",
        entityId: next.id,
        action: "rerun",
        after: { of: run.id, fromStep },
      },
      ctx,
    );
    return next;
  }

  /** Waits (up to `seconds`) for a run to end; returns it as it is then. */
  async wait(runId: string, seconds: number) {
    const until = Date.now() + Math.min(Math.max(seconds, 0), 60) * 1000;
    for (;;) {
      const run = await this.run(runId);
      if (
        run.status === "success" ||
        run.status === "failed" ||
        run.status === "cancelled" ||
        Date.now() >= until
      )
        return run;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
