import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import type { ModelMessage } from "ai";
import type { CallOutcome, GatewayRequest } from "./gateway";
import type { NormalizedUsage } from "./pricing";
import { languageModel } from "./providers";
import type { ResolvedTarget } from "./resolve";
import { fromProviderUsage, retrying, traceHeaders } from "./upstream";

/**
 * A gateway-metered AI SDK model, for calls that need the whole provider interface: tools, tool
 * results in the prompt, structured output. Give it to `streamText` / `generateText` (the AI SDK
 * tool loop with `stopWhen`), or call `doStream` / `doGenerate` directly to relay a provider's
 * parts. Every provider call it makes (one per loop step) goes through the gateway's prechecks
 * (budget, wallet, rate limits, cost limit) and is metered into exactly one usage row; `onOutcome`
 * receives each call's outcome (cost, usage, status). Plain text completions keep using
 * `Gateway.stream` and its native relay, the fast path.
 */

/** What a metered model needs from the gateway (its prechecks, timeouts and metering). */
export interface MeteringGateway {
  check(req: GatewayRequest): Promise<{ target: ResolvedTarget; charged: boolean }>;
  control(signal: AbortSignal | undefined): CallControl;
  maxRetries: number;
  finish(req: GatewayRequest, target: ResolvedTarget, r: FinishInput): CallOutcome;
}

export interface CallControl {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  readonly abortedBy: "caller" | "consumer" | "timeout" | "cleanup" | null;
  firstToken(): void;
  abort(by: "caller" | "consumer" | "timeout" | "cleanup"): void;
  dispose(): void;
}

export interface FinishInput {
  text: string;
  ttftMs: number | null;
  usage: Omit<NormalizedUsage, "estimated"> | null;
  error: unknown;
  finished: boolean;
  control: CallControl;
  started: number;
  charged: boolean;
}

/** The request a metered model is bound to: everything but the prompt and sampling settings. */
export type MeteredRequest = Omit<GatewayRequest, "messages" | "system" | "temperature" | "topP">;

/** The prompt's text as plain messages: what the prechecks and the usage estimate read. */
function estimateInput(prompt: LanguageModelV3Prompt): { system: string; messages: ModelMessage[] } {
  let system = "";
  let text = "";
  for (const m of prompt) {
    if (m.role === "system") {
      system += m.content;
      continue;
    }
    for (const part of m.content) {
      if (part.type === "text") text += part.text;
      else if (part.type === "tool-call") text += JSON.stringify(part.input);
      else if (part.type === "tool-result") text += JSON.stringify(part.output);
    }
  }
  return { system, messages: [{ role: "user", content: text }] };
}

export function meteredModel(
  gw: MeteringGateway,
  bound: MeteredRequest,
  modelName: string,
  onOutcome?: (outcome: CallOutcome) => void,
): LanguageModelV3 {
  const requestOf = (options: LanguageModelV3CallOptions): GatewayRequest => ({
    ...bound,
    ...estimateInput(options.prompt),
    maxOutputTokens: options.maxOutputTokens ?? bound.maxOutputTokens,
  });
  const settle = (req: GatewayRequest, target: ResolvedTarget, r: FinishInput) => {
    const outcome = gw.finish(req, target, r);
    onOutcome?.(outcome);
    return outcome;
  };

  return {
    specificationVersion: "v3",
    provider: "prism",
    modelId: modelName,
    supportedUrls: {},

    async doGenerate(options): Promise<LanguageModelV3GenerateResult> {
      const req = requestOf(options);
      const { target, charged } = await gw.check(req);
      const model = languageModel(target.connection, target.model.name);
      const control = gw.control(options.abortSignal);
      const started = performance.now();
      try {
        const result = await retrying(control.signal, gw.maxRetries, () =>
          model.doGenerate({
            ...options,
            headers: { ...traceHeaders(), ...options.headers },
            maxOutputTokens: req.maxOutputTokens,
            abortSignal: control.signal,
          }),
        );
        let text = "";
        for (const c of result.content) {
          if (c.type === "text") text += c.text;
          else if (c.type === "tool-call") text += c.input;
        }
        settle(req, target, {
          text,
          ttftMs: Math.round(performance.now() - started),
          usage: fromProviderUsage(result.usage),
          error: null,
          finished: true,
          control,
          started,
          charged,
        });
        return result;
      } catch (error) {
        settle(req, target, {
          text: "",
          ttftMs: null,
          usage: null,
          error,
          finished: false,
          control,
          started,
          charged,
        });
        throw error;
      } finally {
        control.dispose();
      }
    },

    async doStream(options): Promise<LanguageModelV3StreamResult> {
      const req = requestOf(options);
      const { target, charged } = await gw.check(req);
      const model = languageModel(target.connection, target.model.name);
      const control = gw.control(options.abortSignal);
      const started = performance.now();
      let upstream: LanguageModelV3StreamResult;
      try {
        upstream = await retrying(control.signal, gw.maxRetries, () =>
          model.doStream({
            ...options,
            headers: { ...traceHeaders(), ...options.headers },
            maxOutputTokens: req.maxOutputTokens,
            abortSignal: control.signal,
          }),
        );
      } catch (error) {
        settle(req, target, {
          text: "",
          ttftMs: null,
          usage: null,
          error,
          finished: false,
          control,
          started,
          charged,
        });
        control.dispose();
        throw error;
      }
      const reader = upstream.stream.getReader();
      let text = "";
      let ttftMs: number | null = null;
      let usage: FinishInput["usage"] = null;
      let error: unknown = null;
      let finished = false;
      let settled = false;
      const end = (by: "consumer" | null) => {
        if (settled) return;
        settled = true;
        if (!finished && !control.signal.aborted) control.abort(by ?? (error ? "cleanup" : "consumer"));
        control.dispose();
        settle(req, target, { text, ttftMs, usage, error, finished, control, started, charged });
      };
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async pull(out) {
          let next: ReadableStreamReadResult<LanguageModelV3StreamPart>;
          try {
            next = await reader.read();
          } catch (err) {
            error = err;
            end(null);
            out.error(err);
            return;
          }
          if (next.done) {
            if (!finished && !error) error = new Error("The provider ended the stream without finishing.");
            end(null);
            out.close();
            return;
          }
          const part = next.value;
          if (part.type === "text-delta" || part.type === "tool-input-delta" || part.type === "tool-call") {
            if (ttftMs === null) {
              ttftMs = Math.round(performance.now() - started);
              control.firstToken();
            }
            if (part.type === "text-delta") text += part.delta;
            else if (part.type === "tool-call") text += part.input;
          } else if (part.type === "finish") {
            usage = fromProviderUsage(part.usage);
            finished = true;
          } else if (part.type === "error") {
            error = part.error;
          }
          out.enqueue(part);
        },
        async cancel(reason) {
          end("consumer");
          await reader.cancel(reason).catch(() => {});
        },
      });
      return { ...upstream, stream };
    },
  };
}
