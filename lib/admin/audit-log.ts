import { and, count, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditLogs, users } from "@/db/schema";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { parseInput } from "@/lib/errors";

const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use the form YYYY-MM-DD")
  .optional();

export const auditQuery = z.object({
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(254).optional(),
  entityId: z.string().trim().max(100).optional(),
  from: dateOnly,
  to: dateOnly,
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof auditQuery>;

export type AuditRow = {
  id: string;
  createdAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  entityType: string;
  entityId: string | null;
  action: string;
  changes: { before?: unknown; after?: unknown } | null;
  ipAddress: string | null;
  userAgent: string | null;
};

/** Admin → Audit log: filterable, newest first. */
export class AuditLogRepo {
  constructor(
    private readonly db: Db,
    actor: Actor,
  ) {
    requireAdmin(actor);
  }

  async list(
    query: AuditQuery,
  ): Promise<{ rows: AuditRow[]; total: number; page: number; pageSize: number }> {
    const q = parseInput(auditQuery, query);
    const filters: SQL[] = [];
    if (q.action) filters.push(eq(auditLogs.action, q.action));
    if (q.entityType) filters.push(eq(auditLogs.entityType, q.entityType));
    if (q.entityId) filters.push(eq(auditLogs.entityId, q.entityId));
    if (q.actor) filters.push(ilike(users.email, `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    if (q.from) filters.push(gte(auditLogs.createdAt, new Date(`${q.from}T00:00:00Z`)));
    if (q.to)
      filters.push(lt(auditLogs.createdAt, new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000)));
    const where = filters.length ? and(...filters) : undefined;
    const [rows, [totalRow]] = await Promise.all([
      this.db
        .select({
          id: auditLogs.id,
          createdAt: auditLogs.createdAt,
          actorId: auditLogs.userId,
          actorEmail: users.email,
          entityType: auditLogs.entityType,
          entityId: auditLogs.entityId,
          action: auditLogs.action,
          changes: auditLogs.changes,
          ipAddress: auditLogs.ipAddress,
          userAgent: auditLogs.userAgent,
        })
        .from(auditLogs)
        .leftJoin(users, eq(users.id, auditLogs.userId))
        .where(where)
        .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db
        .select({ n: count() })
        .from(auditLogs)
        .leftJoin(users, eq(users.id, auditLogs.userId))
        .where(where),
    ]);
    return { rows, total: totalRow?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  /** Distinct values for the filter pickers. */
  async facets(): Promise<{ actions: string[]; entityTypes: string[] }> {
    const [actions, entityTypes] = await Promise.all([
      this.db.selectDistinct({ v: auditLogs.action }).from(auditLogs).orderBy(auditLogs.action).limit(200),
      this.db
        .selectDistinct({ v: auditLogs.entityType })
        .from(auditLogs)
        .orderBy(auditLogs.entityType)
        .limit(200),
    ]);
    return { actions: actions.map((r) => r.v), entityTypes: entityTypes.map((r) => r.v) };
  }
}
