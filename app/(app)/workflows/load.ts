import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { AgentModel } from "@/lib/agents/store";
import { modelRef } from "@/lib/ai/model-ref";
import { usableModels } from "@/lib/ai/models";
import { requireActor } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { TemplateModel } from "@/lib/marketplace/templates";
import { McpServerModel } from "@/lib/mcp/servers";
import { WorkflowModel } from "@/lib/workflows/store";

/** The workflow of a page (once per request, shared by its layout and page); 404 when not the user's. */
export const loadWorkflow = cache(async (id: string) => {
  const actor = await requireActor();
  const db = await getDb();
  const model = new WorkflowModel(db, actor);
  try {
    return { actor, db, model, workflow: await model.get(id) };
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
});

/** What the step pickers offer: the user's models, templates and other workflows. */
export async function editorChoices(id: string) {
  const { actor, db, model } = await loadWorkflow(id);
  const [models, templates, workflows, servers, agents] = await Promise.all([
    usableModels(db, actor, { type: "chat" }),
    new TemplateModel(db, actor).listMine(),
    model.list(),
    new McpServerModel(db, actor).list("usable"),
    new AgentModel(db, actor).list(),
  ]);
  return {
    models: models
      .filter((m) => m.type === "chat")
      .map((m) => ({ id: modelRef(m), label: `${m.displayName} (${m.providerName})` })),
    templates: templates.map((t) => ({ id: t.id, label: t.name })),
    workflows: workflows.filter((w) => w.id !== id).map((w) => ({ id: w.id, label: w.name })),
    toolServers: [
      { id: "prism", label: "Prism built-ins (terminology_lookup, fetch_page)" },
      ...servers
        .filter((s) => s.enabled)
        .map((s) => ({ id: s.id, label: `${s.name} (${s.enabledTools.join(", ") || "no tools enabled"})` })),
    ],
    agents: agents.filter((a) => a.enabled).map((a) => ({ id: a.id, label: `${a.name} (@${a.handle})` })),
  };
}
