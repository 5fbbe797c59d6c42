/**
 * Anthropic Messages API wire format: POST /v1/messages, stream and non-stream.
 *
 * Anthropic reports cached prompt tokens BESIDE `input_tokens` (`cache_read_input_tokens`; input_tokens
 * excludes them), unlike OpenAI, which counts them INSIDE `prompt_tokens`.
 */
import type { Behaviour } from "./behaviour";
import {
  charsToTokens,
  isRecord,
  lastUserText,
  limitTokens,
  promptChars,
  promptUsage,
  replyTokens,
} from "./content";
import { type ErrorDetails, randomId } from "./http";
import type { ResponsePlan, StreamPlan } from "./respond";
import { answerAfterTools, argumentChunks, nextToolCall } from "./tools";

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** Validates a Messages body; returns an error for a 400 or the checked fields. */
export function validateMessages(body: unknown): ErrorDetails | { model: string; messages: unknown[] } {
  if (!isRecord(body)) return { status: 400, message: "The request body must be a JSON object." };
  if (typeof body.model !== "string" || body.model === "")
    return { status: 400, message: "model: Field required" };
  if (!Array.isArray(body.messages)) return { status: 400, message: "messages: Field required" };
  if (body.messages.length === 0) {
    return { status: 400, message: "messages: at least one message is required" };
  }
  const system = body.system;
  if (system !== undefined && typeof system !== "string" && !Array.isArray(system)) {
    return { status: 400, message: "system: Input should be a valid string or a list of text blocks" };
  }
  return { model: body.model, messages: body.messages };
}

export function messagesPlan(
  body: Record<string, unknown>,
  model: string,
  messages: unknown[],
  b: Behaviour,
): ResponsePlan {
  const prompt = promptUsage(charsToTokens(promptChars(messages, body.system)), b.cached);
  const call = nextToolCall(b, body, messages);
  const afterTools = b.reply === null ? answerAfterTools(messages) : null;
  const limited = limitTokens(
    replyTokens(afterTools === null ? b : { ...b, reply: afterTools }, lastUserText(messages)),
    body.max_tokens,
  );
  const tokens = call ? argumentChunks(call.arguments) : limited.tokens;
  const stopReason = call ? "tool_use" : limited.truncated ? "max_tokens" : "end_turn";
  const id = `msg_${randomId(24)}`;
  const toolUseId = `toolu_${randomId(24)}`;
  const outputOf = (sent: number) => (call ? charsToTokens(call.arguments.length) : sent);
  // The Messages API always carries usage; with `usage=none` every count is reported as 0.
  const usage = (output: number) => ({
    input_tokens: b.usage ? prompt.uncached : 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: b.usage ? prompt.cached : 0,
    output_tokens: b.usage ? outputOf(output) : 0,
    service_tier: "standard",
  });

  const json = () => ({
    id,
    type: "message",
    role: "assistant",
    model,
    content: call
      ? [{ type: "tool_use", id: toolUseId, name: call.name, input: JSON.parse(call.arguments) as unknown }]
      : [{ type: "text", text: tokens.join("") }],
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usage(tokens.length),
  });

  let stream: StreamPlan | null = null;
  if (body.stream === true) {
    stream = {
      tokens,
      head: () =>
        event("message_start", {
          message: {
            id,
            type: "message",
            role: "assistant",
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: usage(Math.min(1, tokens.length)),
          },
        }) +
        event("content_block_start", {
          index: 0,
          content_block: call
            ? { type: "tool_use", id: toolUseId, name: call.name, input: {} }
            : { type: "text", text: "" },
        }) +
        event("ping", {}),
      token: (text) =>
        event("content_block_delta", {
          index: 0,
          delta: call ? { type: "input_json_delta", partial_json: text } : { type: "text_delta", text },
        }),
      tail: (sent) =>
        event("content_block_stop", { index: 0 }) +
        event("message_delta", {
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { output_tokens: b.usage ? outputOf(sent) : 0 },
        }) +
        event("message_stop", {}),
    };
  }
  return { stream, tokenCount: tokens.length, json, model };
}
