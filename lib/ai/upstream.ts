import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3Prompt,
  type LanguageModelV3StreamPart,
  type LanguageModelV3Usage,
} from "@ai-sdk/provider";
import type { ModelMessage } from "ai";
import type { ProviderSlug } from "@/db/schema";
import { currentRequestId } from "@/lib/server/log";
import { messageText } from "./message-text";
import { openWireStream, type UpstreamPart } from "./openai-wire";
import type { NormalizedUsage } from "./pricing";
import { languageModel, type ProviderConnection } from "./providers";

/**
 * The gateway talks to providers through their AI SDK packages at the LanguageModelV3 level
 * (doStream / doGenerate): the same provider code and wire formats as streamText, without the
 * orchestration layer (tool loops, multi-step, transforms) a plain completion does not need, which
 * costs a few milliseconds of CPU on every call. Tool-using calls go through metered-model.ts.
 */

/** AI SDK model messages (text) → the provider-level prompt. */
export function toProviderPrompt(
  system: string | undefined,
  messages: readonly ModelMessage[],
): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  if (system) prompt.push({ role: "system", content: system });
  for (const m of messages) {
    if (m.role === "system") prompt.push({ role: "system", content: messageText(m.content) });
    else if (m.role === "user")
      prompt.push({ role: "user", content: [{ type: "text", text: messageText(m.content) }] });
    else if (m.role === "assistant")
      prompt.push({ role: "assistant", content: [{ type: "text", text: messageText(m.content) }] });
  }
  return prompt;
}

/** Headers every upstream call carries: the id of the request being served, so logs line up. */
export function traceHeaders(): Record<string, string> | undefined {
  const id = currentRequestId();
  return id ? { "x-request-id": id } : undefined;
}

export type CallSettings = {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  abortSignal: AbortSignal;
  maxRetries: number;
};

/** Delay before retry `attempt` (0-based): the provider's Retry-After when it gives one (up to a minute), else backoff. */
export function retryDelayMs(err: unknown, attempt: number): number {
  const headers = APICallError.isInstance(err) ? (err.responseHeaders ?? {}) : {};
  const ms = Number(headers["retry-after-ms"]);
  if (Number.isFinite(ms) && ms >= 0 && ms <= 60_000) return ms;
  const seconds = Number(headers["retry-after"]);
  if (Number.isFinite(seconds) && seconds >= 0 && seconds <= 60) return seconds * 1000;
  return Math.min(8_000, 500 * 2 ** attempt);
}

export function isRetryable(err: unknown): boolean {
  if (APICallError.isInstance(err)) return err.isRetryable;
  // fetch wraps connection errors in a TypeError with the code on its cause; undici's request()
  // throws them with the code on the error itself.
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = err instanceof TypeError ? e?.cause?.code : e?.code;
  return typeof code === "string" && /ECONNRESET|ECONNREFUSED|EPIPE|UND_ERR_SOCKET/.test(code);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `fn` (opening a provider call), retrying connection errors, 429 and 5xx up to `maxRetries`
 * times with the provider's Retry-After or a backoff. Never retries once `signal` is aborted.
 */
export async function retrying<T>(
  signal: AbortSignal,
  maxRetries: number,
  fn: () => PromiseLike<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= maxRetries || !isRetryable(err) || signal.aborted) throw err;
      await sleep(retryDelayMs(err, attempt), signal);
    }
  }
}

/** Providers whose endpoints speak OpenAI Chat Completions by definition: relayed natively. */
const WIRE_PROVIDERS: ReadonlySet<ProviderSlug> = new Set(["openai-compatible", "ollama"]);

/** The AI SDK's stream parts → the parts the gateway reads. */
async function* sdkParts(stream: ReadableStream<LanguageModelV3StreamPart>): AsyncGenerator<UpstreamPart> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value: part } = await reader.read();
      if (done) return;
      if (part.type === "text-delta") {
        if (part.delta) yield { type: "text", delta: part.delta };
      } else if (part.type === "finish") {
        yield { type: "finish", usage: fromProviderUsage(part.usage) };
      } else if (part.type === "error") {
        yield { type: "error", error: part.error };
        return;
      }
    }
  } finally {
    // Stopping early (consumer gone) cancels the provider's stream and with it the request.
    await reader.cancel().catch(() => {});
  }
}

/**
 * Opens a provider stream, retrying connection errors, 429 and 5xx. It resolves once the provider
 * accepted the request, before any token, so a retry never repeats text already shown.
 * OpenAI-compatible endpoints are relayed natively (openai-wire.ts); every other provider goes
 * through its AI SDK package at the LanguageModelV3 level.
 */
export async function openStream(
  conn: ProviderConnection,
  modelName: string,
  system: string | undefined,
  messages: readonly ModelMessage[],
  s: CallSettings,
): Promise<AsyncIterable<UpstreamPart>> {
  return retrying(s.abortSignal, s.maxRetries, async () => {
    if (WIRE_PROVIDERS.has(conn.slug)) return openWireStream(conn, modelName, system, messages, s);
    const { stream } = await languageModel(conn, modelName).doStream({
      prompt: toProviderPrompt(system, messages),
      temperature: s.temperature,
      topP: s.topP,
      maxOutputTokens: s.maxOutputTokens,
      abortSignal: s.abortSignal,
      headers: traceHeaders(),
      includeRawChunks: false,
    });
    return sdkParts(stream);
  });
}

/** A non-streaming call with the same retry rule. */
export function generateOnce(model: LanguageModelV3, prompt: LanguageModelV3Prompt, s: CallSettings) {
  return retrying(s.abortSignal, s.maxRetries, () =>
    model.doGenerate({
      prompt,
      temperature: s.temperature,
      topP: s.topP,
      maxOutputTokens: s.maxOutputTokens,
      abortSignal: s.abortSignal,
      headers: traceHeaders(),
    }),
  );
}

/** Provider-level usage → Prism's normalised usage, or null when the provider reported none. */
export function fromProviderUsage(
  u: LanguageModelV3Usage | undefined,
): Omit<NormalizedUsage, "estimated"> | null {
  if (!u || typeof u.inputTokens.total !== "number") return null;
  return {
    input: u.inputTokens.total,
    output: u.outputTokens.total ?? 0,
    cachedInput: u.inputTokens.cacheRead ?? 0,
    cacheWrite: u.inputTokens.cacheWrite ?? 0,
  };
}
