import type { Metadata } from "next";
import { RetentionTable } from "@/components/admin/retention-table";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";
import { RetentionAdmin } from "@/lib/governance/retention";

export const metadata: Metadata = { title: "Retention" };

export default async function RetentionPage() {
  const admin = await requireAdminPage();
  const retention = new RetentionAdmin(await getDb(), admin);
  const [policies, runs] = await Promise.all([retention.list(), retention.recentRuns()]);
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <PageHeader
        title="Retention"
        description="How long Prism keeps each kind of data. Older rows are deleted by a scheduled job."
      />
      <RetentionTable
        policies={policies.map((p) => ({
          id: p.id,
          entity: p.entity,
          enabled: p.enabled,
          deleteAfterDays: p.deleteAfterDays,
          conditions: Object.entries(p.conditions)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join(", "),
          lastRun: p.lastRunAt ? formatDateTime(p.lastRunAt, admin.timezone) : null,
          lastRunDeleted: p.lastRunDeleted,
        }))}
      />
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-semibold">Recent runs</h2>
        {runs.length === 0 ? (
          <EmptyState title="No runs yet">The first run starts a minute after the server starts.</EmptyState>
        ) : (
          <ul className="divide-y text-sm">
            {runs.map((r) => (
              <li
                key={`${r.entity}-${r.startedAt.toISOString()}`}
                className="flex flex-wrap justify-between gap-2 py-2"
              >
                <span className="font-mono text-xs">{r.entity}</span>
                <span className="text-muted-foreground">
                  {formatDateTime(r.startedAt, admin.timezone)} · {r.deleted} removed
                  {r.error ? ` · error: ${r.error}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
