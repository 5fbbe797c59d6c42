import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { pivot, rateSeries } from "@/lib/usage/chart-data";
import { type Dashboard, type DashboardParams, TABLE_COLUMNS } from "@/lib/usage/dashboard";
import { UsageCharts } from "./charts";

const GROUPS = [
  { value: "model", label: "Model" },
  { value: "provider", label: "Provider" },
  { value: "integration", label: "Integration" },
  { value: "apiKey", label: "API key" },
  { value: "template", label: "Template" },
  { value: "requestType", label: "Request type" },
];

const usd = (v: unknown) => `$${Number(v ?? 0).toFixed(Number(v ?? 0) >= 1 ? 2 : 4)}`;
const num = (v: unknown) => (v === null || v === undefined ? "—" : Number(v).toLocaleString("en-US"));
const pct = (v: unknown) => (v === null || v === undefined ? "—" : `${(Number(v) * 100).toFixed(1)}%`);
const ms = (v: unknown) => (v === null || v === undefined ? "—" : `${Number(v).toLocaleString("en-US")} ms`);

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card className="p-4">
      <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
    </Card>
  );
}

/** The usage page for one scope: filters, headline numbers, charts, and the table they summarise. */
export function UsageDashboard({
  dashboard: d,
  params,
  basePath,
  exportHref,
  admin,
  filterOptions,
  timezone,
}: {
  dashboard: Dashboard;
  params: DashboardParams;
  basePath: string;
  exportHref: string;
  admin: boolean;
  filterOptions: { models: { id: string; label: string }[]; providers: { id: string; label: string }[] };
  timezone: string;
}) {
  const groups = admin ? [...GROUPS, { value: "user", label: "User" }] : GROUPS;
  const requests = pivot(d.byGroup, {
    dimension: d.group,
    metric: "requests",
    buckets: d.buckets,
    labels: d.labels,
  });
  const cost = d.table.slice(0, 8).map((r) => ({ name: r.label, cost: Number(r.cost ?? 0) }));
  const errorRate = rateSeries(d.timeline, d.buckets, "errors", "requests");
  const timeline = new Map(d.timeline.map((r) => [r.bucket, r]));
  const latency = d.buckets.map((b) => {
    const r = timeline.get(b);
    return {
      bucket: b,
      p50LatencyMs: r?.p50LatencyMs ?? undefined,
      p95LatencyMs: r?.p95LatencyMs ?? undefined,
      avgTtftMs: r?.avgTtftMs ?? undefined,
    } as Record<string, string | number | undefined> & { bucket: string };
  });
  const empty = Number(d.totals.requests ?? 0) === 0;
  return (
    <div className="space-y-6">
      <form
        className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-7 lg:items-end"
        role="search"
        aria-label="Usage filters"
        action={basePath}
      >
        <div>
          <label htmlFor="range" className="mb-1 block text-sm font-medium">
            Range
          </label>
          <Select id="range" name="range" defaultValue={params.range}>
            <option value="1d">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
            <option value="90d">Last 90 days</option>
            <option value="custom">Custom dates</option>
          </Select>
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block text-sm font-medium">
            From
          </label>
          <Input id="from" name="from" type="date" defaultValue={params.from ?? ""} />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block text-sm font-medium">
            To
          </label>
          <Input id="to" name="to" type="date" defaultValue={params.to ?? ""} />
        </div>
        <div>
          <label htmlFor="group" className="mb-1 block text-sm font-medium">
            Break down by
          </label>
          <Select id="group" name="group" defaultValue={d.group}>
            {groups.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="model" className="mb-1 block text-sm font-medium">
            Model
          </label>
          <Select id="model" name="model" defaultValue={params.model ?? ""}>
            <option value="">All models</option>
            {filterOptions.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="provider" className="mb-1 block text-sm font-medium">
            Provider
          </label>
          <Select id="provider" name="provider" defaultValue={params.provider ?? ""}>
            <option value="">All providers</option>
            {filterOptions.providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="outline">
          Apply
        </Button>
      </form>
      <p className="text-xs text-muted-foreground">
        {d.from.toISOString().slice(0, 16).replace("T", " ")} to{" "}
        {d.to.toISOString().slice(0, 16).replace("T", " ")} UTC · buckets by {d.granularity} in {timezone}
      </p>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="usage-kpis">
        <Kpi
          label="Requests"
          value={num(d.totals.requests)}
          hint={`${pct(d.totals.successRate)} succeeded`}
        />
        <Kpi label="Cost" value={usd(d.totals.cost)} />
        <Kpi label="Tokens in / out" value={`${num(d.totals.tokensIn)} / ${num(d.totals.tokensOut)}`} />
        <Kpi
          label="Latency"
          value={ms(d.totals.avgLatencyMs)}
          hint={`p95 ${ms(d.totals.p95LatencyMs)} · first token ${ms(d.totals.avgTtftMs)}`}
        />
      </div>

      {empty ? (
        <EmptyState title="No usage in this range">
          Calls to models appear here within a second. Try a longer range, or start a chat.
        </EmptyState>
      ) : (
        <>
          <UsageCharts
            granularity={d.granularity}
            requests={requests}
            cost={cost}
            errorRate={errorRate}
            latency={latency}
          />
          <Card className="overflow-x-auto">
            <div className="flex items-center justify-between gap-2 border-b p-4">
              <h2 className="text-sm font-semibold">
                By {groups.find((g) => g.value === d.group)?.label.toLowerCase()}
              </h2>
              <Button asChild variant="outline" size="sm">
                <Link href={exportHref} prefetch={false}>
                  Export CSV
                </Link>
              </Button>
            </div>
            <table className="w-full text-sm" data-testid="usage-table">
              <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  {TABLE_COLUMNS.map((c) => (
                    <th key={c.key} scope="col" className="whitespace-nowrap px-4 py-2">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y">
                {d.table.map((r) => (
                  <tr key={r.label}>
                    <td className="px-4 py-2 font-medium">{r.label}</td>
                    <td className="px-4 py-2 tabular-nums">{num(r.requests)}</td>
                    <td className="px-4 py-2 tabular-nums">{pct(r.successRate)}</td>
                    <td className="px-4 py-2 tabular-nums">{num(r.tokensIn)}</td>
                    <td className="px-4 py-2 tabular-nums">{num(r.tokensOut)}</td>
                    <td className="px-4 py-2 tabular-nums">{usd(r.cost)}</td>
                    <td className="px-4 py-2 tabular-nums">{ms(r.avgLatencyMs)}</td>
                    <td className="px-4 py-2 tabular-nums">{ms(r.p95LatencyMs)}</td>
                    <td className="px-4 py-2 tabular-nums">{ms(r.avgTtftMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </div>
  );
}
