import type { LanguageModelV3FinishReason, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { CallOutcome, Gateway } from "@/lib/ai/gateway";
import type { MeteredRequest } from "@/lib/ai/metered-model";
import { type AppliedTerms, checkTerms } from "@/lib/terminology/apply";
import { generateCall, type ModelCall, streamCall, upstreamError } from "./model-call";
import {
  type ChatCompletionRequest,
  chunkBody,
  completionBody,
  contentEventWriter,
  usageBody,
} from "./openai-compat";
import {
  openAiFinish,
  parallelOptions,
  providerPrompt,
  providerToolChoice,
  providerTools,
  toolCallsOf,
} from "./openai-tools";
import { type ApiReply, SSE_HEADERS } from "./reply";

/** The names one completion is answered under. */
export type CompletionIds = { id: string; created: number; name: string };

/**
 * A Chat Completion with tools (or tool calls and results in its messages): the gateway's metered
 * model with the tools, and its tool calls returned in OpenAI's wire format for the client to run.
 */
export async function completeWithTools(
  gateway: Gateway,
  body: ChatCompletionRequest,
  req: MeteredRequest,
  system: string | undefined,
  terms: AppliedTerms | null,
  signal: AbortSignal,
  ids: CompletionIds,
): Promise<ApiReply> {
  const call: ModelCall = {
    prompt: providerPrompt(system, body.messages),
    tools: body.tools?.length ? providerTools(body.tools) : undefined,
    toolChoice: body.tools?.length ? providerToolChoice(body.tool_choice) : undefined,
    temperature: body.temperature ?? undefined,
    topP: body.top_p ?? undefined,
    maxOutputTokens: req.maxOutputTokens,
    providerOptions: parallelOptions(body.parallel_tool_calls),
  };
  if (!body.stream) {
    const result = await generateCall(gateway, req, call, signal);
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
    const toolCalls = toolCallsOf(result.content);
    const finish = openAiFinish(result.finishReason, toolCalls.length > 0);
    const reply = completionBody(
      ids.id,
      ids.created,
      ids.name,
      text,
      finish,
      usageBody(result.outcome.usage),
      toolCalls,
    );
    return {
      type: "json",
      status: 200,
      headers: {},
      body: terms ? { ...reply, prism: { terminology: checkTerms(terms, text) } } : reply,
    };
  }
  const opened = await streamCall(gateway, req, call, signal);
  return {
    type: "sse",
    status: 200,
    headers: SSE_HEADERS,
    events: completionChunks(opened.parts, opened.outcome, {
      ...ids,
      includeUsage: body.stream_options?.include_usage === true,
      terms,
    }),
  };
}

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/**
 * Provider parts → Chat Completion chunks: text as `delta.content`, each tool call as
 * `delta.tool_calls` (its index, id, type and name first, then the arguments in pieces), then
 * the finish chunk and, with include_usage, the usage chunk.
 */
export async function* completionChunks(
  parts: AsyncGenerator<LanguageModelV3StreamPart>,
  outcome: Promise<CallOutcome>,
  c: CompletionIds & { includeUsage: boolean; terms: AppliedTerms | null },
): AsyncGenerator<string> {
  const usageField = c.includeUsage ? null : undefined;
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    sse(chunkBody(c.id, c.created, c.name, delta, finish, usageField));
  const contentEvent = contentEventWriter(c.id, c.created, c.name, c.includeUsage);
  // The first chunk carries the role: content "" before text, content null before a tool call.
  let started = false;
  const roleFor = (content: string | null) => (started ? {} : { role: "assistant", content });
  const calls = new Map<string, number>();
  let text = "";
  let finishReason: LanguageModelV3FinishReason | undefined;
  const openCall = (id: string, name: string, args: string) => {
    const index = calls.size;
    calls.set(id, index);
    const delta = {
      ...roleFor(null),
      tool_calls: [{ index, id, type: "function", function: { name, arguments: args } }],
    };
    started = true;
    return chunk(delta, null);
  };
  try {
    for await (const part of parts) {
      if (part.type === "text-delta") {
        if (part.delta === "") continue;
        if (!started) yield chunk(roleFor(""), null);
        started = true;
        text += part.delta;
        yield contentEvent(part.delta);
      } else if (part.type === "tool-input-start") {
        if (!part.providerExecuted) yield openCall(part.id, part.toolName, "");
      } else if (part.type === "tool-input-delta") {
        const index = calls.get(part.id);
        if (index !== undefined && part.delta !== "")
          yield chunk({ tool_calls: [{ index, function: { arguments: part.delta } }] }, null);
      } else if (part.type === "tool-call") {
        // Providers that do not stream arguments send the whole call at once.
        if (!part.providerExecuted && !calls.has(part.toolCallId))
          yield openCall(part.toolCallId, part.toolName, part.input);
      } else if (part.type === "finish") finishReason = part.finishReason;
    }
    const result = await outcome;
    if (result.status !== "success") {
      // OpenAI sends an error object mid-stream when a generation fails after it started.
      const err = upstreamError(result);
      yield sse({ error: { message: err.message, type: "api_error", param: null, code: err.code } });
      return;
    }
    if (!started) yield chunk(roleFor(""), null);
    yield chunk({}, openAiFinish(finishReason, calls.size > 0));
    if (c.includeUsage) yield sse(chunkBody(c.id, c.created, c.name, {}, null, usageBody(result.usage)));
    if (c.terms) {
      yield sse({
        ...chunkBody(c.id, c.created, c.name, {}, null, usageField),
        choices: [],
        prism: { terminology: checkTerms(c.terms, text) },
      });
    }
    yield "data: [DONE]\n\n";
  } finally {
    await parts.return(undefined);
  }
}
