import { createHash } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type WorkflowDefinitionJson, type WorkflowStatus, workflows, workflowVersions } from "@/db/schema";
import { resolveModelRef } from "@/lib/ai/model-ref";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { decryptSecret, encryptSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { resolveRunnable } from "@/lib/marketplace/access";
import { canonicalJson, type DefinitionIssue, parseDefinition, type WorkflowDefinition } from "./definition";
import { loadVersion } from "./engine";
import { cronProblem, nextFireTimes } from "./schedule";
import { newWebhookSecret } from "./signature";
import { validateGraph } from "./validate";

export const STARTER_DEFINITION: WorkflowDefinition = {
  inputSchema: [{ name: "text", type: "string", required: true, description: "What to work on" }],
  steps: [
    {
      id: "transform",
      type: "transform",
      name: "Clean up",
      config: { op: "template", source: "{{input.text}}" },
      position: { x: 0, y: 0 },
    },
  ],
  edges: [],
};

const settingsInput = z.object({
  name: z.string().trim().min(1, "give the workflow a name").max(200).optional(),
  description: z.string().trim().max(2_000).nullable().optional(),
  concurrencyLimit: z.number().int().min(1, "at least 1").max(100, "at most 100").optional(),
  runTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .nullable()
    .optional(),
  retentionDays: z.number().int().min(1).max(3650).nullable().optional(),
  keepSuccessStepData: z.boolean().optional(),
});
export type WorkflowSettingsInput = z.infer<typeof settingsInput>;

const scheduleInput = z
  .object({
    cron: z.string().trim().min(1, "give a cron expression").max(200),
    timezone: z.string().trim().min(1).max(100).default("UTC"),
    enabled: z.boolean().default(true),
  })
  .nullable();

const secretName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, "secret names are UPPER_CASE letters, digits and _");
const secretsInput = z.record(secretName, z.string().max(10_000).nullable());

export type WorkflowSummary = {
  id: string;
  name: string;
  description: string | null;
  status: WorkflowStatus;
  version: number;
  stepCount: number;
  triggers: { manual: true; scheduled: boolean; webhook: boolean; api: boolean };
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  runCount: number;
  successCount: number;
  errorCount: number;
  nextRunAt: Date | null;
  updatedAt: Date;
};

function issueError(issues: DefinitionIssue[]): AppError {
  const first = issues[0];
  const where = first?.stepId ? `Step “${first.stepId}”, ${first.field}` : (first?.field ?? "definition");
  return new AppError("validation_failed", `${where}: ${first?.message ?? "invalid workflow"}`, {
    field: first?.field,
    details: { issues },
  });
}

function hashOf(def: WorkflowDefinition): string {
  return createHash("sha256").update(canonicalJson(def)).digest("hex");
}

/**
 * A user's workflows (tenant-scoped: every query ANDs the owner). Saving publishes an immutable
 * version; settings, triggers and secrets are workflow-level and audited.
 */
export class WorkflowModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  private owned(id: string) {
    return and(eq(workflows.id, id), eq(workflows.userId, this.actor.id), isNull(workflows.deletedAt));
  }

  async row(id: string) {
    assertId(id, "That workflow");
    const [wf] = await this.db.select().from(workflows).where(this.owned(id));
    if (!wf) throw notFound("That workflow");
    return wf;
  }

  async list(opts: { includeArchived?: boolean } = {}): Promise<WorkflowSummary[]> {
    const rows = await this.db
      .select({
        wf: workflows,
        stepCount: sql<number>`coalesce(jsonb_array_length(${workflowVersions.definition}->'steps'), 0)::int`,
      })
      .from(workflows)
      .leftJoin(workflowVersions, eq(workflowVersions.id, workflows.currentVersionId))
      .where(and(eq(workflows.userId, this.actor.id), isNull(workflows.deletedAt)))
      .orderBy(desc(workflows.updatedAt));
    return rows
      .filter((r) => opts.includeArchived || r.wf.status !== "archived")
      .map(({ wf, stepCount }) => ({
        id: wf.id,
        name: wf.name,
        description: wf.description,
        status: wf.status,
        version: wf.version,
        stepCount,
        triggers: {
          manual: true,
          scheduled: !!wf.cron,
          webhook: !!wf.triggers.webhook?.enabled,
          api: wf.triggers.api?.enabled !== false,
        },
        lastRunAt: wf.lastRunAt,
        lastRunStatus: wf.lastRunStatus,
        runCount: wf.runCount,
        successCount: wf.successCount,
        errorCount: wf.errorCount,
        nextRunAt: wf.cron && wf.status === "active" ? wf.nextRunAt : null,
        updatedAt: wf.updatedAt,
      }));
  }

  /** The workflow with its current definition, schedule preview and secret names (never values). */
  async get(id: string) {
    const wf = await this.row(id);
    const current = wf.currentVersionId ? await loadVersion(this.db, wf.currentVersionId) : null;
    const schedule = wf.cron
      ? { cron: wf.cron, timezone: wf.cronTimezone, enabled: wf.status === "active" }
      : null;
    return {
      id: wf.id,
      name: wf.name,
      description: wf.description,
      status: wf.status,
      version: wf.version,
      currentVersionId: wf.currentVersionId,
      definition: current?.definition ?? STARTER_DEFINITION,
      settings: {
        concurrencyLimit: wf.concurrencyLimit,
        runTimeoutSeconds: wf.runTimeoutSeconds,
        retentionDays: wf.retentionDays,
        keepSuccessStepData: wf.keepSuccessStepData,
      },
      schedule,
      nextFireTimes: wf.cron ? nextFireTimes(wf.cron, wf.cronTimezone, 5) : [],
      webhookEnabled: !!wf.triggers.webhook?.enabled,
      apiEnabled: wf.triggers.api?.enabled !== false,
      secretNames: Object.keys(this.secretsOf(wf.secretsEncrypted)).sort(),
      counters: {
        runs: wf.runCount,
        successes: wf.successCount,
        errors: wf.errorCount,
        lastRunStatus: wf.lastRunStatus,
      },
    };
  }

  private secretsOf(envelope: string | null): Record<string, string> {
    return envelope
      ? (JSON.parse(decryptSecret(envelope, SECRET_PURPOSE.workflowSecrets)) as Record<string, string>)
      : {};
  }

  /** Parses and checks a graph as saved by this user; throws a 422 naming the step and field. */
  async check(
    definition: unknown,
    workflowId: string | null,
    secretNames: string[],
  ): Promise<WorkflowDefinition> {
    const parsed = parseDefinition(definition);
    if (!parsed.ok) throw issueError(parsed.issues);
    const def = parsed.definition;
    const issues = validateGraph(def, { secretNames });
    for (const step of def.steps) {
      const models =
        step.type === "model"
          ? [step.config.model]
          : step.type === "multi_model"
            ? [...step.config.models, ...(step.config.judgeModel ? [step.config.judgeModel] : [])]
            : step.type === "template" && step.config.model
              ? [step.config.model]
              : [];
      for (const m of models) {
        await resolveModelRef(this.db, this.actor, m).catch((err: unknown) => {
          issues.push({
            stepId: step.id,
            field: "config.model",
            message: err instanceof Error ? err.message : String(err),
          });
        });
      }
      if (step.type === "template") {
        await resolveRunnable(this.db, this.actor, step.config.templateId).catch(() => {
          issues.push({
            stepId: step.id,
            field: "config.templateId",
            message: "You may not use that template: own it, buy it, or pick a free one.",
          });
        });
      }
      if (step.type === "subworkflow") {
        const problem = await this.subworkflowProblem(workflowId, step.config.workflowId, def);
        if (problem) issues.push({ stepId: step.id, field: "config.workflowId", message: problem });
      }
    }
    if (issues.length) throw issueError(issues);
    return def;
  }

  /** A sub-workflow must be the user's and must not lead back to this workflow (checked 5 deep). */
  private async subworkflowProblem(
    selfId: string | null,
    targetId: string,
    selfDef: WorkflowDefinition,
  ): Promise<string | null> {
    if (targetId === selfId) return "A workflow cannot run itself as a sub-workflow.";
    const [target] = await this.db.select().from(workflows).where(this.owned(targetId));
    if (!target) return "That workflow does not exist or is not yours.";
    let frontier = [targetId];
    for (let depth = 1; depth <= 5 && frontier.length; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        const [wf] = await this.db
          .select({ v: workflows.currentVersionId })
          .from(workflows)
          .where(eq(workflows.id, id));
        const def = id === selfId ? selfDef : wf?.v ? (await loadVersion(this.db, wf.v)).definition : null;
        for (const s of def?.steps ?? []) {
          if (s.type !== "subworkflow") continue;
          if (s.config.workflowId === selfId)
            return "That workflow runs this one as a sub-workflow: the two would call each other forever.";
          next.push(s.config.workflowId);
        }
      }
      frontier = next;
    }
    if (frontier.length) return "Sub-workflows nest at most 5 deep.";
    return null;
  }

  async create(
    input: { name: string; description?: string | null; definition?: unknown },
    ctx: RequestContext,
  ) {
    const meta = parseInput(
      settingsInput.pick({ name: true, description: true }).required({ name: true }),
      input,
    );
    const def = await this.check(input.definition ?? STARTER_DEFINITION, null, []);
    const id = await this.db.transaction(async (tx) => {
      const [wf] = await tx
        .insert(workflows)
        .values({
          userId: this.actor.id,
          name: meta.name,
          description: meta.description ?? null,
          triggers: { api: { enabled: true } },
        })
        .returning({ id: workflows.id });
      if (!wf) throw new AppError("internal", "The workflow was not created.");
      await this.publish(tx, wf.id, def, "Created", 0);
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: wf.id,
          action: "created",
          after: { name: meta.name },
        },
        ctx,
      );
      return wf.id;
    });
    return this.get(id);
  }

  private async publish(
    tx: Db,
    workflowId: string,
    def: WorkflowDefinition,
    changelog: string | null,
    current: number,
  ) {
    const version = current + 1;
    const [v] = await tx
      .insert(workflowVersions)
      .values({
        workflowId,
        version,
        definition: def as unknown as WorkflowDefinitionJson,
        hash: hashOf(def),
        changelog,
        createdBy: this.actor.id,
      })
      .returning({ id: workflowVersions.id });
    if (!v) throw new AppError("internal", "The version was not saved.");
    await tx.update(workflows).set({ currentVersionId: v.id, version }).where(eq(workflows.id, workflowId));
    return { id: v.id, version };
  }

  /** Saves the graph as a new immutable version (nothing when it did not change). */
  async save(id: string, input: { definition: unknown; changelog?: string | null }, ctx: RequestContext) {
    const wf = await this.row(id);
    const def = await this.check(input.definition, id, Object.keys(this.secretsOf(wf.secretsEncrypted)));
    const changelog = input.changelog ? String(input.changelog).slice(0, 500) : null;
    const result = await this.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(workflows).where(this.owned(id)).for("update");
      if (!locked) throw notFound("That workflow");
      if (locked.currentVersionId) {
        const [cur] = await tx
          .select({ hash: workflowVersions.hash })
          .from(workflowVersions)
          .where(eq(workflowVersions.id, locked.currentVersionId));
        if (cur?.hash === hashOf(def)) return { version: locked.version, changed: false };
      }
      const v = await this.publish(tx, id, def, changelog, locked.version);
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: id,
          action: "version_published",
          after: { version: v.version, changelog },
        },
        ctx,
      );
      return { version: v.version, changed: true };
    });
    return result;
  }

  async versions(id: string) {
    await this.row(id);
    return this.db
      .select({
        id: workflowVersions.id,
        version: workflowVersions.version,
        changelog: workflowVersions.changelog,
        createdAt: workflowVersions.createdAt,
        definition: workflowVersions.definition,
      })
      .from(workflowVersions)
      .where(eq(workflowVersions.workflowId, id))
      .orderBy(desc(workflowVersions.version));
  }

  /** Publishes a copy of an old version as the newest one. */
  async restore(id: string, version: number, ctx: RequestContext) {
    const wf = await this.row(id);
    const [old] = await this.db
      .select()
      .from(workflowVersions)
      .where(and(eq(workflowVersions.workflowId, id), eq(workflowVersions.version, version)));
    if (!old) throw notFound("That version");
    return this.save(id, { definition: old.definition, changelog: `Restored version ${version}` }, ctx).then(
      (r) => ({ ...r, from: wf.version }),
    );
  }

  async updateSettings(id: string, input: unknown, ctx: RequestContext) {
    const before = await this.row(id);
    const data = parseInput(settingsInput, input);
    await this.db.transaction(async (tx) => {
      await tx.update(workflows).set(data).where(this.owned(id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: id,
          action: "settings_updated",
          before: {
            name: before.name,
            concurrencyLimit: before.concurrencyLimit,
            runTimeoutSeconds: before.runTimeoutSeconds,
            retentionDays: before.retentionDays,
            keepSuccessStepData: before.keepSuccessStepData,
          },
          after: data,
        },
        ctx,
      );
    });
    return this.get(id);
  }

  async setStatus(id: string, status: WorkflowStatus, ctx: RequestContext) {
    const before = await this.row(id);
    const value = parseInput(z.enum(["active", "paused", "archived"]), status);
    await this.db.transaction(async (tx) => {
      await tx.update(workflows).set({ status: value }).where(this.owned(id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: id,
          action: `status_${value}`,
          before: { status: before.status },
          after: { status: value },
        },
        ctx,
      );
    });
  }

  async duplicate(id: string, ctx: RequestContext) {
    const wf = await this.get(id);
    return this.create(
      { name: `${wf.name} (copy)`.slice(0, 200), description: wf.description, definition: wf.definition },
      ctx,
    );
  }

  async remove(id: string, ctx: RequestContext) {
    await this.row(id);
    await this.db.transaction(async (tx) => {
      await tx
        .update(workflows)
        .set({ deletedAt: new Date(), status: "archived", cron: null, nextRunAt: null })
        .where(this.owned(id));
      await recordAudit(
        tx,
        { actorId: this.actor.id, entityType: "workflow", entityId: id, action: "deleted" },
        ctx,
      );
    });
  }

  /** Sets (or, with null, removes) the scheduled trigger. */
  async setSchedule(id: string, input: unknown, ctx: RequestContext) {
    const wf = await this.row(id);
    const data = parseInput(scheduleInput, input);
    let nextRunAt: Date | null = null;
    if (data) {
      const problem = cronProblem(data.cron, data.timezone);
      if (problem) throw new AppError("validation_failed", `cron: ${problem}`, { field: "cron" });
      const def = wf.currentVersionId ? (await loadVersion(this.db, wf.currentVersionId)).definition : null;
      const missing =
        def?.inputSchema.filter((f) => f.required && f.default === undefined).map((f) => f.name) ?? [];
      if (missing.length) {
        throw new AppError(
          "validation_failed",
          `cron: a scheduled run has no input, so give ${missing.join(", ")} a default or make ${missing.length > 1 ? "them" : "it"} optional.`,
          { field: "cron" },
        );
      }
      nextRunAt = data.enabled ? (nextFireTimes(data.cron, data.timezone, 1)[0] ?? null) : null;
    }
    await this.db.transaction(async (tx) => {
      await tx
        .update(workflows)
        .set({
          cron: data?.enabled ? data.cron : null,
          cronTimezone: data?.timezone ?? "UTC",
          nextRunAt,
          triggers: {
            ...wf.triggers,
            schedule: data ? { cron: data.cron, timezone: data.timezone, enabled: data.enabled } : null,
          },
        })
        .where(this.owned(id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: id,
          action: "schedule_updated",
          before: wf.triggers.schedule ?? null,
          after: data,
        },
        ctx,
      );
    });
    return { nextFireTimes: data?.enabled ? nextFireTimes(data.cron, data.timezone, 5) : [] };
  }

  /** Turns the webhook trigger on or off; a signing secret is made the first time. */
  async setWebhook(id: string, enabled: boolean, ctx: RequestContext, opts: { rotate?: boolean } = {}) {
    const wf = await this.row(id);
    const secret = !wf.webhookSecretEncrypted || opts.rotate ? newWebhookSecret() : null;
    await this.db.transaction(async (tx) => {
      await tx
        .update(workflows)
        .set({
          triggers: { ...wf.triggers, webhook: { enabled } },
          ...(secret
            ? { webhookSecretEncrypted: encryptSecret(secret, SECRET_PURPOSE.workflowWebhookSecret) }
            : {}),
        })
        .where(this.owned(id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: id,
          action: opts.rotate ? "webhook_secret_rotated" : enabled ? "webhook_enabled" : "webhook_disabled",
        },
        ctx,
      );
    });
  }

  async setApiTrigger(id: string, enabled: boolean, ctx: RequestContext) {
    const wf = await this.row(id);
    await this.db.transaction(async (tx) => {
      await tx
        .update(workflows)
        .set({ triggers: { ...wf.triggers, api: { enabled } } })
        .where(this.owned(id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: id,
          action: enabled ? "api_trigger_enabled" : "api_trigger_disabled",
        },
        ctx,
      );
    });
  }

  /** The signing secret, for the owner to configure a sender. */
  async webhookSecret(id: string): Promise<string | null> {
    const wf = await this.row(id);
    return wf.webhookSecretEncrypted
      ? decryptSecret(wf.webhookSecretEncrypted, SECRET_PURPOSE.workflowWebhookSecret)
      : null;
  }

  /** Sets secrets (null removes one); values are encrypted and never shown again. */
  async setSecrets(id: string, input: unknown, ctx: RequestContext): Promise<string[]> {
    const wf = await this.row(id);
    const changes = parseInput(secretsInput, input);
    const secrets = this.secretsOf(wf.secretsEncrypted);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete secrets[k];
      else secrets[k] = v;
    }
    await this.db.transaction(async (tx) => {
      await tx
        .update(workflows)
        .set({
          secretsEncrypted: Object.keys(secrets).length
            ? encryptSecret(JSON.stringify(secrets), SECRET_PURPOSE.workflowSecrets)
            : null,
        })
        .where(this.owned(id));
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "workflow",
          entityId: id,
          action: "secrets_updated",
          after: { names: Object.keys(changes) },
        },
        ctx,
      );
    });
    return Object.keys(secrets).sort();
  }
}
