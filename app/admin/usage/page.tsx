import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { ToolUsage } from "@/components/usage/tool-usage";
import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { toolStats } from "@/lib/mcp/usage";
import { rangeOf } from "@/lib/usage/dashboard";
import { parseDashboardParams, usagePageData } from "@/lib/usage/page-data";

export const metadata: Metadata = { title: "Usage" };

export default async function AdminUsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdminPage();
  const params = parseDashboardParams(await searchParams);
  const db = await getDb();
  const tools = await toolStats(db, admin, {
    since: rangeOf(params).from,
    until: rangeOf(params).to,
    scope: "all",
  });
  const { dashboard, filterOptions } = await usagePageData(db, { kind: "admin" }, params, admin.timezone);
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"),
  ).toString();
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Usage across Prism"
        description="Every user's model calls: cost, tokens, latency and errors."
      />
      <UsageDashboard
        dashboard={dashboard}
        params={params}
        basePath="/admin/usage"
        exportHref={`/api/usage/export?scope=admin&${query}`}
        admin
        filterOptions={filterOptions}
        timezone={admin.timezone}
      />
      <ToolUsage stats={tools} admin />
    </div>
  );
}
