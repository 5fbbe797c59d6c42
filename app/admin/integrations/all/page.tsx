import type { Metadata } from "next";
import { IntegrationsTabs } from "@/components/admin/integrations-tabs";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { formatCount } from "@/components/ui/number-format";
import { Pagination } from "@/components/ui/pagination";
import { getDb } from "@/db/client";
import { IntegrationsOverview, overviewQuery } from "@/lib/admin/integrations-overview";
import { CATALOG } from "@/lib/ai/catalog";
import { requireAdminPage } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "All integrations" };

type Search = { q?: string; provider?: string; status?: string; owner?: string; page?: string };

const STATUS = {
  connected: { label: "Connected", tone: "success" },
  error: { label: "Error", tone: "danger" },
  disconnected: { label: "Not tested", tone: "neutral" },
} as const;

export default async function AllIntegrationsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdminPage();
  const sp = await searchParams;
  const clean = Object.fromEntries(Object.entries(sp).filter(([, v]) => typeof v === "string" && v !== ""));
  const parsed = overviewQuery.safeParse(clean);
  const query = parsed.success ? parsed.data : overviewQuery.parse({});
  const result = await new IntegrationsOverview(await getDb(), admin).list(query);
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Integrations"
        description="Every provider connection on this instance, shared and per user. Keys are never shown here."
      />
      <IntegrationsTabs active="all" />
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter integrations">
        <Field id="q" label="Search" className="min-w-56 flex-1">
          <Input
            id="q"
            name="q"
            type="search"
            placeholder="Integration, owner name or email"
            defaultValue={query.q ?? ""}
          />
        </Field>
        <Field id="provider" label="Provider">
          <Select id="provider" name="provider" defaultValue={query.provider ?? ""} className="w-44">
            <option value="">Any provider</option>
            {CATALOG.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="status" label="Status">
          <Select id="status" name="status" defaultValue={query.status ?? ""} className="w-36">
            <option value="">Any status</option>
            <option value="connected">Connected</option>
            <option value="error">Error</option>
            <option value="disconnected">Not tested</option>
          </Select>
        </Field>
        <Field id="owner" label="Owner">
          <Select id="owner" name="owner" defaultValue={query.owner ?? ""} className="w-36">
            <option value="">Anyone</option>
            <option value="shared">Shared</option>
            <option value="user">A user</option>
          </Select>
        </Field>
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
        <EmptyState
          title={
            result.total === 0 && !Object.keys(clean).length
              ? "No integrations yet"
              : "No integrations match these filters"
          }
        >
          {Object.keys(clean).length
            ? "Try a shorter search or clear the filters."
            : "Users connect providers in Settings → Integrations; shared ones are added on the other tab."}
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="integrations-overview">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Integration
                </th>
                <th scope="col" className="px-4 py-3">
                  Owner
                </th>
                <th scope="col" className="px-4 py-3">
                  Status
                </th>
                <th scope="col" className="whitespace-nowrap px-4 py-3">
                  Last tested
                </th>
                <th scope="col" className="px-4 py-3">
                  Last error
                </th>
                <th scope="col" className="whitespace-nowrap px-4 py-3 text-right">
                  Calls 24 h
                </th>
                <th scope="col" className="whitespace-nowrap px-4 py-3 text-right">
                  Errors 24 h
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {result.rows.map((r) => (
                <tr key={r.id} data-testid="integration-row" data-name={r.name}>
                  <td className="px-4 py-3">
                    <p className="font-medium">{r.name}</p>
                    <p className="text-xs text-muted-foreground">{r.providerName}</p>
                  </td>
                  <td className="px-4 py-3">
                    {r.owner ? (
                      <>
                        <p>{r.owner.name}</p>
                        <p className="text-xs text-muted-foreground">{r.owner.email}</p>
                      </>
                    ) : (
                      <Badge tone="primary">Shared</Badge>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={STATUS[r.status].tone}>{STATUS[r.status].label}</Badge>
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-muted-foreground">
                    {r.lastSyncAt ? formatDateTime(r.lastSyncAt, admin.timezone) : "Never"}
                  </td>
                  <td className="max-w-xs px-4 py-3 text-xs">
                    {r.lastError ? (
                      <span className="line-clamp-2 break-words text-danger" title={r.lastError}>
                        {r.lastError}
                      </span>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{formatCount(r.calls24h)}</td>
                  <td className={`px-4 py-3 text-right tabular-nums ${r.errors24h > 0 ? "text-danger" : ""}`}>
                    {formatCount(r.errors24h)}
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
        basePath="/admin/integrations/all"
        params={{ q: query.q, provider: query.provider, status: query.status, owner: query.owner }}
      />
    </div>
  );
}
