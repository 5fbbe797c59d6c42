import type { Readable } from "node:stream";
import { APICallError } from "@ai-sdk/provider";
import type { ModelMessage } from "ai";
import { currentRequestId } from "@/lib/server/log";
import { messageText } from "./message-text";
import type { NormalizedUsage } from "./pricing";
import { effectiveBaseUrl, type ProviderConnection } from "./providers";

/**
 * A streamed Chat Completions call relayed natively, for endpoints that speak OpenAI's wire format by
 * definition (OpenAI-compatible servers: vLLM, LM Studio, llama.cpp, OpenRouter; Ollama's /v1).
 * Same request and response format as the AI SDK's openai-compatible provider, read from a Node
 * stream and parsed line by line: the AI SDK's WHATWG-stream pipeline (fetch body → decoder → SSE
 * parser → JSON schema validation → part transform) costs a few milliseconds of CPU per call, which
 * at gateway throughput is most of what a call costs. Providers with their own formats keep their
 * AI SDK packages.
 */

/** What the gateway reads from any upstream stream. */
export type UpstreamPart =
  | { type: "text"; delta: string }
  | { type: "finish"; usage: Omit<NormalizedUsage, "estimated"> | null }
  | { type: "error"; error: unknown };

export type WireSettings = {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  abortSignal: AbortSignal;
};

type WireChunk = {
  choices?: { delta?: { content?: unknown } }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  } | null;
  error?: unknown;
};

function requestBody(
  model: string,
  system: string | undefined,
  messages: readonly ModelMessage[],
  s: WireSettings,
) {
  const wire: { role: string; content: string }[] = [];
  if (system) wire.push({ role: "system", content: system });
  for (const m of messages) {
    if (m.role === "system" || m.role === "user" || m.role === "assistant")
      wire.push({ role: m.role, content: messageText(m.content) });
  }
  return {
    model,
    messages: wire,
    stream: true,
    stream_options: { include_usage: true },
    temperature: s.temperature,
    top_p: s.topP,
    max_tokens: s.maxOutputTokens,
  };
}

/**
 * Sends the request and resolves once the endpoint accepted it (HTTP 2xx, before any token), so
 * the caller's retry rule applies exactly as for doStream; HTTP errors reject as APICallError with
 * the status, headers and body, like the AI SDK's providers.
 */
export async function openWireStream(
  conn: ProviderConnection,
  modelName: string,
  system: string | undefined,
  messages: readonly ModelMessage[],
  s: WireSettings,
): Promise<AsyncIterable<UpstreamPart>> {
  const url = `${effectiveBaseUrl(conn)}/chat/completions`;
  const values = requestBody(modelName, system, messages, s);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "text/event-stream",
    ...conn.headers,
  };
  if (conn.apiKey) headers.authorization = `Bearer ${conn.apiKey}`;
  const requestId = currentRequestId();
  if (requestId) headers["x-request-id"] = requestId;
  const res = await conn.request(url, {
    method: "POST",
    headers,
    body: JSON.stringify(values),
    signal: s.abortSignal,
  });
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const responseBody = await res.body.text().catch(() => "");
    const responseHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") responseHeaders[k] = v;
    throw new APICallError({
      message: `HTTP ${res.statusCode}`,
      url,
      requestBodyValues: values,
      statusCode: res.statusCode,
      responseHeaders,
      responseBody,
      isRetryable:
        res.statusCode === 408 || res.statusCode === 409 || res.statusCode === 429 || res.statusCode >= 500,
    });
  }
  res.body.setEncoding("utf8");
  return parseEvents(res.body);
}

/** Server-sent events → parts. A clean end of stream finishes the call, as the AI SDK does. */
async function* parseEvents(body: Readable): AsyncGenerator<UpstreamPart> {
  let buffer = "";
  let usage: Omit<NormalizedUsage, "estimated"> | null = null;
  try {
    // destroyOnReturn: false — leaving early (after [DONE]) must not destroy the response with a
    // fresh AbortError; the rest (normally nothing) is drained in `finally` so the connection is reused.
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<string>) {
      buffer += chunk;
      let start = 0;
      for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n", start)) {
        const line = buffer.slice(start, buffer.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
        start = newline + 1;
        if (!line.startsWith("data:")) continue; // comments, event names, blank separators
        const data = line.slice(5).trim();
        if (data === "[DONE]") {
          yield { type: "finish", usage };
          return;
        }
        let event: WireChunk;
        try {
          event = JSON.parse(data) as WireChunk;
        } catch {
          yield {
            type: "error",
            error: new Error(`The provider sent an event that is not JSON: ${data.slice(0, 80)}`),
          };
          return;
        }
        if (event.error) {
          yield { type: "error", error: wireError(event.error) };
          return;
        }
        const content = event.choices?.[0]?.delta?.content;
        if (typeof content === "string" && content) yield { type: "text", delta: content };
        if (event.usage && typeof event.usage.prompt_tokens === "number") {
          usage = {
            input: event.usage.prompt_tokens,
            output: event.usage.completion_tokens ?? 0,
            cachedInput: event.usage.prompt_tokens_details?.cached_tokens ?? 0,
            cacheWrite: 0,
          };
        }
      }
      buffer = buffer.slice(start);
    }
  } catch (error) {
    // The response broke after the endpoint accepted the request (cancellations and timeouts are
    // told apart by the gateway, which caused them). Not a connection failure: no retry, and the
    // person is told the answer was cut short.
    const why = error instanceof Error ? error.message : String(error);
    yield { type: "error", error: new Error(`The stream was terminated early (${why}).`) };
    return;
  } finally {
    if (!body.destroyed) body.resume();
  }
  yield { type: "finish", usage };
}

function wireError(error: unknown): Error {
  const message =
    typeof error === "string"
      ? error
      : typeof (error as { message?: unknown }).message === "string"
        ? (error as { message: string }).message
        : JSON.stringify(error).slice(0, 200);
  return new Error(message);
}
