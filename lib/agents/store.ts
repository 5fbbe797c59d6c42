import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { AGENT_KINDS, type AIAgent, aiAgents } from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { keyRing } from "@/lib/crypto/keyring";
import { decryptSecret, encryptSecret, maskSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { newWebhookSecret } from "@/lib/workflows/signature";

export const AGENT_HANDLE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const httpUrl = z
  .string()
  .trim()
  .min(1, "Give the webhook URL.")
  .max(2_000, "Use at most 2,000 characters.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, "Use an http or https URL, e.g. https://n8n.example.com/webhook/…");

/** A Standard Webhooks secret: `whsec_` and base64, at least 24 bytes of key. */
const secretInput = z
  .string()
  .trim()
  .regex(/^(whsec_)?[A-Za-z0-9+/]{32,}={0,2}$/, "Use a whsec_… secret (base64, 24 bytes or more).");

const fields = {
  name: z.string().trim().min(1, "Give the agent a name.").max(100, "Use at most 100 characters."),
  handle: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      AGENT_HANDLE,
      "Use lowercase letters, digits, - and _ (up to 40, starting with a letter or digit).",
    ),
  description: z.string().trim().max(1_000, "Use at most 1,000 characters.").optional(),
  kind: z.enum(AGENT_KINDS).default("webhook"),
  webhookUrl: httpUrl,
  n8nWorkflowId: z.string().trim().max(200).optional(),
  enabled: z.boolean().default(true),
};

export const agentCreateSchema = z.object({
  ...fields,
  /** Blank: Prism generates one and shows it once. */
  secret: z.union([secretInput, z.literal("")]).optional(),
});

export const agentUpdateSchema = z.object({
  id: z.uuid("id must be an agent id"),
  name: fields.name.optional(),
  handle: fields.handle.optional(),
  description: fields.description,
  kind: z.enum(AGENT_KINDS).optional(),
  webhookUrl: httpUrl.optional(),
  n8nWorkflowId: fields.n8nWorkflowId,
  enabled: z.boolean().optional(),
  /** A new secret replaces the old one; absent or blank keeps it. */
  secret: z.union([secretInput, z.literal("")]).optional(),
});

export type AgentView = {
  id: string;
  name: string;
  handle: string;
  description: string | null;
  kind: AIAgent["kind"];
  webhookUrl: string;
  n8nWorkflowId: string | null;
  secretHint: string;
  enabled: boolean;
  executionCount: number;
  successCount: number;
  lastStatus: AIAgent["lastStatus"];
  lastError: string | null;
  lastRunAt: Date | null;
  createdAt: Date;
};

const audited = (a: AIAgent) => ({
  name: a.name,
  handle: a.handle,
  kind: a.kind,
  webhookUrl: a.webhookUrl,
  enabled: a.enabled,
});

export function agentSecretOf(agent: AIAgent): string {
  return decryptSecret(agent.secretEncrypted, SECRET_PURPOSE.agentSecret);
}

function toView(a: AIAgent): AgentView {
  return {
    id: a.id,
    name: a.name,
    handle: a.handle,
    description: a.description,
    kind: a.kind,
    webhookUrl: a.webhookUrl,
    n8nWorkflowId: a.n8nWorkflowId,
    secretHint: maskSecret(agentSecretOf(a)),
    enabled: a.enabled,
    executionCount: a.executionCount,
    successCount: a.successCount,
    lastStatus: a.lastStatus,
    lastError: a.lastError,
    lastRunAt: a.lastRunAt,
    createdAt: a.createdAt,
  };
}

/** A unique-violation on (user_id, handle) as the handle field's error. */
function handleTaken(err: unknown, handle: string): never {
  let unique = false;
  for (let e: unknown = err, depth = 0; e && depth < 5 && !unique; depth++) {
    unique = (e as { code?: unknown }).code === "23505";
    e = (e as { cause?: unknown }).cause;
  }
  if (unique) {
    throw new AppError("conflict", `You already have an agent called @${handle}.`, { field: "handle" });
  }
  throw err;
}

/** A user's agents: external workflows (n8n or any webhook) chat can @-mention and workflows call. */
export class AgentModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  private own(id: string) {
    return and(eq(aiAgents.id, id), eq(aiAgents.userId, this.actor.id));
  }

  async list(): Promise<AgentView[]> {
    const rows = await this.db
      .select()
      .from(aiAgents)
      .where(eq(aiAgents.userId, this.actor.id))
      .orderBy(asc(aiAgents.handle));
    return rows.map(toView);
  }

  /** The row itself (with the sealed secret), for calling it. Someone else's id is not found. */
  async row(id: string): Promise<AIAgent> {
    assertId(id, "That agent");
    const [row] = await this.db.select().from(aiAgents).where(this.own(id));
    if (!row) throw notFound("That agent");
    return row;
  }

  async get(id: string): Promise<AgentView> {
    return toView(await this.row(id));
  }

  /** The user's enabled agents among these handles. */
  async enabledByHandles(handles: string[]): Promise<AIAgent[]> {
    if (handles.length === 0) return [];
    return this.db
      .select()
      .from(aiAgents)
      .where(
        and(
          eq(aiAgents.userId, this.actor.id),
          eq(aiAgents.enabled, true),
          inArray(aiAgents.handle, handles),
        ),
      );
  }

  /** Registers an agent. Returns the secret only when Prism generated it (shown once). */
  async create(input: unknown, ctx: RequestContext): Promise<{ agent: AgentView; secret: string | null }> {
    const data = parseInput(agentCreateSchema, input);
    const generated = data.secret ? null : newWebhookSecret();
    const secret = data.secret || (generated as string);
    const row = await this.db
      .transaction(async (tx) => {
        const [created] = await tx
          .insert(aiAgents)
          .values({
            userId: this.actor.id,
            name: data.name,
            handle: data.handle,
            description: data.description || null,
            kind: data.kind,
            webhookUrl: data.webhookUrl,
            n8nWorkflowId: data.n8nWorkflowId || null,
            secretEncrypted: encryptSecret(secret, SECRET_PURPOSE.agentSecret),
            keyVersion: keyRing().current,
            enabled: data.enabled,
          })
          .returning();
        if (!created) throw new AppError("internal", "Could not save the agent.");
        await recordAudit(
          tx,
          {
            actorId: this.actor.id,
            entityType: "ai_agent",
            entityId: created.id,
            action: "created",
            after: audited(created),
          },
          ctx,
        );
        return created;
      })
      .catch((err) => handleTaken(err, data.handle));
    return { agent: toView(row), secret: generated };
  }

  async update(input: unknown, ctx: RequestContext): Promise<AgentView> {
    const data = parseInput(agentUpdateSchema, input);
    const before = await this.row(data.id);
    const patch: Partial<typeof aiAgents.$inferInsert> = {};
    if (data.name !== undefined) patch.name = data.name;
    if (data.handle !== undefined) patch.handle = data.handle;
    if (data.description !== undefined) patch.description = data.description || null;
    if (data.kind !== undefined) patch.kind = data.kind;
    if (data.webhookUrl !== undefined) patch.webhookUrl = data.webhookUrl;
    if (data.n8nWorkflowId !== undefined) patch.n8nWorkflowId = data.n8nWorkflowId || null;
    if (data.enabled !== undefined) patch.enabled = data.enabled;
    if (data.secret) {
      patch.secretEncrypted = encryptSecret(data.secret, SECRET_PURPOSE.agentSecret);
      patch.keyVersion = keyRing().current;
    }
    const row = await this.db
      .transaction(async (tx) => {
        const [updated] = await tx.update(aiAgents).set(patch).where(this.own(data.id)).returning();
        if (!updated) throw notFound("That agent");
        await recordAudit(
          tx,
          {
            actorId: this.actor.id,
            entityType: "ai_agent",
            entityId: updated.id,
            action: "updated",
            before: audited(before),
            after: audited(updated),
            metadata: data.secret ? { secretReplaced: true } : {},
          },
          ctx,
        );
        return updated;
      })
      .catch((err) => handleTaken(err, data.handle ?? before.handle));
    return toView(row);
  }

  async remove(id: string, ctx: RequestContext): Promise<void> {
    assertId(id, "That agent");
    await this.db.transaction(async (tx) => {
      const [gone] = await tx.delete(aiAgents).where(this.own(id)).returning();
      if (!gone) throw notFound("That agent");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "ai_agent",
          entityId: id,
          action: "deleted",
          before: audited(gone),
        },
        ctx,
      );
    });
  }
}
