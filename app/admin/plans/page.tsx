import type { Metadata } from "next";
import Link from "next/link";
import { PlanLimitsDialog } from "@/components/admin/plan-limits-dialog";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatCount, formatUsd } from "@/components/ui/number-format";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { PlanAdmin } from "@/lib/billing/plan-admin";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const admin = await requireAdminPage();
  const plans = await new PlanAdmin(await getDb(), admin).list();
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <PageHeader
        title="Plans"
        description="What each plan allows. A change applies to every user on the plan at once and is audited."
      />
      {plans.length === 0 ? (
        <EmptyState title="No plans">The catalog seed creates Free, Pro and Enterprise at start.</EmptyState>
      ) : (
        // relative: the visually hidden header must not widen the page past the scrolling card.
        <Card className="relative overflow-x-auto">
          <table className="w-full text-sm" data-testid="plans-table">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="min-w-52 px-4 py-3">
                  Plan
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Users
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Monthly cost cap
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Requests / min
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Models per compare
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Monthly credits
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {plans.map((p) => (
                <tr key={p.id} data-testid="plan-row" data-plan={p.slug}>
                  <td className="px-4 py-3">
                    <p className="flex flex-wrap items-center gap-2 font-medium">
                      {p.name}
                      <code className="font-mono text-xs text-muted-foreground">{p.slug}</code>
                      {p.active ? null : <Badge>Inactive</Badge>}
                    </p>
                    <p className="text-xs text-muted-foreground">
                      {formatUsd(p.priceUsd)} a month{p.description ? ` · ${p.description}` : ""}
                    </p>
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{formatCount(p.members)}</td>
                  <td className="px-4 py-3 text-right tabular-nums">
                    {formatUsd(p.limits.monthlyCostCapUsd)}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">
                    {formatCount(p.limits.requestsPerMinute)}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{p.limits.maxModelsPerCompare}</td>
                  <td className="px-4 py-3 text-right tabular-nums">
                    {formatCount(p.limits.monthlyCredits)}
                  </td>
                  <td className="px-4 py-3 text-right">
                    <PlanLimitsDialog plan={{ id: p.id, name: p.name, limits: p.limits }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      <p className="text-xs text-muted-foreground">
        Users are put on a plan, and given a personal budget override, in{" "}
        <Link href="/admin/users" className="underline underline-offset-4">
          Admin → Users
        </Link>
        . Every change here is in the{" "}
        <Link href="/admin/audit?entityType=plan" className="underline underline-offset-4">
          audit log
        </Link>
        .
      </p>
    </div>
  );
}
