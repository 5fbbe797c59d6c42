import type {
  JSONSchema7,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3FunctionTool,
  LanguageModelV3Message,
  LanguageModelV3Prompt,
  LanguageModelV3ToolChoice,
  SharedV3ProviderOptions,
} from "@ai-sdk/provider";
import { z } from "zod";
import { AppError } from "@/lib/errors";

/** OpenAI's function tools, tool choice and tool calls (Chat Completions), as Prism accepts them. */
export const functionName = z
  .string({ error: "the function name is required" })
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, "a function name is 1 to 64 letters, digits, underscores or dashes");

export const functionTool = z.object({
  type: z.literal("function", { error: 'type must be "function": Prism supports function tools' }),
  function: z.object(
    {
      name: functionName,
      description: z.string().max(100_000).optional(),
      parameters: z
        .record(z.string(), z.unknown(), { error: "parameters must be a JSON Schema object" })
        .optional(),
      strict: z.boolean().nullable().optional(),
    },
    { error: "function is required" },
  ),
});

export const toolChoice = z.union(
  [
    z.enum(["none", "auto", "required"]),
    z.object({ type: z.literal("function"), function: z.object({ name: functionName }) }),
  ],
  { error: 'tool_choice must be "none", "auto", "required" or {"type":"function","function":{"name":…}}' },
);

export const toolCall = z.object({
  id: z.string({ error: "a tool call needs its id" }).min(1).max(500),
  type: z.literal("function", { error: 'a tool call\'s type must be "function"' }),
  function: z.object({ name: functionName, arguments: z.string({ error: "arguments must be a string" }) }),
});

type FunctionTool = z.infer<typeof functionTool>;
type ToolChoice = z.infer<typeof toolChoice>;

/** A message as the Chat Completions request schema parses it. */
export type OpenAiMessage = {
  role: "system" | "developer" | "user" | "assistant" | "tool";
  content?: string | null | ({ type: "text"; text: string } | { type: string })[];
  tool_calls?: z.infer<typeof toolCall>[] | null;
  tool_call_id?: string;
};

export function contentText(c: OpenAiMessage["content"]): string {
  if (c == null) return "";
  if (typeof c === "string") return c;
  return c.map((p) => ("text" in p && typeof p.text === "string" ? p.text : "")).join("");
}

const EMPTY_OBJECT_SCHEMA: JSONSchema7 = { type: "object", properties: {} };

export function providerTools(tools: FunctionTool[]): LanguageModelV3FunctionTool[] {
  return tools.map((t) => ({
    type: "function",
    name: t.function.name,
    description: t.function.description,
    // Validated as a JSON object; the provider checks the schema itself, as OpenAI does.
    inputSchema: (t.function.parameters as JSONSchema7 | undefined) ?? EMPTY_OBJECT_SCHEMA,
    ...(t.function.strict != null ? { strict: t.function.strict } : {}),
  }));
}

export function providerToolChoice(c: ToolChoice | undefined): LanguageModelV3ToolChoice | undefined {
  if (c === undefined) return undefined;
  if (typeof c === "string") return { type: c };
  return { type: "tool", toolName: c.function.name };
}

/** `parallel_tool_calls` in each provider's own option. */
export function parallelOptions(parallel: boolean | undefined): SharedV3ProviderOptions | undefined {
  if (parallel === undefined) return undefined;
  return {
    openai: { parallelToolCalls: parallel },
    anthropic: { disableParallelToolUse: !parallel },
    "openai-compatible": { parallel_tool_calls: parallel },
  };
}

function parseArguments(text: string, field: string): unknown {
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("bad_request", `${field}: the arguments are not valid JSON.`, { field });
  }
}

/** Chat Completions messages (with tool calls and tool results) → the provider prompt. */
export function providerPrompt(system: string | undefined, messages: OpenAiMessage[]): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  if (system) prompt.push({ role: "system", content: system });
  const toolNames = new Map<string, string>();
  messages.forEach((m, i) => {
    if (m.role === "user")
      prompt.push({ role: "user", content: [{ type: "text", text: contentText(m.content) }] });
    else if (m.role === "assistant") {
      const content: Extract<LanguageModelV3Message, { role: "assistant" }>["content"] = [];
      const text = contentText(m.content);
      if (text || !m.tool_calls?.length) content.push({ type: "text", text });
      m.tool_calls?.forEach((c, j) => {
        toolNames.set(c.id, c.function.name);
        content.push({
          type: "tool-call",
          toolCallId: c.id,
          toolName: c.function.name,
          input: parseArguments(c.function.arguments, `messages.${i}.tool_calls.${j}.function.arguments`),
        });
      });
      prompt.push({ role: "assistant", content });
    } else if (m.role === "tool") {
      const id = m.tool_call_id ?? "";
      const toolName = toolNames.get(id);
      if (!toolName) {
        throw new AppError(
          "bad_request",
          `messages.${i}.tool_call_id: "${id}" answers no tool call of an earlier assistant message.`,
          { field: `messages.${i}.tool_call_id` },
        );
      }
      const part = {
        type: "tool-result" as const,
        toolCallId: id,
        toolName,
        output: { type: "text" as const, value: contentText(m.content) },
      };
      // Results of one assistant turn's parallel calls go together, as providers expect.
      const last = prompt[prompt.length - 1];
      if (last?.role === "tool") last.content.push(part);
      else prompt.push({ role: "tool", content: [part] });
    }
  });
  return prompt;
}

export type OpenAiToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

export function toolCallsOf(content: LanguageModelV3Content[]): OpenAiToolCall[] {
  return content.flatMap((c) =>
    c.type === "tool-call" && !c.providerExecuted
      ? [{ id: c.toolCallId, type: "function" as const, function: { name: c.toolName, arguments: c.input } }]
      : [],
  );
}

export type OpenAiFinish = "stop" | "length" | "tool_calls" | "content_filter";

export function openAiFinish(
  reason: LanguageModelV3FinishReason | undefined,
  calledTools: boolean,
): OpenAiFinish {
  if (reason?.unified === "length") return "length";
  if (calledTools || reason?.unified === "tool-calls") return "tool_calls";
  if (reason?.unified === "content-filter") return "content_filter";
  return "stop";
}
