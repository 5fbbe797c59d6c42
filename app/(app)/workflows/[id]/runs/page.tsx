import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Badge, EmptyState } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { formatCost, RUN_STATUS, TRIGGER_LABEL } from "@/components/workflows/status";
import { WORKFLOW_RUN_STATUSES, WORKFLOW_TRIGGER_TYPES } from "@/db/schema/workflows";
import { formatDateTime } from "@/lib/format";
import { WorkflowRunsModel } from "@/lib/workflows/runs";
import { getQueue } from "@/lib/workflows/runtime";
import { loadWorkflow } from "../../load";

export const metadata: Metadata = { title: "Workflow runs" };
export const dynamic = "force-dynamic";

const PAGE = 50;

export default async function WorkflowRunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ status?: string; trigger?: string; from?: string; to?: string; page?: string }>;
}) {
  const { id } = await params;
  const q = await searchParams;
  const { workflow: wf, actor, db } = await loadWorkflow(id);
  const status = (WORKFLOW_RUN_STATUSES as readonly string[]).includes(q.status ?? "") ? q.status : undefined;
  const trigger = (WORKFLOW_TRIGGER_TYPES as readonly string[]).includes(q.trigger ?? "")
    ? q.trigger
    : undefined;
  const day = (v?: string) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const from = day(q.from);
  const to = day(q.to);
  const page = Math.max(0, Math.min(1000, Number(q.page) || 0));
  const runs = await new WorkflowRunsModel(db, actor, await getQueue()).list(id, {
    status,
    trigger,
    from: from ? new Date(`${from}T00:00:00`) : undefined,
    to: to ? new Date(`${to}T23:59:59.999`) : undefined,
    limit: PAGE + 1,
    offset: page * PAGE,
  });
  const tz = actor.user.timezone;
  const more = runs.length > PAGE;
  const qs = (p: number) =>
    new URLSearchParams({
      ...(status ? { status } : {}),
      ...(trigger ? { trigger } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      page: String(p),
    }).toString();
  return (
    <div className="space-y-4">
      <form method="get" aria-label="Filter runs" className="flex flex-wrap items-end gap-3">
        <Field id="runs-status" label="Status" className="w-36">
          <Select id="runs-status" name="status" defaultValue={status ?? ""}>
            <option value="">Any</option>
            {WORKFLOW_RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {RUN_STATUS[s]?.label ?? s}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="runs-trigger" label="Trigger" className="w-36">
          <Select id="runs-trigger" name="trigger" defaultValue={trigger ?? ""}>
            <option value="">Any</option>
            {WORKFLOW_TRIGGER_TYPES.map((t) => (
              <option key={t} value={t}>
                {TRIGGER_LABEL[t] ?? t}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="runs-from" label="From" className="w-40">
          <Input id="runs-from" name="from" type="date" defaultValue={from} />
        </Field>
        <Field id="runs-to" label="To" className="w-40">
          <Input id="runs-to" name="to" type="date" defaultValue={to} />
        </Field>
        <Button type="submit" variant="outline">
          Filter
        </Button>
        <Link href={`/workflows/${id}/runs`} className="pb-2 text-sm text-muted-foreground hover:underline">
          Clear
        </Link>
      </form>
      {runs.length === 0 ? (
        <EmptyState title={status || trigger || from || to ? "No runs match" : "No runs yet"}>
          <p>
            Start one from the{" "}
            <Link href={`/workflows/${wf.id}/triggers`} className="text-primary underline">
              Triggers
            </Link>{" "}
            tab.
          </p>
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm">
            <caption className="sr-only">Runs of {wf.name}</caption>
            <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
              <tr>
                <th className="px-3 py-2 font-medium">Started</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Trigger</th>
                <th className="px-3 py-2 font-medium">Steps</th>
                <th className="px-3 py-2 font-medium">Tokens</th>
                <th className="px-3 py-2 font-medium">Cost</th>
                <th className="px-3 py-2 font-medium">Duration</th>
              </tr>
            </thead>
            <tbody>
              {runs.slice(0, PAGE).map((r) => {
                const s = RUN_STATUS[r.status] ?? { label: r.status, tone: "neutral" as const };
                const ms =
                  r.startedAt && r.completedAt ? r.completedAt.getTime() - r.startedAt.getTime() : null;
                return (
                  <tr key={r.id} className="border-t" data-testid="run-row">
                    <td className="px-3 py-2">
                      <Link href={`/workflows/runs/${r.id}`} className="text-primary hover:underline">
                        {formatDateTime(r.queuedAt, tz)}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      <Badge tone={s.tone}>{s.label}</Badge>
                      {r.attempt > 1 ? (
                        <span className="ml-1 text-xs text-muted-foreground">×{r.attempt}</span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">{TRIGGER_LABEL[r.triggerType] ?? r.triggerType}</td>
                    <td className="px-3 py-2">
                      {r.stepsCompleted}/{r.stepsTotal ?? "?"}
                    </td>
                    <td className="px-3 py-2">{r.tokensIn + r.tokensOut}</td>
                    <td className="px-3 py-2">{formatCost(r.cost)}</td>
                    <td className="px-3 py-2">{ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {page > 0 || more ? (
        <div className="flex gap-3 text-sm">
          {page > 0 ? (
            <Link href={`/workflows/${id}/runs?${qs(page - 1)}`} className="text-primary hover:underline">
              ← Newer
            </Link>
          ) : null}
          {more ? (
            <Link href={`/workflows/${id}/runs?${qs(page + 1)}`} className="text-primary hover:underline">
              Older →
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
