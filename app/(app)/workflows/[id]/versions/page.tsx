import type { Metadata } from "next";
import { WorkflowVersions } from "@/components/workflows/versions-panel";
import { loadWorkflow } from "../../load";

export const metadata: Metadata = { title: "Workflow versions" };
export const dynamic = "force-dynamic";

export default async function WorkflowVersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workflow: wf, model } = await loadWorkflow(id);
  const versions = await model.versions(id);
  return (
    <WorkflowVersions
      workflowId={wf.id}
      current={wf.version}
      versions={versions.map((v) => ({
        version: v.version,
        changelog: v.changelog,
        createdAt: v.createdAt.toISOString(),
        json: JSON.stringify(v.definition, null, 2),
      }))}
    />
  );
}
