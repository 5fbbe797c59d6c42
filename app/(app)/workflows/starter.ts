import type { WorkflowDefinition } from "@/lib/workflows/definition";

/**
 * The ready example of the empty state: text in, a model's summary, a formatted result and a
 * condition on the input. Without a usable model it is transform-only (the page says to connect one).
 */
export function starterExample(model: string | null): WorkflowDefinition {
  const inputSchema: WorkflowDefinition["inputSchema"] = [
    { name: "text", type: "string", required: true, description: "The text to summarise" },
  ];
  const source = model ? "{{steps.summarize.output}}" : "{{input.text}}";
  const steps: WorkflowDefinition["steps"] = [
    ...(model
      ? [
          {
            id: "summarize",
            type: "model" as const,
            name: "Summarise",
            config: { model, prompt: "Summarise in one sentence:\n\n{{input.text}}" },
            position: { x: 0, y: 0 },
          },
        ]
      : []),
    {
      id: "format",
      type: "transform",
      name: "Format",
      config: { op: "template", source: `Summary: ${source}` },
      position: { x: 0, y: 140 },
    },
    {
      id: "is_urgent",
      type: "condition",
      name: "Mentions “urgent”?",
      config: { left: "{{input.text}}", operator: "contains", right: "urgent" },
      position: { x: 0, y: 280 },
    },
    {
      id: "flag",
      type: "transform",
      name: "Flag it",
      config: { op: "template", source: "URGENT — {{steps.format.output}}" },
      position: { x: -140, y: 420 },
    },
    {
      id: "file",
      type: "transform",
      name: "File it",
      config: { op: "template", source: "{{steps.format.output}}" },
      position: { x: 140, y: 420 },
    },
  ];
  const edges: WorkflowDefinition["edges"] = [
    ...(model ? [{ from: "summarize", to: "format" }] : []),
    { from: "format", to: "is_urgent" },
    { from: "is_urgent", to: "flag", branch: "true" },
    { from: "is_urgent", to: "file", branch: "false" },
  ];
  return { inputSchema, steps, edges };
}
