import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { parseDashboardParams, usagePageData } from "@/lib/usage/page-data";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = parseDashboardParams(await searchParams);
  const { dashboard, filterOptions } = await usagePageData(
    await getDb(),
    { kind: "user", userId: user.id },
    params,
    user.timezone,
  );
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"),
  ).toString();
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Usage"
        description="What your model calls cost, how fast they were, and how often they failed."
      />
      <UsageDashboard
        dashboard={dashboard}
        params={params}
        basePath="/usage"
        exportHref={`/api/usage/export?scope=me&${query}`}
        admin={false}
        filterOptions={filterOptions}
        timezone={user.timezone}
      />
    </div>
  );
}
