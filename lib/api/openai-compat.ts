import type { ModelMessage } from "ai";
import { z } from "zod";
import { type AppError, type ErrorCode, toAppError } from "@/lib/errors";
import { functionTool, type OpenAiToolCall, toolCall, toolChoice } from "./openai-tools";

/** The subset of OpenAI's Chat Completions request Prism honours (unknown fields are ignored, as OpenAI does). */
const textPart = z.object({ type: z.literal("text"), text: z.string() });
const content = z.union([
  z.string(),
  z.array(z.union([textPart, z.object({ type: z.string() }).passthrough()])),
]);

export const chatCompletionRequest = z
  .object({
    model: z.string({ error: "model is required" }).min(1, "model is required").max(300),
    messages: z
      .array(
        z
          .object({
            role: z.enum(["system", "developer", "user", "assistant", "tool"], {
              error: "role must be system, developer, user, assistant or tool",
            }),
            content: content.nullable().optional(),
            name: z.string().optional(),
            tool_calls: z.array(toolCall).max(128).nullable().optional(),
            tool_call_id: z.string().max(500).optional(),
          })
          .refine((m) => m.role !== "tool" || !!m.tool_call_id, {
            error: "a tool message needs the tool_call_id it answers",
            path: ["tool_call_id"],
          }),
        { error: "messages must be an array" },
      )
      .min(1, "messages must contain at least one message")
      .max(2000),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    n: z.literal(1, { error: "n must be 1: Prism returns one choice" }).nullable().optional(),
    user: z.string().max(256).optional(),
    tools: z.array(functionTool, { error: "tools must be an array of function tools" }).max(128).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean({ error: "parallel_tool_calls must be true or false" }).optional(),
    /** Prism's own options (other clients never send them; unknown keys are ignored, as elsewhere). */
    prism: z
      .object({
        terminology: z.boolean({ error: "prism.terminology must be true or false" }).optional(),
      })
      .optional(),
  })
  .superRefine((req, ctx) => {
    const choice = req.tool_choice;
    if (choice === undefined || choice === "none" || choice === "auto") return;
    if (!req.tools?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["tool_choice"],
        message: "is only allowed when tools are given",
      });
    } else if (
      typeof choice === "object" &&
      !req.tools.some((t) => t.function.name === choice.function.name)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["tool_choice", "function", "name"],
        message: `names no function in tools: "${choice.function.name}"`,
      });
    }
  });
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;

function textOf(c: ChatCompletionRequest["messages"][number]["content"]): string {
  if (c == null) return "";
  if (typeof c === "string") return c;
  return c
    .map((p) => (p.type === "text" && "text" in p && typeof p.text === "string" ? p.text : ""))
    .join("");
}

/** Whether a request needs the model path: tools offered, or tool calls and results in its history. */
export function usesTools(req: ChatCompletionRequest): boolean {
  return (
    (req.tools?.length ?? 0) > 0 ||
    req.messages.some((m) => m.role === "tool" || (m.tool_calls?.length ?? 0) > 0)
  );
}

/** OpenAI messages → a system prompt and AI SDK model messages (the native relay's input, no tools). */
export function toModelMessages(req: ChatCompletionRequest): { system?: string; messages: ModelMessage[] } {
  const system = req.messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => textOf(m.content))
    .join("\n\n");
  const messages: ModelMessage[] = [];
  for (const m of req.messages) {
    if (m.role === "user") messages.push({ role: "user", content: textOf(m.content) });
    else if (m.role === "assistant") messages.push({ role: "assistant", content: textOf(m.content) });
    else if (m.role === "tool") messages.push({ role: "user", content: textOf(m.content) });
  }
  return { system: system || undefined, messages };
}

export type CompletionUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
};

export function usageBody(u: { input: number; output: number; cachedInput: number }): CompletionUsage {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cachedInput },
  };
}

export function completionBody(
  id: string,
  created: number,
  model: string,
  text: string,
  finish: "stop" | "length" | "tool_calls" | "content_filter",
  usage: CompletionUsage,
  toolCalls: OpenAiToolCall[] = [],
) {
  // With tool calls and no text, content is null (OpenAI's shape); tool_calls appear only when made.
  const message =
    toolCalls.length > 0
      ? { role: "assistant" as const, content: text || null, refusal: null, tool_calls: toolCalls }
      : { role: "assistant" as const, content: text, refusal: null };
  return {
    id,
    object: "chat.completion" as const,
    created,
    model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: finish,
      },
    ],
    usage,
  };
}

export function chunkBody(
  id: string,
  created: number,
  model: string,
  delta: Record<string, unknown>,
  finish: string | null,
  usage?: CompletionUsage | null,
) {
  return {
    id,
    object: "chat.completion.chunk" as const,
    created,
    model,
    choices: usage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage !== undefined ? { usage } : {}),
  };
}

/**
 * The content-delta chunk event of one stream, as text: JSON.stringify(chunkBody(...)) with the
 * constant parts serialised once per stream, since a stream sends one of these per token.
 */
export function contentEventWriter(
  id: string,
  created: number,
  model: string,
  withUsageField: boolean,
): (content: string) => string {
  const head = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":{"content":`;
  const tail = `},"logprobs":null,"finish_reason":null}]${withUsageField ? ',"usage":null' : ""}}\n\n`;
  return (content) => head + JSON.stringify(content) + tail;
}

const OPENAI_TYPE: Partial<Record<ErrorCode, { type: string; code: string }>> = {
  unauthorized: { type: "invalid_request_error", code: "invalid_api_key" },
  forbidden: { type: "permission_error", code: "insufficient_scope" },
  not_found: { type: "invalid_request_error", code: "model_not_found" },
  rate_limited: { type: "rate_limit_error", code: "rate_limit_exceeded" },
  budget_exceeded: { type: "insufficient_quota", code: "budget_exceeded" },
  validation_failed: { type: "invalid_request_error", code: "invalid_value" },
  bad_request: { type: "invalid_request_error", code: "invalid_request" },
  upstream_error: { type: "api_error", code: "upstream_error" },
  upstream_timeout: { type: "api_error", code: "upstream_timeout" },
};

/** Any error as OpenAI's error object and status, so OpenAI clients raise their usual exceptions. */
export function openAiErrorParts(err: unknown): {
  status: number;
  headers: Record<string, string>;
  body: { error: { message: string; type: string; param: string | null; code: string } };
} {
  const e: AppError = toAppError(err);
  const mapped = OPENAI_TYPE[e.code] ?? { type: "api_error", code: e.code };
  const headers: Record<string, string> = {};
  if (e.retryAfter !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(e.retryAfter)));
  // 422 is not an OpenAI status; validation problems are 400 there.
  const status = e.code === "validation_failed" ? 400 : e.status;
  return {
    status,
    headers,
    body: { error: { message: e.message, type: mapped.type, param: e.field ?? null, code: mapped.code } },
  };
}

export function openAiError(err: unknown): Response {
  const { status, headers, body } = openAiErrorParts(err);
  return Response.json(body, { status, headers });
}
