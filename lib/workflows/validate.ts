import type { DefinitionIssue, WorkflowDefinition, WorkflowStepDef } from "./definition";
import { isKnownRoot, referencesIn } from "./template";

export type Graph = {
  byId: Map<string, WorkflowStepDef>;
  /** step id -> edges leaving it. */
  out: Map<string, WorkflowDefinition["edges"]>;
  /** step id -> edges entering it. */
  in: Map<string, WorkflowDefinition["edges"]>;
  /** Steps in an order where every step comes after all its predecessors (null when cyclic). */
  order: string[] | null;
};

export function buildGraph(def: WorkflowDefinition): Graph {
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  const out = new Map<string, WorkflowDefinition["edges"]>();
  const inn = new Map<string, WorkflowDefinition["edges"]>();
  for (const s of def.steps) {
    out.set(s.id, []);
    inn.set(s.id, []);
  }
  for (const e of def.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue;
    out.get(e.from)?.push(e);
    inn.get(e.to)?.push(e);
  }
  // Kahn's algorithm; what is left over sits on a cycle.
  const indegree = new Map(def.steps.map((s) => [s.id, inn.get(s.id)?.length ?? 0]));
  const queue = def.steps.filter((s) => indegree.get(s.id) === 0).map((s) => s.id);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift() as string;
    order.push(id);
    for (const e of out.get(id) ?? []) {
      const d = (indegree.get(e.to) ?? 0) - 1;
      indegree.set(e.to, d);
      if (d === 0) queue.push(e.to);
    }
  }
  return { byId, out, in: inn, order: order.length === def.steps.length ? order : null };
}

/** Steps with no incoming edge: where a run starts. */
export function entrySteps(g: Graph): string[] {
  return [...g.byId.keys()].filter((id) => (g.in.get(id)?.length ?? 0) === 0);
}

/** Every step upstream of `id` (its ancestors). */
export function ancestorsOf(g: Graph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(g.in.get(id) ?? []).map((e) => e.from)];
  while (stack.length) {
    const s = stack.pop() as string;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const e of g.in.get(s) ?? []) stack.push(e.from);
  }
  return seen;
}

/** Every step downstream of `id`, and `id` itself. */
export function descendantsOf(g: Graph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const s = stack.pop() as string;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const e of g.out.get(s) ?? []) stack.push(e.to);
  }
  return seen;
}

function stringsIn(value: unknown, path: string, out: Array<{ field: string; text: string }>): void {
  if (typeof value === "string") out.push({ field: path, text: value });
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) stringsIn(v, `${path}.${i}`, out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) stringsIn(v, `${path}.${k}`, out);
  }
}

/**
 * What zod cannot check: unique ids, edges between existing steps with the right branch labels,
 * no cycles, every step connected, and variables that an input field, an earlier step or a
 * workflow secret provides. Issues name the step and field.
 */
export function validateGraph(
  def: WorkflowDefinition,
  opts: { secretNames?: readonly string[] } = {},
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  for (const s of def.steps) {
    if (seen.has(s.id)) issues.push({ stepId: s.id, field: "id", message: `Two steps are named "${s.id}".` });
    seen.add(s.id);
  }
  const fields = new Set<string>();
  for (const f of def.inputSchema) {
    if (fields.has(f.name))
      issues.push({ field: "inputSchema", message: `The input field "${f.name}" is declared twice.` });
    fields.add(f.name);
  }
  const g = buildGraph(def);
  const edgeKeys = new Set<string>();
  for (const e of def.edges) {
    const from = g.byId.get(e.from);
    if (!from)
      issues.push({ field: "edges", message: `An edge starts at "${e.from}", which is not a step.` });
    if (!g.byId.has(e.to))
      issues.push({ field: "edges", message: `An edge ends at "${e.to}", which is not a step.` });
    if (e.from === e.to)
      issues.push({ stepId: e.from, field: "edges", message: "A step cannot lead to itself." });
    const key = `${e.from}>${e.to}>${e.branch ?? ""}`;
    if (edgeKeys.has(key))
      issues.push({ stepId: e.from, field: "edges", message: `The edge to "${e.to}" is there twice.` });
    edgeKeys.add(key);
    if (from?.type === "condition" && !e.branch) {
      issues.push({
        stepId: e.from,
        field: "edges",
        message: `Say whether "${e.to}" follows the true or the false outcome.`,
      });
    }
    if (from && from.type !== "condition" && e.branch) {
      issues.push({
        stepId: e.from,
        field: "edges",
        message: "Only a condition step has true and false outcomes.",
      });
    }
  }
  if (!g.order) {
    const inOrder = new Set<string>();
    // Steps that never reach indegree 0 are on (or behind) a cycle.
    const indeg = new Map(def.steps.map((s) => [s.id, g.in.get(s.id)?.length ?? 0]));
    const q = def.steps.filter((s) => indeg.get(s.id) === 0).map((s) => s.id);
    while (q.length) {
      const id = q.shift() as string;
      inOrder.add(id);
      for (const e of g.out.get(id) ?? []) {
        indeg.set(e.to, (indeg.get(e.to) ?? 0) - 1);
        if (indeg.get(e.to) === 0) q.push(e.to);
      }
    }
    const cyclic = def.steps.filter((s) => !inOrder.has(s.id)).map((s) => s.id);
    issues.push({
      stepId: cyclic[0],
      field: "edges",
      message: `These steps form a cycle: ${cyclic.join(" → ")}. A workflow must not loop back.`,
    });
  }
  if (def.steps.length > 1) {
    for (const s of def.steps) {
      if ((g.in.get(s.id)?.length ?? 0) === 0 && (g.out.get(s.id)?.length ?? 0) === 0) {
        issues.push({
          stepId: s.id,
          field: "edges",
          message: "This step is not connected to any other step.",
        });
      }
    }
  }
  if (g.order && entrySteps(g).length === 0)
    issues.push({ field: "edges", message: "No step starts the workflow." });

  const secrets = new Set(opts.secretNames ?? []);
  for (const s of def.steps) {
    const ancestors = g.order ? ancestorsOf(g, s.id) : new Set(def.steps.map((x) => x.id));
    const texts: Array<{ field: string; text: string }> = [];
    stringsIn(s.config, "config", texts);
    for (const { field, text } of texts) {
      for (const ref of referencesIn(text)) {
        const where = { stepId: s.id, field };
        if (!isKnownRoot(ref.root)) {
          issues.push({
            ...where,
            message: `{{${ref.raw}}} is not a variable: use input.…, steps.<id>.output…, or secrets.…`,
          });
        } else if (ref.root === "input") {
          const name = ref.path[0];
          if (typeof name !== "string" || !fields.has(name)) {
            issues.push({
              ...where,
              message: `{{${ref.raw}}}: the input has no field "${String(name ?? "")}". Add it to the input schema.`,
            });
          }
        } else if (ref.root === "steps") {
          const [id, field2] = ref.path;
          if (typeof id !== "string" || !g.byId.has(id)) {
            issues.push({ ...where, message: `{{${ref.raw}}}: there is no step "${String(id ?? "")}".` });
          } else if (!ancestors.has(id)) {
            issues.push({
              ...where,
              message: `{{${ref.raw}}}: step "${id}" does not run before this one. Connect it upstream.`,
            });
          } else if (field2 !== undefined && field2 !== "output") {
            issues.push({
              ...where,
              message: `{{${ref.raw}}}: a step provides .output (and paths inside it).`,
            });
          }
        } else if (ref.root === "secrets") {
          const name = ref.path[0];
          if (typeof name !== "string" || !secrets.has(name)) {
            issues.push({
              ...where,
              message: `{{${ref.raw}}}: this workflow has no secret "${String(name ?? "")}".`,
            });
          }
        }
      }
    }
  }
  return issues;
}
