import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  aiIntegrations,
  aiProviders,
  INTEGRATION_STATUSES,
  PROVIDER_SLUGS,
  usageDaily,
  users,
} from "@/db/schema";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { parseInput } from "@/lib/errors";
import { hourStart } from "@/lib/usage/rollup";

const HOUR = 3_600_000;

export const overviewQuery = z.object({
  q: z.string().trim().max(200).optional(),
  provider: z.enum(PROVIDER_SLUGS).optional(),
  status: z.enum(INTEGRATION_STATUSES).optional(),
  owner: z.enum(["shared", "user"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type OverviewQuery = z.input<typeof overviewQuery>;

/** One integration as the overview shows it: never the key, nor its masked hint. */
export type OverviewRow = {
  id: string;
  name: string;
  provider: string;
  providerName: string;
  /** null = shared by an admin. */
  owner: { id: string; email: string; name: string } | null;
  status: (typeof INTEGRATION_STATUSES)[number];
  lastSyncAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  calls24h: number;
  errors24h: number;
};

/**
 * Admin → Integrations → All integrations: every user's and every shared integration, filterable
 * and paginated, with the last 24 hours of calls and errors from the hourly rollups. A user's own
 * integration is only ever called by that user, so its counts come from the owner's per-user rows
 * (user_id, bucket_start index); shared ones from the all-users grain.
 */
export class IntegrationsOverview {
  constructor(
    private readonly db: Db,
    actor: Actor,
  ) {
    requireAdmin(actor);
  }

  async list(
    query: OverviewQuery,
    now = new Date(),
  ): Promise<{ rows: OverviewRow[]; total: number; page: number; pageSize: number }> {
    const q = parseInput(overviewQuery, query);
    const filters: SQL[] = [];
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const match = or(ilike(aiIntegrations.name, like), ilike(users.email, like), ilike(users.name, like));
      if (match) filters.push(match);
    }
    if (q.provider) filters.push(eq(aiIntegrations.platform, q.provider));
    if (q.status) filters.push(eq(aiIntegrations.status, q.status));
    if (q.owner === "shared") filters.push(isNull(aiIntegrations.userId));
    if (q.owner === "user") filters.push(isNotNull(aiIntegrations.userId));
    const where = filters.length ? and(...filters) : undefined;
    const [found, [totalRow]] = await Promise.all([
      this.db
        .select({
          id: aiIntegrations.id,
          name: aiIntegrations.name,
          provider: aiIntegrations.platform,
          providerName: aiProviders.name,
          ownerId: aiIntegrations.userId,
          ownerEmail: users.email,
          ownerName: users.name,
          status: aiIntegrations.status,
          lastSyncAt: aiIntegrations.lastSyncAt,
          lastError: aiIntegrations.lastError,
          createdAt: aiIntegrations.createdAt,
        })
        .from(aiIntegrations)
        .innerJoin(aiProviders, eq(aiProviders.id, aiIntegrations.providerId))
        .leftJoin(users, eq(users.id, aiIntegrations.userId))
        // Broken ones first: that is what an admin opens this page for.
        .where(where)
        .orderBy(
          desc(sql`${aiIntegrations.status} = 'error'`),
          asc(aiIntegrations.name),
          asc(aiIntegrations.id),
        )
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db
        .select({ n: count() })
        .from(aiIntegrations)
        .innerJoin(aiProviders, eq(aiProviders.id, aiIntegrations.providerId))
        .leftJoin(users, eq(users.id, aiIntegrations.userId))
        .where(where),
    ]);
    const counts = await this.recentCounts(found, new Date(hourStart(now).getTime() - 23 * HOUR));
    return {
      rows: found.map((r) => ({
        id: r.id,
        name: r.name,
        provider: r.provider,
        providerName: r.providerName,
        owner:
          r.ownerId && r.ownerEmail ? { id: r.ownerId, email: r.ownerEmail, name: r.ownerName ?? "" } : null,
        status: r.status,
        lastSyncAt: r.lastSyncAt,
        lastError: r.lastError,
        createdAt: r.createdAt,
        calls24h: counts.get(r.id)?.calls ?? 0,
        errors24h: counts.get(r.id)?.errors ?? 0,
      })),
      total: totalRow?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  private async recentCounts(
    rows: readonly { id: string; ownerId: string | null }[],
    since: Date,
  ): Promise<Map<string, { calls: number; errors: number }>> {
    const sharedIds = rows.filter((r) => r.ownerId === null).map((r) => r.id);
    const owned = rows.filter((r) => r.ownerId !== null);
    const grains: SQL[] = [];
    if (sharedIds.length)
      grains.push(and(isNull(usageDaily.userId), inArray(usageDaily.integrationId, sharedIds)) as SQL);
    if (owned.length)
      grains.push(
        and(
          inArray(usageDaily.userId, [...new Set(owned.map((r) => r.ownerId as string))]),
          inArray(
            usageDaily.integrationId,
            owned.map((r) => r.id),
          ),
        ) as SQL,
      );
    if (grains.length === 0) return new Map();
    const sums = await this.db
      .select({
        id: usageDaily.integrationId,
        calls: sql<number>`sum(${usageDaily.requests})::int`,
        errors: sql<number>`sum(${usageDaily.errorCount} + ${usageDaily.timeoutCount})::int`,
      })
      .from(usageDaily)
      .where(and(gte(usageDaily.bucketStart, since), or(...grains)))
      .groupBy(usageDaily.integrationId);
    return new Map(sums.map((s) => [s.id ?? "", { calls: Number(s.calls), errors: Number(s.errors) }]));
  }
}
