import type { z } from "zod";
import { STEP_CONFIG } from "@/lib/workflows/definition";

/**
 * The side panel's config form, read off the step's zod schema (lib/workflows/definition.ts), so a
 * field added there appears in the editor. A few keys get a richer control (model and template
 * pickers); everything else follows its zod type.
 */
export type FieldKind =
  | "text"
  | "textarea"
  | "number"
  | "enum"
  | "boolean"
  | "json"
  | "model"
  | "models"
  | "template"
  | "workflow"
  | "toolServer"
  | "agent";

export type FieldSpec = {
  key: string;
  label: string;
  kind: FieldKind;
  optional: boolean;
  options?: readonly string[];
  defaultValue?: unknown;
};

type Def = { type: string; innerType?: z.ZodType; defaultValue?: unknown; entries?: Record<string, string> };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

const LONG_TEXT = new Set(["prompt", "system", "source", "body", "left", "right"]);
const LABELS: Record<string, string> = {
  model: "Model",
  models: "Models",
  judgeModel: "Judge model",
  templateId: "Template",
  workflowId: "Workflow",
  prompt: "Prompt",
  system: "System prompt",
  temperature: "Temperature",
  maxTokens: "Max tokens",
  jsonSchema: "JSON Schema of the answer",
  terminology: "Use my terminology",
  strategy: "Strategy",
  op: "Operation",
  source: "Source",
  path: "JSON path",
  pattern: "Pattern",
  flags: "Regex flags",
  group: "Capture group",
  left: "Value tested",
  operator: "Operator",
  right: "Compared with",
  method: "Method",
  url: "URL",
  headers: "Headers (JSON object)",
  body: "Body",
  timeoutMs: "Timeout (ms)",
  maxResponseBytes: "Max response bytes",
  seconds: "Seconds",
  input: "Input of the sub-workflow (JSON object)",
  server: "Tool server",
  tool: "Tool name",
  arguments: "Arguments (JSON object; values are templates)",
  agentId: "Agent",
};

export function configFields(type: keyof typeof STEP_CONFIG): FieldSpec[] {
  const shape = (STEP_CONFIG[type] as unknown as { shape: Record<string, z.ZodType> }).shape;
  return Object.entries(shape).map(([key, schema]) => {
    let def = defOf(schema);
    let optional = false;
    let defaultValue: unknown;
    while (def.innerType) {
      if (def.type === "optional") optional = true;
      if (def.type === "default") {
        optional = true;
        defaultValue = def.defaultValue;
      }
      def = defOf(def.innerType);
    }
    const label = LABELS[key] ?? key;
    const base = { key, label, optional, defaultValue };
    if (key === "model" || key === "judgeModel") return { ...base, kind: "model" };
    if (key === "models") return { ...base, kind: "models" };
    if (key === "templateId") return { ...base, kind: "template" };
    if (key === "workflowId") return { ...base, kind: "workflow" };
    if (key === "server") return { ...base, kind: "toolServer" };
    if (key === "agentId") return { ...base, kind: "agent" };
    // The agent step's input is a template text (the sub-workflow's is a JSON object).
    if (type === "agent" && key === "input")
      return { ...base, label: "Input sent to the agent", kind: "textarea" };
    switch (def.type) {
      case "enum":
        return { ...base, kind: "enum", options: Object.values(def.entries ?? {}) };
      case "number":
        return { ...base, kind: "number" };
      case "boolean":
        return { ...base, kind: "boolean" };
      case "record":
      case "object":
        return { ...base, kind: "json" };
      default:
        return { ...base, kind: LONG_TEXT.has(key) ? "textarea" : "text" };
    }
  });
}

/** A new step's config: valid where it can be without the user's choices. */
export function defaultConfig(
  type: keyof typeof STEP_CONFIG,
  firstModel: string | null,
): Record<string, unknown> {
  switch (type) {
    case "model":
      return { model: firstModel ?? "", prompt: "{{input.text}}" };
    case "template":
      return { templateId: "", prompt: "{{input.text}}" };
    case "multi_model":
      return { models: [], prompt: "{{input.text}}", strategy: "all" };
    case "transform":
      return { op: "template", source: "{{input.text}}" };
    case "condition":
      return { left: "{{input.text}}", operator: "contains", right: "" };
    case "http":
      return {
        method: "POST",
        url: "https://example.com/hook",
        headers: {},
        body: '{"text": "{{input.text}}"}',
      };
    case "delay":
      return { seconds: 5 };
    case "subworkflow":
      return { workflowId: "", input: {} };
    case "tool":
      return { server: "prism", tool: "fetch_page", arguments: { url: "{{input.text}}" } };
    case "agent":
      return { agentId: "", input: "{{input.text}}" };
  }
}
