import type { Metadata } from "next";
import Link from "next/link";
import { PlanLimitsDialog } from "@/components/admin/plan-limits-dialog";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatCount, formatUsd } from "@/components/ui/number-format";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { PlanAdmin } from "@/lib/billing/plan-admin";
import { getSetting } from "@/lib/settings";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const admin = await requireAdminPage();
  const db = await getDb();
  const [plans, adminsExempt, adminsCharged] = await Promise.all([
    new PlanAdmin(db, admin).list(),
    getSetting(db, "adminsExemptFromPlanLimits"),
    getSetting(db, "chargeAdminsForSharedIntegrations"),
  ]);
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <PageHeader
        title="Plans"
        description="What each plan allows. A change applies to every user on the plan at once and is audited."
      />
      <Card className="space-y-2 p-4 text-sm" data-testid="plan-scope">
        <h2 className="font-semibold">Who these limits apply to</h2>
        <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
          <li>
            <strong className="text-foreground">Models per compare and requests per minute</strong> apply to
            every user on the plan
            {adminsExempt
              ? ", except administrators, who are exempt from plan limits."
              : ", administrators included (they are not exempt on this instance)."}
          </li>
          <li>
            <strong className="text-foreground">The monthly cost cap</strong> counts spending through
            admin-shared integrations and credits. A user&apos;s own integrations (their own provider keys)
            are not counted: the budgets that user sets govern them (an API key&apos;s monthly cap, a
            template&apos;s cost limit per request).
            {adminsExempt ? " Administrators have no cap." : ""}
          </li>
          <li>
            <strong className="text-foreground">Administrators&apos; calls on shared integrations</strong>{" "}
            {adminsCharged
              ? "are charged to their wallet like everyone's."
              : "are metered (usage and cost) but not charged to their wallet, and never refused for an empty one."}
          </li>
        </ul>
        <p className="text-xs text-muted-foreground">
          Change the administrators&apos; exemption and charging in{" "}
          <Link href="/admin/settings" className="underline underline-offset-4">
            Admin → Settings
          </Link>
          .
        </p>
      </Card>
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
