import { z } from "zod";
import { WORKFLOW_STEP_TYPES } from "@/db/schema/workflows";

/**
 * The shape of a workflow version: an input schema, steps and edges. This zod schema is the one
 * authority for what a saved graph may contain; lib/workflows/validate.ts checks what zod cannot
 * (references, cycles, reachability). The same JSON is what the canvas edits and the engine runs.
 */

export const STEP_ID = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_STEPS = 100;
export const MAX_DELAY_SECONDS = 30 * 24 * 3600;
export const MAX_SUBWORKFLOW_DEPTH = 5;

const text = (max: number) => z.string().max(max);
const modelName = z.string().trim().min(1, "choose a model").max(200);

export const inputFieldSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/, "letters, digits and _ (not first), up to 40"),
  type: z.enum(["string", "number", "boolean", "json"]),
  required: z.boolean().default(false),
  default: z.unknown().optional(),
  description: text(500).optional(),
});
export type InputField = z.infer<typeof inputFieldSchema>;

export const retrySchema = z.object({
  maxAttempts: z.number().int().min(1).max(10).default(1),
  backoff: z.enum(["fixed", "exponential"]).default("exponential"),
  delayMs: z.number().int().min(0).max(3_600_000).default(1_000),
  /** Failure classes worth another attempt; anything else fails the step at once. */
  retryOn: z
    .array(z.enum(["429", "5xx", "timeout", "network"]))
    .default(["429", "5xx", "timeout", "network"]),
});
export type RetryPolicy = z.infer<typeof retrySchema>;

const modelConfig = z.object({
  model: modelName,
  prompt: text(50_000).min(1, "write a prompt"),
  system: text(20_000).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(200_000).optional(),
  /** A JSON Schema object the answer must satisfy; the output is then the parsed JSON. */
  jsonSchema: z.record(z.string(), z.unknown()).optional(),
  /** Add the owner's dictionary entries relevant to the prompt, and check the answer against them. */
  terminology: z.boolean().optional(),
});

const templateConfig = z.object({
  templateId: z.uuid("choose a template"),
  prompt: text(50_000).min(1, "write a prompt"),
  /** Catalog model to run it on; the template's default model when absent. */
  model: modelName.optional(),
});

export const MULTI_STRATEGIES = ["all", "first", "cheapest", "fastest", "fuse", "judge"] as const;
const multiModelConfig = z
  .object({
    models: z.array(modelName).min(2, "choose at least 2 models").max(8, "at most 8 models"),
    prompt: text(50_000).min(1, "write a prompt"),
    system: text(20_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(200_000).optional(),
    strategy: z.enum(MULTI_STRATEGIES).default("all"),
    /** The model that fuses or judges (fuse, judge). */
    judgeModel: modelName.optional(),
  })
  .refine((c) => !(c.strategy === "fuse" || c.strategy === "judge") || !!c.judgeModel, {
    message: "the fuse and judge strategies need a judge model",
    path: ["judgeModel"],
  });

export const TRANSFORM_OPS = ["template", "json_path", "json_parse", "json_stringify", "regex"] as const;
const transformConfig = z
  .object({
    op: z.enum(TRANSFORM_OPS),
    /** The text the op works on (a template): for template, the result itself. */
    source: text(100_000).min(1, "say what to transform"),
    path: text(500).optional(),
    pattern: text(1_000).optional(),
    flags: z
      .string()
      .regex(/^[gimsuy]*$/, "regex flags are g, i, m, s, u, y")
      .optional(),
    group: z.number().int().min(0).max(99).optional(),
  })
  .refine((c) => c.op !== "json_path" || !!c.path, { message: "give a JSON path", path: ["path"] })
  .refine((c) => c.op !== "regex" || !!c.pattern, { message: "give a pattern", path: ["pattern"] });

export const CONDITION_OPERATORS = [
  "equals",
  "not_equals",
  "contains",
  "greater_than",
  "less_than",
  "regex",
  "exists",
] as const;
const conditionConfig = z.object({
  /** A template naming the value tested, e.g. {{steps.classify.output.label}}. */
  left: text(10_000).min(1, "say what to test"),
  operator: z.enum(CONDITION_OPERATORS),
  right: text(10_000).optional(),
});

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const httpConfig = z.object({
  method: z.enum(HTTP_METHODS).default("POST"),
  url: text(4_000).min(1, "give a URL"),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "a header name"), text(8_000)).default({}),
  body: text(200_000).optional(),
  timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
  maxResponseBytes: z
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * 1024)
    .default(1024 * 1024),
});

const delayConfig = z.object({
  seconds: z.number().int().min(1, "at least 1 second").max(MAX_DELAY_SECONDS, "at most 30 days"),
});

const subworkflowConfig = z.object({
  workflowId: z.uuid("choose a workflow"),
  /** Input field of the child -> template. */
  input: z.record(z.string(), text(50_000)).default({}),
});

const toolConfig = z.object({
  /** An MCP server id the workflow's owner may use, or "prism" for a built-in tool. */
  server: z.union([z.uuid("choose a tool server"), z.literal("prism")]),
  tool: text(200).min(1, "choose a tool"),
  /** Argument name -> template; a value that is exactly {{path}} keeps its type. */
  arguments: z.record(z.string(), text(50_000)).default({}),
});

const agentConfig = z.object({
  /** One of the owner's agents (Settings → Agents). */
  agentId: z.uuid("choose an agent"),
  /** What the agent receives as its input (a template). */
  input: text(50_000).min(1, "say what to send the agent"),
});

export const STEP_CONFIG = {
  model: modelConfig,
  template: templateConfig,
  multi_model: multiModelConfig,
  transform: transformConfig,
  condition: conditionConfig,
  http: httpConfig,
  delay: delayConfig,
  subworkflow: subworkflowConfig,
  tool: toolConfig,
  agent: agentConfig,
} as const;
export type StepConfigs = { [K in keyof typeof STEP_CONFIG]: z.infer<(typeof STEP_CONFIG)[K]> };

const stepBase = z.object({
  id: z.string().regex(STEP_ID, "step ids are lowercase letters, digits and _, starting with a letter"),
  type: z.enum(WORKFLOW_STEP_TYPES),
  name: text(200).optional(),
  config: z.record(z.string(), z.unknown()),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).optional(),
  retry: retrySchema.optional(),
  timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
});

export type WorkflowStepDef = {
  [K in keyof StepConfigs]: Omit<z.infer<typeof stepBase>, "type" | "config"> & {
    type: K;
    config: StepConfigs[K];
  };
}[keyof StepConfigs];

export const edgeSchema = z.object({
  from: z.string().regex(STEP_ID, "an edge starts at a step id"),
  to: z.string().regex(STEP_ID, "an edge ends at a step id"),
  /** Only on edges leaving a condition step: which outcome follows it. */
  branch: z.enum(["true", "false"]).optional(),
});
export type WorkflowEdge = z.infer<typeof edgeSchema>;

export const definitionSchema = z.object({
  inputSchema: z.array(inputFieldSchema).max(50).default([]),
  steps: z.array(stepBase).min(1, "add at least one step").max(MAX_STEPS),
  edges: z
    .array(edgeSchema)
    .max(MAX_STEPS * 4)
    .default([]),
});

export type WorkflowDefinition = {
  inputSchema: InputField[];
  steps: WorkflowStepDef[];
  edges: WorkflowEdge[];
};

/** A problem with a saved graph, naming the step and field it is about. */
export type DefinitionIssue = { stepId?: string; field: string; message: string };

/**
 * Parses a graph: the envelope first, then each step's config by its type. Every problem is
 * collected with the step and field it belongs to, so the editor can mark them all at once.
 */
export function parseDefinition(
  input: unknown,
): { ok: true; definition: WorkflowDefinition } | { ok: false; issues: DefinitionIssue[] } {
  const envelope = definitionSchema.safeParse(input);
  if (!envelope.success) {
    return {
      ok: false,
      issues: envelope.error.issues.map((i) => {
        const [top, index, ...rest] = i.path;
        const stepId =
          top === "steps" && typeof index === "number" && Array.isArray((input as { steps?: unknown })?.steps)
            ? String(
                ((input as { steps: Array<{ id?: unknown }> }).steps[index]?.id as string) ?? `#${index + 1}`,
              )
            : undefined;
        return {
          stepId,
          field: (stepId ? rest : i.path).join(".") || String(top ?? "definition"),
          message: i.message,
        };
      }),
    };
  }
  const issues: DefinitionIssue[] = [];
  const steps: WorkflowStepDef[] = [];
  for (const step of envelope.data.steps) {
    const parsed = STEP_CONFIG[step.type].safeParse(step.config);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        issues.push({ stepId: step.id, field: ["config", ...i.path].join("."), message: i.message });
      }
      continue;
    }
    steps.push({ ...step, config: parsed.data } as WorkflowStepDef);
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    definition: { inputSchema: envelope.data.inputSchema, steps, edges: envelope.data.edges },
  };
}

/** Stable JSON (sorted keys) so the same graph always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
