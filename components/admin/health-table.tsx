import { Badge, Card } from "@/components/ui/card";
import { formatCount } from "@/components/ui/number-format";
import type { HealthMetrics, ProviderHealthRow } from "@/lib/admin/provider-health";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? "—" : `${v.toLocaleString("en-US")} ms`);

function StatusBadge({ status, live }: { status: HealthMetrics["status"]; live?: string }) {
  if (status === "degraded")
    return (
      <Badge
        tone="danger"
        title={live === "degraded" ? "Marked degraded by the gateway's live tracker" : undefined}
      >
        Degraded
      </Badge>
    );
  if (status === "healthy") return <Badge tone="success">Healthy</Badge>;
  return <Badge title="Fewer than 10 calls in the last two hours: too few to judge">Too few calls</Badge>;
}

function Cells({ m, timezone }: { m: HealthMetrics; timezone: string }) {
  return (
    <>
      <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{formatCount(m.requests)}</td>
      <td
        className={cn("whitespace-nowrap px-4 py-2 text-right tabular-nums", m.errors > 0 && "text-danger")}
      >
        {pct(m.errorRate)}
        <span className="block text-xs text-muted-foreground">{formatCount(m.errors)} failed</span>
      </td>
      <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{ms(m.p50LatencyMs)}</td>
      <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{ms(m.p95LatencyMs)}</td>
      <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
        {ms(m.avgTtftMs)}
        <span className="block text-xs text-muted-foreground">p95 {ms(m.p95TtftMs)}</span>
      </td>
      <td className="max-w-xs px-4 py-2 text-xs">
        {m.lastError ? (
          <>
            <span className="block text-muted-foreground">
              {formatDateTime(m.lastError.at, timezone)} · {m.lastError.status}
              {m.lastError.model ? ` · ${m.lastError.model}` : ""}
            </span>
            <span className="line-clamp-2 break-words" title={m.lastError.message}>
              {m.lastError.message}
            </span>
          </>
        ) : (
          <span className="text-muted-foreground">None</span>
        )}
      </td>
    </>
  );
}

/** Providers, each followed by its models, with the 24 h numbers and the latest failure. */
export function HealthTable({ providers, timezone }: { providers: ProviderHealthRow[]; timezone: string }) {
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="health-table">
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="min-w-44 px-4 py-3">
              Provider / model
            </th>
            <th scope="col" className="px-4 py-3">
              Status
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              Requests
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              Error rate
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              p50
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              p95
            </th>
            <th scope="col" className="whitespace-nowrap px-4 py-3 text-right">
              First token
            </th>
            <th scope="col" className="px-4 py-3">
              Last error
            </th>
          </tr>
        </thead>
        {providers.map((p) => (
          <tbody
            key={p.id}
            className="border-b last:border-b-0"
            data-testid="health-provider"
            data-provider={p.slug}
          >
            <tr className="bg-muted/20">
              <th scope="row" className="px-4 py-2 text-left font-semibold">
                {p.name}
              </th>
              <td className="px-4 py-2">
                <StatusBadge status={p.status} live={p.liveStatus} />
              </td>
              <Cells m={p} timezone={timezone} />
            </tr>
            {p.models.map((m) => (
              <tr key={m.id ?? "none"} data-testid="health-model">
                <th scope="row" className="py-2 pl-8 pr-4 text-left font-normal text-muted-foreground">
                  {m.name}
                </th>
                <td className="px-4 py-2">
                  <StatusBadge status={m.status} />
                </td>
                <Cells m={m} timezone={timezone} />
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </Card>
  );
}
