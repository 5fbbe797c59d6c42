import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mcpUsage } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requireAdmin } from "@/lib/auth/actor";

export type ToolCallRecord = {
  userId: string;
  serverId: string | null;
  serverName: string;
  toolName: string;
  success: boolean;
  latencyMs: number;
  error: string | null;
  tokensUsed: number;
  messageId?: string | null;
  workflowRunId?: string | null;
};

/** One mcp_usage row per tool call. A failed write never fails the call it describes. */
export async function recordToolCall(db: Db, r: ToolCallRecord): Promise<void> {
  try {
    await db.insert(mcpUsage).values({
      userId: r.userId,
      serverId: r.serverId,
      serverName: r.serverName,
      toolName: r.toolName,
      success: r.success,
      latencyMs: Math.max(0, Math.round(r.latencyMs)),
      errorMessage: r.error?.slice(0, 1000) ?? null,
      tokensUsed: Math.max(0, r.tokensUsed),
      messageId: r.messageId ?? null,
      workflowRunId: r.workflowRunId ?? null,
    });
  } catch (err) {
    console.error("[prism] could not record a tool call", err);
  }
}

export type ToolStat = {
  serverName: string;
  toolName: string;
  calls: number;
  errors: number;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
  tokens: number;
  lastCallAt: string | null;
};

/**
 * Tool calls by server and tool since a date: the user's own calls, or (admin scope) everyone's.
 */
export async function toolStats(
  db: Db,
  actor: Actor,
  opts: { since: Date; until?: Date; scope: "own" | "all" },
): Promise<ToolStat[]> {
  if (opts.scope === "all") requireAdmin(actor);
  const range = and(
    gte(mcpUsage.createdAt, opts.since),
    opts.until ? lte(mcpUsage.createdAt, opts.until) : undefined,
  );
  const where = opts.scope === "own" ? and(eq(mcpUsage.userId, actor.id), range) : range;
  const rows = await db
    .select({
      serverName: mcpUsage.serverName,
      toolName: mcpUsage.toolName,
      calls: sql<number>`count(*)::int`,
      errors: sql<number>`(count(*) filter (where not ${mcpUsage.success}))::int`,
      avgLatencyMs: sql<number | null>`round(avg(${mcpUsage.latencyMs}))::int`,
      p95LatencyMs: sql<
        number | null
      >`round(percentile_cont(0.95) within group (order by ${mcpUsage.latencyMs}))::int`,
      tokens: sql<number>`coalesce(sum(${mcpUsage.tokensUsed}), 0)::int`,
      lastCallAt: sql<string | null>`max(${mcpUsage.createdAt})::text`,
    })
    .from(mcpUsage)
    .where(where)
    .groupBy(mcpUsage.serverName, mcpUsage.toolName)
    .orderBy(desc(sql`count(*)`), mcpUsage.serverName, mcpUsage.toolName);
  return rows.map((r) => ({
    ...r,
    calls: Number(r.calls),
    errors: Number(r.errors),
    tokens: Number(r.tokens),
    avgLatencyMs: r.avgLatencyMs === null ? null : Number(r.avgLatencyMs),
    p95LatencyMs: r.p95LatencyMs === null ? null : Number(r.p95LatencyMs),
  }));
}
