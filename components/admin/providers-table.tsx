import { Badge, Card } from "@/components/ui/card";
import { formatCount } from "@/components/ui/number-format";
import type { ProviderHealthRow } from "@/lib/ai/catalog-admin";

const STATUS_TONE = { active: "success", degraded: "warning", inactive: "neutral" } as const;

function statusTone(status: string) {
  return STATUS_TONE[status as keyof typeof STATUS_TONE] ?? "neutral";
}

const th = "px-4 py-3 font-medium";

/** Provider health over the last hour: status, catalog size, integrations, traffic and errors. */
export function ProvidersTable({ rows }: { rows: ProviderHealthRow[] }) {
  return (
    <Card className="relative overflow-x-auto">
      <table className="w-full whitespace-nowrap text-sm">
        <caption className="sr-only">Providers and their health over the last hour</caption>
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className={th}>
              Provider
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} text-right`}>
              Models
            </th>
            <th scope="col" className={`${th} text-right`}>
              Integrations
            </th>
            <th scope="col" className={`${th} text-right`}>
              Requests (1 h)
            </th>
            <th scope="col" className={`${th} text-right`}>
              Error rate
            </th>
            <th scope="col" className={`${th} text-right`}>
              Avg latency
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((p) => (
            <tr key={p.id} data-testid="provider-row" data-provider={p.slug}>
              <th scope="row" className="px-4 py-3 text-left font-medium">
                {p.name}
              </th>
              <td className="px-4 py-3">
                <Badge tone={statusTone(p.status)} className="capitalize">
                  {p.status}
                </Badge>
              </td>
              <td className="px-4 py-3 text-right tabular-nums">{formatCount(p.models)}</td>
              <td className="px-4 py-3 text-right tabular-nums">{formatCount(p.integrations)}</td>
              <td className="px-4 py-3 text-right tabular-nums">{formatCount(p.requests)}</td>
              <td className="px-4 py-3 text-right tabular-nums">
                {p.errorRate === null ? "—" : `${(p.errorRate * 100).toFixed(1)}%`}
              </td>
              <td className="px-4 py-3 text-right tabular-nums">
                {p.avgLatencyMs === null ? "—" : `${formatCount(p.avgLatencyMs)} ms`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
