import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { getDb } from "@/db/client";
import { AuditLogRepo, auditQuery } from "@/lib/admin/audit-log";
import { requireAdminPage } from "@/lib/auth/current";
import { describeUserAgent, formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | undefined>;

function ChangeSummary({ changes }: { changes: { before?: unknown; after?: unknown } | null }) {
  if (!changes) return <span className="text-muted-foreground">—</span>;
  return (
    <details>
      <summary className="cursor-pointer text-primary">Before / after</summary>
      <pre className="mt-2 max-w-md overflow-x-auto rounded bg-muted p-2 text-xs">
        {JSON.stringify(changes, null, 2)}
      </pre>
    </details>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdminPage();
  const sp = await searchParams;
  const parsed = auditQuery.safeParse(sp);
  const query = parsed.success ? parsed.data : auditQuery.parse({});
  const repo = new AuditLogRepo(await getDb(), admin);
  const [result, facets] = await Promise.all([repo.list(query), repo.facets()]);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader title="Audit log" description="Every change and every access to a secret, newest first." />
      <form
        className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-6 md:items-end"
        role="search"
        aria-label="Filter audit log"
      >
        <div>
          <label htmlFor="action" className="mb-1 block text-sm font-medium">
            Action
          </label>
          <Select id="action" name="action" defaultValue={query.action ?? ""}>
            <option value="">Any action</option>
            {facets.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="entityType" className="mb-1 block text-sm font-medium">
            Entity
          </label>
          <Select id="entityType" name="entityType" defaultValue={query.entityType ?? ""}>
            <option value="">Any entity</option>
            {facets.entityTypes.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="actor" className="mb-1 block text-sm font-medium">
            Actor email
          </label>
          <Input id="actor" name="actor" defaultValue={query.actor ?? ""} placeholder="someone@…" />
        </div>
        <div>
          <label htmlFor="from" className="mb-1 block text-sm font-medium">
            From
          </label>
          <Input id="from" name="from" type="date" defaultValue={query.from ?? ""} />
        </div>
        <div>
          <label htmlFor="to" className="mb-1 block text-sm font-medium">
            To
          </label>
          <Input id="to" name="to" type="date" defaultValue={query.to ?? ""} />
        </div>
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>
      {!parsed.success ? (
        <p role="alert" className="mb-4 text-sm text-danger">
          Some filters were not valid and were ignored.
        </p>
      ) : null}
      {result.rows.length === 0 ? (
        <EmptyState title="No audit entries match">
          Changes made in Prism appear here as they happen.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-3">
                  When
                </th>
                <th scope="col" className="px-4 py-3">
                  Actor
                </th>
                <th scope="col" className="px-4 py-3">
                  Action
                </th>
                <th scope="col" className="px-4 py-3">
                  Entity
                </th>
                <th scope="col" className="px-4 py-3">
                  Change
                </th>
                <th scope="col" className="px-4 py-3">
                  From
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {result.rows.map((r) => (
                <tr key={r.id} data-testid="audit-row" className="align-top">
                  <td className="whitespace-nowrap px-4 py-3 text-muted-foreground">
                    {formatDateTime(r.createdAt, admin.timezone)}
                  </td>
                  <td className="px-4 py-3">
                    {r.actorEmail ?? <span className="text-muted-foreground">system</span>}
                  </td>
                  <td className="px-4 py-3 font-medium">{r.action}</td>
                  <td className="px-4 py-3">
                    {r.entityType}
                    {r.entityId ? (
                      <span className="block font-mono text-xs text-muted-foreground">
                        {/* A uuid is shortened; a name (a setting's key) is shown whole. */}
                        {/^[0-9a-f]{8}-/.test(r.entityId) ? r.entityId.slice(0, 8) : r.entityId}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-3">
                    <ChangeSummary changes={r.changes} />
                  </td>
                  <td className="px-4 py-3 text-xs text-muted-foreground">
                    {r.ipAddress ?? "—"}
                    <span className="block">{describeUserAgent(r.userAgent)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/audit"
        params={{
          action: query.action,
          entityType: query.entityType,
          actor: query.actor,
          from: query.from,
          to: query.to,
        }}
      />
    </div>
  );
}
