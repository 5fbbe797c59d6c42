import type {
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3StreamPart,
  SharedV3ProviderMetadata,
} from "@ai-sdk/provider";
import type { CallOutcome, Gateway } from "@/lib/ai/gateway";
import type { MeteredRequest } from "@/lib/ai/metered-model";
import { AppError, toAppError } from "@/lib/errors";

/**
 * One provider call for the public API's tool-capable paths, through the gateway's metered model
 * (prechecks, limits and one usage row per call). Prism never runs the tools: the client does and
 * sends the results back in its next request, as agent frameworks expect.
 */
export type ModelCall = Omit<LanguageModelV3CallOptions, "abortSignal" | "includeRawChunks">;

/** How a call that never answered failed, as the error the client sees. */
export function upstreamError(outcome: CallOutcome): AppError {
  const message = outcome.failure?.message ?? "The provider call failed.";
  if (outcome.status === "timeout") return new AppError("upstream_timeout", message);
  if (outcome.failure?.kind === "rate_limited")
    return new AppError("rate_limited", message, { retryAfter: 1 });
  return new AppError("upstream_error", message, {
    details: outcome.failure?.httpStatus ? { providerStatus: outcome.failure.httpStatus } : undefined,
  });
}

function outcomeCatcher() {
  let last: CallOutcome | null = null;
  let resolve: (o: CallOutcome) => void = () => {};
  const settled = new Promise<CallOutcome>((r) => {
    resolve = r;
  });
  return {
    onOutcome: (o: CallOutcome) => {
      last = o;
      resolve(o);
    },
    settled,
    /** A refused precheck is already an AppError; a provider failure is described by its outcome. */
    failure(err: unknown): AppError {
      if (err instanceof AppError) return err;
      return last ? upstreamError(last) : toAppError(err);
    },
  };
}

export type Generated = {
  content: LanguageModelV3Content[];
  finishReason: LanguageModelV3FinishReason;
  providerMetadata?: SharedV3ProviderMetadata;
  outcome: CallOutcome;
};

export async function generateCall(
  gateway: Gateway,
  req: MeteredRequest,
  call: ModelCall,
  signal: AbortSignal,
): Promise<Generated> {
  const c = outcomeCatcher();
  const model = gateway.meteredModel(req, c.onOutcome);
  try {
    const result = await model.doGenerate({ ...call, abortSignal: signal });
    return {
      content: result.content,
      finishReason: result.finishReason,
      providerMetadata: result.providerMetadata,
      outcome: await c.settled,
    };
  } catch (err) {
    throw c.failure(err);
  }
}

export type OpenedStream = {
  /** The provider's parts, from the first; ending it early (return) cancels the upstream call. */
  parts: AsyncGenerator<LanguageModelV3StreamPart>;
  /** Settles when the stream ended, however it ended. */
  outcome: Promise<CallOutcome>;
};

/** Parts that mean the model started answering. */
const ANSWERING = new Set(["text-delta", "reasoning-delta", "tool-input-start", "tool-call", "finish"]);

/**
 * Opens a streamed call and reads it up to the model's first output, so that a call that fails
 * before answering gets a real HTTP status instead of an error inside a 200 stream.
 */
export async function streamCall(
  gateway: Gateway,
  req: MeteredRequest,
  call: ModelCall,
  signal: AbortSignal,
): Promise<OpenedStream> {
  const c = outcomeCatcher();
  const model = gateway.meteredModel(req, c.onOutcome);
  let stream: ReadableStream<LanguageModelV3StreamPart>;
  try {
    ({ stream } = await model.doStream({ ...call, abortSignal: signal, includeRawChunks: false }));
  } catch (err) {
    throw c.failure(err);
  }
  const reader = stream.getReader();
  const head: LanguageModelV3StreamPart[] = [];
  let done = false;
  try {
    // After an error part the stream is read to its end, so the outcome (and usage row) settles.
    let failed = false;
    while (!done) {
      const next = await reader.read();
      if (next.done) done = true;
      else {
        head.push(next.value);
        if (next.value.type === "error") failed = true;
        else if (!failed && ANSWERING.has(next.value.type)) break;
      }
    }
  } catch (err) {
    throw c.failure(err);
  }
  if (done) {
    const outcome = await c.settled;
    if (outcome.status !== "success") throw upstreamError(outcome);
  }
  async function* parts(): AsyncGenerator<LanguageModelV3StreamPart> {
    let ended = done;
    try {
      yield* head;
      while (!ended) {
        const next = await reader.read();
        if (next.done) ended = true;
        else yield next.value;
      }
    } finally {
      // The client went away (or the writer stopped early): end the upstream call too.
      if (!ended) await reader.cancel().catch(() => {});
    }
  }
  return { parts: parts(), outcome: c.settled };
}
