import type { WorkflowStepType } from "@/db/schema/workflows";
import type { DefinitionIssue, InputField } from "@/lib/workflows/definition";

/**
 * The editor's working copy of a definition: like the saved JSON, but a step's config may be
 * half-filled while the user types. It is validated (client and server) with the same zod schemas.
 */
export type DraftStep = {
  id: string;
  type: WorkflowStepType;
  name?: string;
  config: Record<string, unknown>;
  position?: { x: number; y: number };
  retry?: { maxAttempts?: number; backoff?: "fixed" | "exponential"; delayMs?: number; retryOn?: string[] };
  timeoutMs?: number;
};
export type DraftEdge = { from: string; to: string; branch?: "true" | "false" };
export type Draft = { inputSchema: InputField[]; steps: DraftStep[]; edges: DraftEdge[] };

export const STEP_TYPE_LABEL: Record<WorkflowStepType, string> = {
  model: "Model",
  template: "Template",
  multi_model: "Multi-model",
  transform: "Transform",
  condition: "Condition",
  http: "HTTP request",
  delay: "Delay",
  subworkflow: "Sub-workflow",
  tool: "Tool (MCP)",
  agent: "Agent",
};

export const edgeId = (e: DraftEdge) => `${e.from}>${e.to}>${e.branch ?? ""}`;

/** A fresh step id of that type ("http_2"), unique in the draft. */
export function newStepId(draft: Draft, type: WorkflowStepType): string {
  const taken = new Set(draft.steps.map((s) => s.id));
  for (let n = 1; ; n++) {
    const id = `${type}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** Renames a step and the edges that touch it (references in text fields are left to the user). */
export function renameStep(draft: Draft, from: string, to: string): Draft {
  return {
    ...draft,
    steps: draft.steps.map((s) => (s.id === from ? { ...s, id: to } : s)),
    edges: draft.edges.map((e) => ({
      ...e,
      from: e.from === from ? to : e.from,
      to: e.to === from ? to : e.to,
    })),
  };
}

export function removeStep(draft: Draft, id: string): Draft {
  return {
    ...draft,
    steps: draft.steps.filter((s) => s.id !== id),
    edges: draft.edges.filter((e) => e.from !== id && e.to !== id),
  };
}

export function addEdge(draft: Draft, edge: DraftEdge): Draft {
  if (edge.from === edge.to || draft.edges.some((e) => edgeId(e) === edgeId(edge))) return draft;
  return { ...draft, edges: [...draft.edges, edge] };
}

/** Issues grouped by step id ("" for the workflow-level ones). */
export function issuesByStep(issues: readonly DefinitionIssue[]): Map<string, DefinitionIssue[]> {
  const map = new Map<string, DefinitionIssue[]>();
  for (const i of issues) {
    const key = i.stepId ?? "";
    map.set(key, [...(map.get(key) ?? []), i]);
  }
  return map;
}

/** Drops undefined keys so the JSON view and the saved graph stay clean. */
export function cleanDraft(draft: Draft): Draft {
  return JSON.parse(JSON.stringify(draft)) as Draft;
}
