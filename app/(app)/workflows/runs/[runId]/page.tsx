import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RunView } from "@/components/workflows/run-view";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { WorkflowRunsModel } from "@/lib/workflows/runs";
import { getQueue } from "@/lib/workflows/runtime";
import { WorkflowModel } from "@/lib/workflows/store";

export const metadata: Metadata = { title: "Workflow run" };
export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const actor = await requireActor();
  const db = await getDb();
  const detail = await new WorkflowRunsModel(db, actor, await getQueue())
    .detail(runId)
    .catch((err: unknown) => {
      if (err instanceof AppError && err.code === "not_found") notFound();
      throw err;
    });
  const wf = await new WorkflowModel(db, actor).row(detail.run.workflowId).catch(() => null);
  return (
    <div className="mx-auto max-w-7xl space-y-4 p-4 sm:p-6">
      <div>
        <Link
          href={`/workflows/${detail.run.workflowId}/runs`}
          className="text-sm text-muted-foreground hover:underline"
        >
          ← Runs of {wf?.name ?? "the workflow"}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">
          Run of {formatDateTime(detail.run.queuedAt, actor.user.timezone)}
        </h1>
      </div>
      <RunView initial={detail} timeZone={actor.user.timezone} />
    </div>
  );
}
