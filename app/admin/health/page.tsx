import type { Metadata } from "next";
import { z } from "zod";
import { HealthCharts } from "@/components/admin/health-charts";
import { HealthTable } from "@/components/admin/health-table";
import { Button } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { healthSeries, ProviderHealthRepo } from "@/lib/admin/provider-health";
import { HEALTH_DEGRADED_AT, HEALTH_MIN_CALLS } from "@/lib/ai/health";
import { requireAdminPage } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Provider health" };

const params = z.object({ provider: z.uuid().optional().catch(undefined) });

export default async function ProviderHealthPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdminPage();
  const sp = await searchParams;
  const { provider } = params.parse({ provider: typeof sp.provider === "string" ? sp.provider : undefined });
  const report = await new ProviderHealthRepo(await getDb(), admin).report({
    timezone: admin.timezone,
    providerId: provider,
  });
  const selected = report.providers.find((p) => p.id === provider);
  const { errors, latency } = healthSeries(report);
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <PageHeader
        title="Provider health"
        description="Every call to each provider and model over the last 24 hours: volume, errors, latency and the latest failure."
      />
      {report.providers.length === 0 ? (
        <EmptyState title="No model calls in the last 24 hours">
          Providers appear here with their error rate and latency as soon as someone calls a model.
        </EmptyState>
      ) : (
        <>
          <form
            className="flex flex-wrap items-end gap-3"
            role="search"
            aria-label="Provider shown in the charts"
            action="/admin/health"
          >
            <div className="min-w-56">
              <label htmlFor="provider" className="mb-1 block text-sm font-medium">
                Charts for
              </label>
              <Select id="provider" name="provider" defaultValue={selected?.id ?? ""}>
                <option value="">All providers</option>
                {report.providers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </div>
            <Button type="submit" variant="outline">
              Show
            </Button>
            <p className="text-xs text-muted-foreground">
              One point per hour ({admin.timezone}), the current hour so far included.
            </p>
          </form>
          <HealthCharts errors={errors} latency={latency} />
          <HealthTable providers={report.providers} timezone={admin.timezone} />
          <p className="text-xs text-muted-foreground">
            Status follows the gateway&apos;s rule: a provider or model is degraded when at least{" "}
            {HEALTH_MIN_CALLS} calls in the last two hours include {Math.round(HEALTH_DEGRADED_AT * 100)}% or
            more errors, or when the gateway has marked the provider degraded from its live error rate. Errors
            count failed and timed-out calls; calls the caller aborted are not errors.
          </p>
        </>
      )}
    </div>
  );
}
