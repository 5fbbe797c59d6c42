import type {
  JSONSchema7,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3Message,
  LanguageModelV3Prompt,
  LanguageModelV3ToolChoice,
  LanguageModelV3ToolResultOutput,
  SharedV3ProviderMetadata,
} from "@ai-sdk/provider";
import type { NormalizedUsage } from "@/lib/ai/pricing";
import { AppError, type ErrorCode, toAppError } from "@/lib/errors";
import type { ContentBlock, MessagesRequest } from "./anthropic-schema";
import type { ModelCall } from "./model-call";
import { parallelOptions } from "./openai-tools";

type UserPart = Extract<LanguageModelV3Message, { role: "user" }>["content"][number];
type AssistantPart = Extract<LanguageModelV3Message, { role: "assistant" }>["content"][number];
type ToolResultBlock = Extract<ContentBlock, { type: "tool_result" }>;

export function systemText(system: MessagesRequest["system"]): string | undefined {
  if (system === undefined) return undefined;
  const text = typeof system === "string" ? system : system.map((b) => b.text).join("\n\n");
  return text || undefined;
}

function refused(field: string, message: string): AppError {
  return new AppError("bad_request", `${field}: ${message}`, { field });
}

function imagePart(block: Extract<ContentBlock, { type: "image" }>): UserPart {
  return block.source.type === "base64"
    ? { type: "file", mediaType: block.source.media_type, data: block.source.data }
    : { type: "file", mediaType: "image/*", data: new URL(block.source.url) };
}

function toolOutput(block: ToolResultBlock): LanguageModelV3ToolResultOutput {
  const content = block.content ?? "";
  if (typeof content === "string")
    return block.is_error ? { type: "error-text", value: content } : { type: "text", value: content };
  if (content.every((b) => b.type === "text")) {
    const value = content.map((b) => (b.type === "text" ? b.text : "")).join("\n");
    return block.is_error ? { type: "error-text", value } : { type: "text", value };
  }
  return {
    type: "content",
    value: content.map((b) =>
      b.type === "text"
        ? { type: "text" as const, text: b.text }
        : b.source.type === "base64"
          ? { type: "image-data" as const, data: b.source.data, mediaType: b.source.media_type }
          : { type: "image-url" as const, url: b.source.url },
    ),
  };
}

/** Anthropic messages → the provider prompt: tool_use → tool calls, tool_result → tool messages. */
export function providerPrompt(req: MessagesRequest): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  const system = systemText(req.system);
  if (system) prompt.push({ role: "system", content: system });
  const toolNames = new Map<string, string>();
  req.messages.forEach((m, i) => {
    const blocks = m.content;
    if (m.role === "assistant") {
      const content: AssistantPart[] = [];
      blocks.forEach((b, j) => {
        if (b.type === "text") content.push({ type: "text", text: b.text });
        else if (b.type === "tool_use") {
          toolNames.set(b.id, b.name);
          content.push({ type: "tool-call", toolCallId: b.id, toolName: b.name, input: b.input });
        } else if (b.type === "image" || b.type === "tool_result")
          throw refused(
            `messages.${i}.content.${j}.type`,
            `an assistant message cannot hold ${b.type} blocks.`,
          );
      });
      // Only thinking blocks: nothing another model could continue from.
      if (content.length > 0) prompt.push({ role: "assistant", content });
      return;
    }
    const results: Extract<LanguageModelV3Message, { role: "tool" }>["content"] = [];
    const parts: UserPart[] = [];
    blocks.forEach((b, j) => {
      if (b.type === "text") parts.push({ type: "text", text: b.text });
      else if (b.type === "image") parts.push(imagePart(b));
      else if (b.type === "tool_result") {
        const toolName = toolNames.get(b.tool_use_id);
        if (!toolName)
          throw refused(
            `messages.${i}.content.${j}.tool_use_id`,
            `"${b.tool_use_id}" answers no tool_use block of an earlier assistant message.`,
          );
        results.push({ type: "tool-result", toolCallId: b.tool_use_id, toolName, output: toolOutput(b) });
      } else if (b.type === "tool_use")
        throw refused(`messages.${i}.content.${j}.type`, "a user message cannot hold tool_use blocks.");
    });
    if (results.length > 0) prompt.push({ role: "tool", content: results });
    if (parts.length > 0 || results.length === 0) prompt.push({ role: "user", content: parts });
  });
  return prompt;
}

function toolChoiceOf(c: MessagesRequest["tool_choice"]): LanguageModelV3ToolChoice | undefined {
  if (!c) return undefined;
  if (c.type === "any") return { type: "required" };
  if (c.type === "tool") return { type: "tool", toolName: c.name };
  return { type: c.type };
}

export function providerCall(req: MessagesRequest): ModelCall {
  const choice = req.tool_choice;
  const noParallel =
    choice && "disable_parallel_tool_use" in choice ? choice.disable_parallel_tool_use : undefined;
  return {
    prompt: providerPrompt(req),
    tools: req.tools?.map((t) => ({
      type: "function" as const,
      name: t.name,
      description: t.description,
      // Validated as an object schema; the provider checks the rest, as Anthropic does.
      inputSchema: t.input_schema as JSONSchema7,
    })),
    toolChoice: req.tools?.length ? toolChoiceOf(choice) : undefined,
    maxOutputTokens: req.max_tokens,
    temperature: req.temperature,
    topP: req.top_p,
    topK: req.top_k,
    stopSequences: req.stop_sequences,
    providerOptions: parallelOptions(noParallel === undefined ? undefined : !noParallel),
  };
}

export type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal";

/** The provider's finish reason as Anthropic's stop_reason (and the stop sequence hit, when known). */
export function stopOf(
  reason: LanguageModelV3FinishReason | undefined,
  calledTools: boolean,
  metadata: SharedV3ProviderMetadata | undefined,
): { stop_reason: StopReason; stop_sequence: string | null } {
  const sequence = metadata?.anthropic?.stopSequence;
  if (reason?.unified === "length") return { stop_reason: "max_tokens", stop_sequence: null };
  if (calledTools || reason?.unified === "tool-calls")
    return { stop_reason: "tool_use", stop_sequence: null };
  if (reason?.raw === "stop_sequence")
    return { stop_reason: "stop_sequence", stop_sequence: typeof sequence === "string" ? sequence : null };
  if (reason?.unified === "content-filter") return { stop_reason: "refusal", stop_sequence: null };
  return { stop_reason: "end_turn", stop_sequence: null };
}

/** Anthropic counts cached prompt tokens beside input_tokens, not inside it. */
export function usageOf(u: NormalizedUsage) {
  return {
    input_tokens: Math.max(0, u.input - u.cachedInput - u.cacheWrite),
    output_tokens: u.output,
    cache_creation_input_tokens: u.cacheWrite,
    cache_read_input_tokens: u.cachedInput,
  };
}

export function toolInput(json: string): unknown {
  try {
    return json.trim() === "" ? {} : JSON.parse(json);
  } catch {
    return {};
  }
}

export type AnthropicBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown };

export function contentOf(content: LanguageModelV3Content[]): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  for (const c of content) {
    if (c.type === "text" && c.text !== "") {
      const last = blocks[blocks.length - 1];
      if (last?.type === "text") last.text += c.text;
      else blocks.push({ type: "text", text: c.text });
    } else if (c.type === "tool-call" && !c.providerExecuted)
      blocks.push({ type: "tool_use", id: c.toolCallId, name: c.toolName, input: toolInput(c.input) });
  }
  return blocks;
}

const ANTHROPIC_ERROR: Partial<Record<ErrorCode, { status: number; type: string }>> = {
  bad_request: { status: 400, type: "invalid_request_error" },
  validation_failed: { status: 400, type: "invalid_request_error" },
  conflict: { status: 409, type: "invalid_request_error" },
  unauthorized: { status: 401, type: "authentication_error" },
  forbidden: { status: 403, type: "permission_error" },
  not_found: { status: 404, type: "not_found_error" },
  payment_required: { status: 402, type: "billing_error" },
  budget_exceeded: { status: 402, type: "billing_error" },
  rate_limited: { status: 429, type: "rate_limit_error" },
  upstream_timeout: { status: 504, type: "timeout_error" },
  unavailable: { status: 529, type: "overloaded_error" },
};

/** Any error as Anthropic's error object ({type:"error", error:{type, message}}) and status. */
export function anthropicErrorParts(err: unknown): {
  status: number;
  headers: Record<string, string>;
  body: { type: "error"; error: { type: string; message: string } };
} {
  const e = toAppError(err);
  let mapped = ANTHROPIC_ERROR[e.code] ?? { status: 500, type: "api_error" };
  // A provider that is overloaded (503, Anthropic's 529) is reported as Anthropic reports it.
  const providerStatus = e.details?.providerStatus;
  if (e.code === "upstream_error" && (providerStatus === 503 || providerStatus === 529))
    mapped = { status: 529, type: "overloaded_error" };
  const headers: Record<string, string> = {};
  if (e.retryAfter !== undefined) headers["retry-after"] = String(Math.max(1, Math.ceil(e.retryAfter)));
  return {
    status: mapped.status,
    headers,
    body: { type: "error", error: { type: mapped.type, message: e.message } },
  };
}
