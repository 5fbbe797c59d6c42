import { EmptyState } from "@/components/ui/card";
import { formatCount } from "@/components/ui/number-format";
import type { ToolStat } from "@/lib/mcp/usage";

const ms = (v: number | null) => (v === null ? "—" : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`);

/** Tool calls in the dashboard's range by server and tool: calls, errors, latency and result tokens. */
export function ToolUsage({ stats, admin }: { stats: ToolStat[]; admin: boolean }) {
  return (
    <section aria-labelledby="tool-usage-heading" className="mt-10 space-y-3">
      <div>
        <h2 id="tool-usage-heading" className="text-lg font-semibold">
          Tools
        </h2>
        <p className="text-sm text-muted-foreground">
          MCP and built-in tool calls {admin ? "of every user " : ""}in this range, by server and tool.
        </p>
      </div>
      {stats.length === 0 ? (
        <EmptyState title="No tool calls in this range">
          Tool calls appear here once a conversation or workflow uses tools.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-card">
          <table className="w-full text-sm" data-testid="tool-usage">
            <thead className="border-b bg-muted/50 text-left text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Server
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Tool
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Calls
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Errors
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Avg latency
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  p95 latency
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Result tokens
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {stats.map((s) => (
                <tr key={`${s.serverName}/${s.toolName}`}>
                  <td className="px-3 py-2">{s.serverName}</td>
                  <td className="px-3 py-2 font-mono text-xs">{s.toolName}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(s.calls)}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${s.errors ? "text-danger" : ""}`}>
                    {formatCount(s.errors)}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{ms(s.avgLatencyMs)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{ms(s.p95LatencyMs)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(s.tokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
