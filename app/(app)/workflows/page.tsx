import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { NewWorkflowButton, StarterExampleButton } from "@/components/workflows/new-workflow";
import { RUN_STATUS, WORKFLOW_STATUS } from "@/components/workflows/status";
import { WorkflowRowActions } from "@/components/workflows/workflow-row-actions";
import { getDb } from "@/db/client";
import { usableModels } from "@/lib/ai/models";
import { requireActor } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";
import { WorkflowModel } from "@/lib/workflows/store";

export const metadata: Metadata = { title: "Workflows" };
export const dynamic = "force-dynamic";

export default async function WorkflowsPage({
  searchParams,
}: {
  searchParams: Promise<{ archived?: string }>;
}) {
  const actor = await requireActor();
  const db = await getDb();
  const showArchived = (await searchParams).archived === "1";
  const list = await new WorkflowModel(db, actor).list({ includeArchived: showArchived });
  const tz = actor.user.timezone;
  const hasModel = list.length === 0 ? (await usableModels(db, actor, { type: "chat" })).length > 0 : true;
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader
        title="Workflows"
        description="Chain models, templates, transforms, conditions and HTTP calls into durable runs: by hand, on a schedule, from a webhook or through the API."
        actions={
          <div className="flex flex-wrap gap-2">
            <Link
              href={showArchived ? "/workflows" : "/workflows?archived=1"}
              className="inline-flex h-10 items-center rounded-md px-3 text-sm text-muted-foreground hover:bg-muted"
            >
              {showArchived ? "Hide archived" : "Show archived"}
            </Link>
            <NewWorkflowButton />
          </div>
        }
      />
      {list.length === 0 ? (
        <EmptyState title={showArchived ? "No workflows" : "No workflows yet"}>
          <p>Start from a ready example: text in, a model's summary, a format step and a condition.</p>
          {hasModel ? null : (
            <p className="mt-1">
              You have no model yet, so the example uses transforms only.{" "}
              <Link href="/settings/integrations" className="text-primary underline">
                Connect a provider
              </Link>{" "}
              to add model steps.
            </p>
          )}
          <div className="mt-4 flex justify-center">
            <StarterExampleButton />
          </div>
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Your workflows">
          {list.map((w) => {
            const status = WORKFLOW_STATUS[w.status] ?? { label: w.status, tone: "neutral" as const };
            const last = w.lastRunStatus ? RUN_STATUS[w.lastRunStatus] : null;
            return (
              <li key={w.id}>
                <Card className="flex h-full flex-col gap-3 p-4" aria-label={w.name} role="article">
                  <div className="flex items-start justify-between gap-3">
                    <div className="min-w-0">
                      <Link href={`/workflows/${w.id}`} className="font-medium hover:underline">
                        {w.name}
                      </Link>
                      <p className="line-clamp-2 text-sm text-muted-foreground">
                        {w.description ||
                          `${w.stepCount} step${w.stepCount === 1 ? "" : "s"} · version ${w.version}`}
                      </p>
                    </div>
                    <WorkflowRowActions id={w.id} name={w.name} status={w.status} />
                  </div>
                  <div className="flex flex-wrap items-center gap-1.5 text-xs">
                    <Badge tone={status.tone} data-testid="workflow-status">
                      {status.label}
                    </Badge>
                    <Badge>Manual</Badge>
                    {w.triggers.scheduled ? <Badge tone="primary">Schedule</Badge> : null}
                    {w.triggers.webhook ? <Badge tone="primary">Webhook</Badge> : null}
                    {w.triggers.api ? <Badge tone="primary">API</Badge> : null}
                  </div>
                  <dl className="mt-auto grid grid-cols-2 gap-x-4 gap-y-1 text-xs text-muted-foreground sm:grid-cols-4">
                    <div>
                      <dt>Last run</dt>
                      <dd className="text-foreground">
                        {last ? <Badge tone={last.tone}>{last.label}</Badge> : "never"}
                      </dd>
                    </div>
                    <div>
                      <dt>Runs</dt>
                      <dd className="text-foreground">{w.runCount}</dd>
                    </div>
                    <div>
                      <dt>Succeeded / failed</dt>
                      <dd className="text-foreground">
                        {w.successCount} / {w.errorCount}
                      </dd>
                    </div>
                    <div>
                      <dt>Next scheduled</dt>
                      <dd className="text-foreground">
                        {w.nextRunAt ? formatDateTime(w.nextRunAt, tz) : "—"}
                      </dd>
                    </div>
                  </dl>
                  <div className="flex gap-3 text-sm">
                    <Link href={`/workflows/${w.id}`} className="text-primary hover:underline">
                      Edit
                    </Link>
                    <Link href={`/workflows/${w.id}/runs`} className="text-primary hover:underline">
                      Runs
                    </Link>
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
