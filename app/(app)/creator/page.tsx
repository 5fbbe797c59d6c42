import type { Metadata } from "next";
import Link from "next/link";
import { CreatorCharts } from "@/components/creator/creator-charts";
import { TemplateStatsTable } from "@/components/creator/template-stats-table";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatCount } from "@/components/ui/number-format";
import { creditsUsd } from "@/components/wallet/format";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import {
  CREATOR_RANGES,
  CreatorStatsRepo,
  creatorSeriesQuery,
  withCumulativeEarnings,
} from "@/lib/marketplace/creator-stats";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Creator" };

function Kpi({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <Card className="p-4">
      <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
    </Card>
  );
}

export default async function CreatorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const { days: raw } = await searchParams;
  const parsed = creatorSeriesQuery.safeParse({ days: typeof raw === "string" ? raw : undefined });
  const days = parsed.success ? parsed.data.days : 30;
  const repo = new CreatorStatsRepo(await getDb(), { id: user.id, role: user.role });
  const templates = await repo.templates();
  const header = (
    <PageHeader
      title="Creator"
      description="Sales, earnings, refunds and uses of the templates you publish."
      actions={
        <Button asChild variant="outline">
          <Link href="/templates">Manage templates</Link>
        </Button>
      }
    />
  );
  if (templates.length === 0)
    return (
      <div className="mx-auto max-w-6xl">
        {header}
        <EmptyState title="You have not made a template yet">
          <p>
            Build an agent template, publish a version and list it in the marketplace, free or for credits.
            Its sales and uses appear here.
          </p>
          <Button asChild className="mt-4">
            <Link href="/templates">Create a template</Link>
          </Button>
        </EmptyState>
      </div>
    );

  const series = await repo.daily({ days }, user.timezone);
  const allTime = templates.reduce(
    (t, r) => ({ earnings: t.earnings + r.earnings, sales: t.sales + r.sales }),
    { earnings: 0, sales: 0 },
  );
  const t = series.totals;
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      {header}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Range" className="inline-flex rounded-md border bg-card p-0.5">
          {CREATOR_RANGES.map((d) => (
            <Link
              key={d}
              href={`/creator?days=${d}`}
              aria-current={d === days ? "page" : undefined}
              className={cn(
                "rounded px-3 py-1.5 text-sm font-medium text-muted-foreground hover:text-foreground",
                d === days && "bg-accent text-primary",
              )}
            >
              Last {d} days
            </Link>
          ))}
        </nav>
        <p className="text-xs text-muted-foreground">
          {series.from} to {series.to} · days in {series.timezone}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="creator-kpis">
        <Kpi
          label="Earnings"
          value={formatCount(t.earnings)}
          hint={`credits (${creditsUsd(t.earnings)}) · ${formatCount(allTime.earnings)} all time`}
          testId="kpi-earnings"
        />
        <Kpi
          label="Sales"
          value={formatCount(t.sales)}
          hint={`purchases in range · ${formatCount(allTime.sales)} kept all time`}
          testId="kpi-sales"
        />
        <Kpi label="Refunds" value={formatCount(t.refunds)} hint="in this range" testId="kpi-refunds" />
        <Kpi label="Uses" value={formatCount(t.uses)} hint="conversations started" testId="kpi-uses" />
      </div>
      <CreatorCharts points={withCumulativeEarnings(series.points)} />
      <TemplateStatsTable templates={templates} />
    </div>
  );
}
