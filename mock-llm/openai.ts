/**
 * OpenAI wire format: /v1/models, /v1/chat/completions (stream and non-stream), /v1/embeddings.
 */
import type { Behaviour } from "./behaviour";
import {
  charsToTokens,
  embedText,
  isRecord,
  lastUserText,
  limitTokens,
  promptChars,
  promptUsage,
  replyTokens,
  toBase64Float32,
} from "./content";
import { type ErrorDetails, randomId } from "./http";
import type { ResponsePlan, StreamPlan } from "./respond";
import { answerAfterTools, argumentChunks, nextToolCall } from "./tools";

export const MOCK_MODELS = ["mock-fast", "mock-slow", "mock-gpt", "mock-claude", "mock-embed"] as const;

const MODELS_CREATED = 1_735_689_600; // 2025-01-01T00:00:00Z
const FINGERPRINT = "fp_prism_mock";

export function modelsPlan(): ResponsePlan {
  const body = {
    object: "list",
    data: MOCK_MODELS.map((id) => ({ id, object: "model", created: MODELS_CREATED, owned_by: "prism-mock" })),
  };
  return { stream: null, tokenCount: 0, json: () => body, model: "" };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** Validates a chat completion body; returns an error for a 400 or the checked fields. */
export function validateChat(body: unknown): ErrorDetails | { model: string; messages: unknown[] } {
  if (!isRecord(body)) return { status: 400, message: "The request body must be a JSON object." };
  if (typeof body.model !== "string" || body.model === "") {
    return { status: 400, message: "you must provide a model parameter", param: "model" };
  }
  if (!Array.isArray(body.messages)) {
    return {
      status: 400,
      message: "Missing required parameter: 'messages'.",
      param: "messages",
      code: "missing_required_parameter",
    };
  }
  if (body.messages.length === 0) {
    return { status: 400, message: "[] is too short - 'messages'", param: "messages", code: "empty_array" };
  }
  return { model: body.model, messages: body.messages };
}

export function chatPlan(
  body: Record<string, unknown>,
  model: string,
  messages: unknown[],
  b: Behaviour,
): ResponsePlan {
  const prompt = promptUsage(charsToTokens(promptChars(messages)), b.cached);
  const call = nextToolCall(b, body, messages);
  const afterTools = b.reply === null ? answerAfterTools(messages) : null;
  const limited = limitTokens(
    replyTokens(afterTools === null ? b : { ...b, reply: afterTools }, lastUserText(messages)),
    body.max_completion_tokens ?? body.max_tokens,
  );
  const tokens = call ? argumentChunks(call.arguments) : limited.tokens;
  const finishReason = call ? "tool_calls" : limited.truncated ? "length" : "stop";
  const id = `chatcmpl-${randomId(29)}`;
  const callId = `call_${randomId(24)}`;
  const created = Math.floor(Date.now() / 1000);
  // A tool call's completion tokens are its arguments' tokens, however they were chunked.
  const completionOf = (sent: number) => (call ? charsToTokens(call.arguments.length) : sent);
  const usage = (sent: number) => ({
    prompt_tokens: prompt.total,
    completion_tokens: completionOf(sent),
    total_tokens: prompt.total + completionOf(sent),
    prompt_tokens_details: { cached_tokens: prompt.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  });
  const message = call
    ? {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: callId, type: "function", function: { name: call.name, arguments: call.arguments } },
        ],
        refusal: null,
        annotations: [],
      }
    : { role: "assistant", content: tokens.join(""), refusal: null, annotations: [] };

  const json = () => ({
    id,
    object: "chat.completion",
    created,
    model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    ...(b.usage ? { usage: usage(tokens.length) } : {}),
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  });

  let stream: StreamPlan | null = null;
  if (body.stream === true) {
    const options = body.stream_options;
    const includeUsage = b.usage && isRecord(options) && options.include_usage === true;
    // With include_usage, every chunk carries `usage: null` except the final usage chunk.
    const usageNull = includeUsage ? { usage: null } : {};
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      sse({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        service_tier: "default",
        system_fingerprint: FINGERPRINT,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...usageNull,
      });
    stream = {
      tokens,
      head: () =>
        call
          ? chunk(
              {
                role: "assistant",
                content: null,
                tool_calls: [
                  { index: 0, id: callId, type: "function", function: { name: call.name, arguments: "" } },
                ],
              },
              null,
            )
          : chunk({ role: "assistant", content: "" }, null),
      token: (text) =>
        call
          ? chunk({ tool_calls: [{ index: 0, function: { arguments: text } }] }, null)
          : chunk({ content: text }, null),
      tail: (sent) => {
        let out = chunk({}, finishReason);
        if (includeUsage) {
          out += sse({
            id,
            object: "chat.completion.chunk",
            created,
            model,
            service_tier: "default",
            system_fingerprint: FINGERPRINT,
            choices: [],
            usage: usage(sent),
          });
        }
        return `${out}data: [DONE]\n\n`;
      },
    };
  }
  return { stream, tokenCount: tokens.length, json, model };
}

/** Validates an embeddings body; returns an error for a 400 or the inputs as strings. */
export function validateEmbeddings(
  body: unknown,
): ErrorDetails | { model: string; inputs: string[]; dimensions: number | null; base64: boolean } {
  if (!isRecord(body)) return { status: 400, message: "The request body must be a JSON object." };
  if (typeof body.model !== "string" || body.model === "") {
    return { status: 400, message: "you must provide a model parameter", param: "model" };
  }
  const input = body.input;
  let inputs: string[];
  if (typeof input === "string") inputs = [input];
  else if (Array.isArray(input) && input.length > 0 && input.every((i) => typeof i === "string")) {
    inputs = input as string[];
  } else if (Array.isArray(input) && input.length > 0 && input.every((i) => typeof i === "number")) {
    inputs = [JSON.stringify(input)]; // a single token array
  } else if (Array.isArray(input) && input.length > 0 && input.every((i) => Array.isArray(i))) {
    inputs = input.map((i) => JSON.stringify(i)); // several token arrays
  } else {
    return {
      status: 400,
      message: "'input' must be a string or a non-empty array of strings.",
      param: "input",
    };
  }
  const dims = body.dimensions;
  if (
    dims !== undefined &&
    (typeof dims !== "number" || !Number.isInteger(dims) || dims < 1 || dims > 8192)
  ) {
    return {
      status: 400,
      message: "'dimensions' must be an integer between 1 and 8192.",
      param: "dimensions",
    };
  }
  const format = body.encoding_format;
  if (format !== undefined && format !== "float" && format !== "base64") {
    return {
      status: 400,
      message: "'encoding_format' must be 'float' or 'base64'.",
      param: "encoding_format",
    };
  }
  return {
    model: body.model,
    inputs,
    dimensions: typeof dims === "number" ? dims : null,
    base64: format === "base64",
  };
}

export function embeddingsPlan(
  model: string,
  inputs: string[],
  requested: number | null,
  base64: boolean,
  b: Behaviour,
): ResponsePlan {
  const promptTokens = inputs.reduce((sum, text) => sum + charsToTokens(text.length), 0);
  const dimensions = requested ?? b.dims ?? 16;
  const json = () => ({
    object: "list",
    data: inputs.map((text, index) => {
      const vector = embedText(text, dimensions);
      return { object: "embedding", index, embedding: base64 ? toBase64Float32(vector) : vector };
    }),
    model,
    ...(b.usage ? { usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } } : {}),
  });
  return { stream: null, tokenCount: 0, json, model };
}
