import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { PlanSummary } from "@/components/usage/plan-summary";
import { ToolUsage } from "@/components/usage/tool-usage";
import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { effectiveLimits } from "@/lib/billing/limits";
import { toolStats } from "@/lib/mcp/usage";
import { budgetStatus } from "@/lib/usage/budget";
import { rangeOf } from "@/lib/usage/dashboard";
import { parseDashboardParams, usagePageData } from "@/lib/usage/page-data";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = parseDashboardParams(await searchParams);
  const db = await getDb();
  const [{ dashboard, filterOptions }, limits, budget] = await Promise.all([
    usagePageData(db, { kind: "user", userId: user.id }, params, user.timezone),
    effectiveLimits(db, user.id),
    budgetStatus(db, user.id),
  ]);
  const tools = await toolStats(db, user, {
    since: rangeOf(params).from,
    until: rangeOf(params).to,
    scope: "own",
  });
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"),
  ).toString();
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Usage"
        description="What your model calls cost, how fast they were, and how often they failed."
      />
      <PlanSummary limits={limits} budget={budget} />
      <UsageDashboard
        dashboard={dashboard}
        params={params}
        basePath="/usage"
        exportHref={`/api/usage/export?scope=me&${query}`}
        admin={false}
        filterOptions={filterOptions}
        timezone={user.timezone}
      />
      <ToolUsage stats={tools} admin={false} />
    </div>
  );
}
