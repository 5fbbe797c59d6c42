import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  type OmniBridgeSync,
  omniBridgeSync,
  SYNC_DATA_KINDS,
  SYNC_SCHEDULES,
  type SyncDataKind,
  type SyncDelivery,
  syncDeliveries,
} from "@/db/schema";
import { type RequestContext, recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { keyRing } from "@/lib/crypto/keyring";
import { encryptSecret, maskSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { newWebhookSecret } from "@/lib/workflows/signature";
import { apiKeyOf, kindsOf, queueDeliveries } from "./deliver";

const httpUrl = z
  .string()
  .trim()
  .min(1, "Give the target URL.")
  .max(2_000, "Use at most 2,000 characters.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, "Use an http or https URL.");

const kinds = z
  .array(z.enum(SYNC_DATA_KINDS))
  .min(1, "Choose at least one kind of data to send.")
  .transform((k) => [...new Set(k)]);

export const syncTargetCreateSchema = z.object({
  name: z.string().trim().min(1, "Give the target a name.").max(100, "Use at most 100 characters."),
  url: httpUrl,
  apiKey: z.string().trim().min(1, "Give the API key the target expects.").max(2_000),
  kinds,
  schedule: z.enum(SYNC_SCHEDULES).default("on_change"),
  enabled: z.boolean().default(true),
});

export const syncTargetUpdateSchema = z.object({
  id: z.uuid("id must be a sync target id"),
  name: syncTargetCreateSchema.shape.name.optional(),
  url: httpUrl.optional(),
  /** Blank keeps the stored key. */
  apiKey: z.string().trim().max(2_000).optional(),
  kinds: kinds.optional(),
  schedule: z.enum(SYNC_SCHEDULES).optional(),
  enabled: z.boolean().optional(),
});

export type SyncTargetView = {
  id: string;
  name: string;
  url: string;
  apiKeyHint: string;
  kinds: SyncDataKind[];
  schedule: OmniBridgeSync["schedule"];
  enabled: boolean;
  status: OmniBridgeSync["syncStatus"];
  lastError: string | null;
  lastSyncAt: Date | null;
  createdAt: Date;
};

function toView(t: OmniBridgeSync): SyncTargetView {
  return {
    id: t.id,
    name: t.name,
    url: t.omniBridgeUrl,
    apiKeyHint: maskSecret(apiKeyOf(t)),
    kinds: kindsOf(t),
    schedule: t.schedule,
    enabled: t.syncEnabled,
    status: t.syncStatus,
    lastError: t.lastError,
    lastSyncAt: t.lastSyncAt,
    createdAt: t.createdAt,
  };
}

const audited = (t: OmniBridgeSync) => ({
  name: t.name,
  url: t.omniBridgeUrl,
  kinds: kindsOf(t),
  schedule: t.schedule,
  enabled: t.syncEnabled,
});

/** A user's outbound sync (Omni-Bridge) targets and their delivery log. */
export class SyncTargetModel {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  private own(id: string) {
    return and(eq(omniBridgeSync.id, id), eq(omniBridgeSync.userId, this.actor.id));
  }

  async list(): Promise<SyncTargetView[]> {
    const rows = await this.db
      .select()
      .from(omniBridgeSync)
      .where(eq(omniBridgeSync.userId, this.actor.id))
      .orderBy(desc(omniBridgeSync.createdAt));
    return rows.map(toView);
  }

  async row(id: string): Promise<OmniBridgeSync> {
    assertId(id, "That sync target");
    const [row] = await this.db.select().from(omniBridgeSync).where(this.own(id));
    if (!row) throw notFound("That sync target");
    return row;
  }

  /** Adds a target; the signing secret is generated here and returned once. */
  async create(
    input: unknown,
    ctx: RequestContext,
  ): Promise<{ target: SyncTargetView; signingSecret: string }> {
    const data = parseInput(syncTargetCreateSchema, input);
    const signingSecret = newWebhookSecret();
    const row = await this.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(omniBridgeSync)
        .values({
          userId: this.actor.id,
          name: data.name,
          omniBridgeUrl: data.url,
          apiKeyEncrypted: encryptSecret(data.apiKey, SECRET_PURPOSE.omniBridgeKey),
          signingSecretEncrypted: encryptSecret(signingSecret, SECRET_PURPOSE.omniBridgeSigningSecret),
          keyVersion: keyRing().current,
          schedule: data.schedule,
          syncEnabled: data.enabled,
          syncData: { kinds: data.kinds, cursors: {} },
        })
        .returning();
      if (!created) throw new AppError("internal", "Could not save the sync target.");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "sync_target",
          entityId: created.id,
          action: "created",
          after: audited(created),
        },
        ctx,
      );
      return created;
    });
    return { target: toView(row), signingSecret };
  }

  async update(input: unknown, ctx: RequestContext): Promise<SyncTargetView> {
    const data = parseInput(syncTargetUpdateSchema, input);
    const before = await this.row(data.id);
    const patch: Partial<typeof omniBridgeSync.$inferInsert> = {};
    if (data.name !== undefined) patch.name = data.name;
    if (data.url !== undefined) patch.omniBridgeUrl = data.url;
    if (data.apiKey) patch.apiKeyEncrypted = encryptSecret(data.apiKey, SECRET_PURPOSE.omniBridgeKey);
    if (data.kinds !== undefined) patch.syncData = { ...before.syncData, kinds: data.kinds };
    if (data.schedule !== undefined) patch.schedule = data.schedule;
    if (data.enabled !== undefined) patch.syncEnabled = data.enabled;
    const row = await this.db.transaction(async (tx) => {
      const [updated] = await tx.update(omniBridgeSync).set(patch).where(this.own(data.id)).returning();
      if (!updated) throw notFound("That sync target");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "sync_target",
          entityId: updated.id,
          action: "updated",
          before: audited(before),
          after: audited(updated),
          metadata: data.apiKey ? { apiKeyReplaced: true } : {},
        },
        ctx,
      );
      return updated;
    });
    return toView(row);
  }

  /** A new signing secret (the receiver must be updated); returned once. */
  async rotateSecret(id: string, ctx: RequestContext): Promise<string> {
    await this.row(id);
    const signingSecret = newWebhookSecret();
    await this.db.transaction(async (tx) => {
      await tx
        .update(omniBridgeSync)
        .set({
          signingSecretEncrypted: encryptSecret(signingSecret, SECRET_PURPOSE.omniBridgeSigningSecret),
          keyVersion: keyRing().current,
        })
        .where(this.own(id));
      await recordAudit(
        tx,
        { actorId: this.actor.id, entityType: "sync_target", entityId: id, action: "secret_rotated" },
        ctx,
      );
    });
    return signingSecret;
  }

  async remove(id: string, ctx: RequestContext): Promise<void> {
    assertId(id, "That sync target");
    await this.db.transaction(async (tx) => {
      const [gone] = await tx.delete(omniBridgeSync).where(this.own(id)).returning();
      if (!gone) throw notFound("That sync target");
      await recordAudit(
        tx,
        {
          actorId: this.actor.id,
          entityType: "sync_target",
          entityId: id,
          action: "deleted",
          before: audited(gone),
        },
        ctx,
      );
    });
  }

  /** "Sync now": one delivery per kind the target sends, whether or not anything changed. */
  async syncNow(id: string, ctx: RequestContext): Promise<string[]> {
    const target = await this.row(id);
    if (!target.syncEnabled) throw new AppError("conflict", "This target is paused; resume it first.");
    const ids = await queueDeliveries(this.db, target, "manual");
    await recordAudit(
      this.db,
      {
        actorId: this.actor.id,
        entityType: "sync_target",
        entityId: id,
        action: "sync_requested",
        metadata: { deliveries: ids.length },
      },
      ctx,
    );
    return ids;
  }

  async deliveries(id: string, limit = 50): Promise<SyncDelivery[]> {
    await this.row(id);
    return this.db
      .select()
      .from(syncDeliveries)
      .where(and(eq(syncDeliveries.syncId, id), eq(syncDeliveries.userId, this.actor.id)))
      .orderBy(desc(syncDeliveries.createdAt))
      .limit(limit);
  }
}
