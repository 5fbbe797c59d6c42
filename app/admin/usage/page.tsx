import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { parseDashboardParams, usagePageData } from "@/lib/usage/page-data";

export const metadata: Metadata = { title: "Usage" };

export default async function AdminUsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdminPage();
  const params = parseDashboardParams(await searchParams);
  const { dashboard, filterOptions } = await usagePageData(
    await getDb(),
    { kind: "admin" },
    params,
    admin.timezone,
  );
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
    </div>
  );
}
