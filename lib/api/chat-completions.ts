import { randomUUID } from "node:crypto";
import type { ModelMessage } from "ai";
import type { GatewayStream } from "@/lib/ai/gateway";
import { modelRef, resolveModelRef } from "@/lib/ai/model-ref";
import { authenticateApiKey, requireScope } from "@/lib/api-keys/keys";
import { AppError, parseInput } from "@/lib/errors";
import { type AppliedTerms, checkTerms, selectTerms, withTerms } from "@/lib/terminology/apply";
import { type ApiDeps, appDeps } from "./deps";
import { upstreamError } from "./model-call";
import {
  chatCompletionRequest,
  chunkBody,
  completionBody,
  contentEventWriter,
  openAiErrorParts,
  toModelMessages,
  usageBody,
  usesTools,
} from "./openai-compat";
import { completeWithTools } from "./openai-tool-path";
import { type ApiCall, type ApiReply, SSE_HEADERS } from "./reply";

function lastUserText(messages: ModelMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  return typeof last.content === "string"
    ? last.content
    : last.content.map((p) => (p.type === "text" ? p.text : "")).join(" ");
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiReply => ({
  type: "json",
  status,
  headers,
  body,
});

function errorReply(err: unknown): ApiReply {
  const { status, headers, body } = openAiErrorParts(err);
  return json(status, body, headers);
}

/**
 * OpenAI-compatible Chat Completions, streaming (SSE) and not, through the gateway as the key's user.
 * Plain completions take the gateway's native relay (the fast path); requests with tools take its
 * metered model and get tool calls back for the client to run.
 */
export async function chatCompletions(call: ApiCall, deps?: ApiDeps): Promise<ApiReply> {
  try {
    const { db, gateway } = deps ?? (await appDeps());
    const principal = await authenticateApiKey(db, call.authorization);
    requireScope(principal, "chat");
    const body = parseInput(
      chatCompletionRequest,
      await call.json().catch((err: unknown) => {
        // The HTTP layer's own refusals (e.g. a body over the size limit) keep their message.
        throw err instanceof AppError
          ? err
          : new AppError("bad_request", "The request body is not valid JSON.");
      }),
    );
    const model = await resolveModelRef(db, principal.actor, body.model);
    const { system, messages } = toModelMessages(body);
    // `prism.terminology`: the key owner's dictionary entries for the last user message, as in chat.
    const terms = body.prism?.terminology
      ? await selectTerms(db, gateway, principal.actor, lastUserText(messages))
      : null;
    const request = {
      actor: principal.actor,
      modelId: model.id,
      system: withTerms(system, terms),
      messages,
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
      maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      requestType: "completion" as const,
      abortSignal: call.signal,
      apiKey: {
        id: principal.key.id,
        rateLimit: principal.key.rateLimit,
        monthlyBudgetUsd: principal.key.monthlyBudgetUsd,
      },
      context: { sessionId: body.user ?? null },
    };
    const id = `chatcmpl-${randomUUID().replaceAll("-", "")}`;
    const created = Math.floor(Date.now() / 1000);
    const name = modelRef(model);

    if (usesTools(body)) {
      const { messages: _plain, system: _system, temperature: _t, topP: _p, ...metered } = request;
      return await completeWithTools(gateway, body, metered, request.system, terms, call.signal, {
        id,
        created,
        name,
      });
    }

    if (!body.stream) {
      const outcome = await gateway.generate(request);
      if (outcome.status !== "success") return errorReply(upstreamError(outcome));
      const reply = completionBody(id, created, name, outcome.text, "stop", usageBody(outcome.usage));
      return json(200, terms ? { ...reply, prism: { terminology: checkTerms(terms, outcome.text) } } : reply);
    }

    const stream = await gateway.stream(request);
    const iterator = stream[Symbol.asyncIterator]();
    // Wait for the first token before answering, so a failure before it gets a real HTTP status.
    const first = await iterator.next();
    if (first.done) {
      const outcome = await stream.outcome;
      if (outcome.status !== "success") return errorReply(upstreamError(outcome));
    }
    const includeUsage = body.stream_options?.include_usage === true;
    return {
      type: "sse",
      status: 200,
      headers: SSE_HEADERS,
      events: relay(stream, iterator, first, { id, created, name, includeUsage, terms }),
    };
  } catch (err) {
    return errorReply(err);
  }
}

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/** The gateway's text deltas as OpenAI chunk events, ending with the finish (and usage) chunks. */
async function* relay(
  stream: GatewayStream,
  iterator: AsyncIterator<string>,
  first: IteratorResult<string>,
  c: { id: string; created: number; name: string; includeUsage: boolean; terms: AppliedTerms | null },
): AsyncGenerator<string> {
  // With include_usage, every chunk carries `usage: null` until the last one (OpenAI's format).
  const usageField = c.includeUsage ? null : undefined;
  try {
    yield sse(chunkBody(c.id, c.created, c.name, { role: "assistant", content: "" }, null, usageField));
    const contentEvent = contentEventWriter(c.id, c.created, c.name, c.includeUsage);
    for (let next = first; !next.done; next = await iterator.next()) yield contentEvent(next.value);
    const outcome = await stream.outcome;
    if (outcome.status === "success") {
      yield sse(chunkBody(c.id, c.created, c.name, {}, "stop", usageField));
      if (c.includeUsage) yield sse(chunkBody(c.id, c.created, c.name, {}, null, usageBody(outcome.usage)));
      // Prism's term check rides on one last chunk without choices (as the usage chunk does).
      if (c.terms) {
        const check = checkTerms(c.terms, outcome.text);
        yield sse({
          ...chunkBody(c.id, c.created, c.name, {}, null, usageField),
          choices: [],
          prism: { terminology: check },
        });
      }
      yield "data: [DONE]\n\n";
    } else {
      // OpenAI sends an error object mid-stream when a generation fails after it started.
      const err = upstreamError(outcome);
      yield sse({ error: { message: err.message, type: "api_error", param: null, code: err.code } });
    }
  } finally {
    // The client went away (or the writer stopped early): end the upstream call too.
    await iterator.return?.();
  }
}
