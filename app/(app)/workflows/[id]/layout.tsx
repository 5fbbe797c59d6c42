import Link from "next/link";
import { Badge } from "@/components/ui/card";
import { WORKFLOW_STATUS } from "@/components/workflows/status";
import { WorkflowRowActions } from "@/components/workflows/workflow-row-actions";
import { WorkflowTabs } from "@/components/workflows/workflow-tabs";
import { loadWorkflow } from "../load";

export default async function WorkflowLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const { workflow: wf } = await loadWorkflow(id);
  const status = WORKFLOW_STATUS[wf.status] ?? { label: wf.status, tone: "neutral" as const };
  return (
    <div className="mx-auto max-w-7xl space-y-4 p-4 sm:p-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <Link href="/workflows" className="text-sm text-muted-foreground hover:underline">
            ← Workflows
          </Link>
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            {wf.name}
            <Badge tone={status.tone} data-testid="workflow-status">
              {status.label}
            </Badge>
            <Badge tone="primary">v{wf.version}</Badge>
          </h1>
          {wf.description ? <p className="text-sm text-muted-foreground">{wf.description}</p> : null}
        </div>
        <WorkflowRowActions id={wf.id} name={wf.name} status={wf.status} />
      </div>
      <WorkflowTabs id={wf.id} />
      {children}
    </div>
  );
}
