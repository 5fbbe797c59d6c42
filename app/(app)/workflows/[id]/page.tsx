import type { Metadata } from "next";
import { WorkflowEditor } from "@/components/workflows/editor";
import type { Draft } from "@/components/workflows/graph";
import { editorChoices, loadWorkflow } from "../load";

export const metadata: Metadata = { title: "Workflow editor" };
export const dynamic = "force-dynamic";

export default async function WorkflowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ workflow: wf }, choices] = await Promise.all([loadWorkflow(id), editorChoices(id)]);
  return (
    <WorkflowEditor
      workflowId={wf.id}
      version={wf.version}
      definition={wf.definition as Draft}
      secretNames={wf.secretNames}
      choices={choices}
    />
  );
}
