import { z } from "zod";
import { getDb } from "@/db/client";
import { openAiError } from "@/lib/api/openai-compat";
import { authenticateApiKey, requireScope } from "@/lib/api-keys/keys";
import { parseInput } from "@/lib/errors";
import { DIMENSIONS, runAnalytics } from "@/lib/usage/analytics";

export const dynamic = "force-dynamic";

const DAY = 86_400_000;
const query = z.object({
  from: z.coerce.date({ error: "from must be a date (YYYY-MM-DD or ISO 8601)" }).optional(),
  to: z.coerce.date({ error: "to must be a date (YYYY-MM-DD or ISO 8601)" }).optional(),
  granularity: z.enum(["hour", "day", "week", "month", "none"]).default("day"),
  group_by: z.enum(DIMENSIONS).optional(),
  timezone: z.string().default("UTC"),
});

/** The key's user's usage (scope usage:read): requests, tokens, cost and latency by period. */
export async function GET(request: Request) {
  try {
    const db = await getDb();
    const principal = await authenticateApiKey(db, request.headers.get("authorization"));
    requireScope(principal, "usage:read");
    const q = parseInput(query, Object.fromEntries(new URL(request.url).searchParams));
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 30 * DAY);
    const rows = await runAnalytics(
      db,
      { kind: "user", userId: principal.actor.id },
      {
        metrics: [
          "requests",
          "successes",
          "errors",
          "tokensIn",
          "tokensOut",
          "tokensCached",
          "cost",
          "avgLatencyMs",
          "p95LatencyMs",
          "avgTtftMs",
        ],
        dimensions: q.group_by && q.group_by !== "user" ? [q.group_by] : [],
        granularity: q.granularity,
        from,
        to,
        timezone: q.timezone,
      },
    );
    return Response.json({
      object: "usage",
      from: from.toISOString(),
      to: to.toISOString(),
      granularity: q.granularity,
      data: rows,
    });
  } catch (err) {
    return openAiError(err);
  }
}
