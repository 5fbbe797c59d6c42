import { readiness } from "@/lib/server/readiness";

export const dynamic = "force-dynamic";

/**
 * Readiness for the load balancer: the database answers, Redis answers when REDIS_URL is set, and
 * the instance is not draining for a restart. 503 (with what failed) otherwise.
 */
export async function GET() {
  const report = await readiness();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503 });
}
