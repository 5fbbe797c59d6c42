import type { Metadata } from "next";
import { SettingsForm } from "@/components/workflows/settings-form";
import { loadWorkflow } from "../../load";

export const metadata: Metadata = { title: "Workflow settings" };
export const dynamic = "force-dynamic";

export default async function WorkflowSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { workflow: wf } = await loadWorkflow(id);
  return (
    <SettingsForm
      workflowId={wf.id}
      initial={{ name: wf.name, description: wf.description, ...wf.settings }}
    />
  );
}
