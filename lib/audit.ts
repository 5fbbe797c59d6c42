import type { Db } from "@/db/client";
import { auditLogs } from "@/db/schema";

export type RequestContext = { ip: string | null; userAgent: string | null };

export type AuditEntry = {
  actorId: string | null;
  entityType: string;
  entityId?: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown>;
};

/** Writes one audit row. Call it inside the transaction that makes the change, so both land or neither. */
export async function recordAudit(db: Db, entry: AuditEntry, ctx: RequestContext): Promise<void> {
  await db.insert(auditLogs).values({
    userId: entry.actorId,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    action: entry.action,
    changes:
      entry.before === undefined && entry.after === undefined
        ? null
        : { before: entry.before, after: entry.after },
    ipAddress: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    metadata: entry.metadata ?? {},
  });
}
