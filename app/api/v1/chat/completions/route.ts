import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client";
import { getGateway } from "@/lib/ai";
import type { CallOutcome } from "@/lib/ai/gateway";
import { modelRef, resolveModelRef } from "@/lib/ai/model-ref";
import {
  chatCompletionRequest,
  chunkBody,
  completionBody,
  openAiError,
  toModelMessages,
  usageBody,
} from "@/lib/api/openai-compat";
import { authenticateApiKey, requireScope } from "@/lib/api-keys/keys";
import { AppError, parseInput } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** OpenAI-compatible Chat Completions, streaming (SSE) and not, through the gateway with the key's user. */
export async function POST(request: Request) {
  try {
    const db = await getDb();
    const principal = await authenticateApiKey(db, request.headers.get("authorization"));
    requireScope(principal, "chat");
    const body = parseInput(
      chatCompletionRequest,
      await request.json().catch(() => {
        throw new AppError("bad_request", "The request body is not valid JSON.");
      }),
    );
    const model = await resolveModelRef(db, principal.actor, body.model);
    const { system, messages } = toModelMessages(body);
    const gateway = await getGateway();
    const call = {
      actor: principal.actor,
      modelId: model.id,
      system,
      messages,
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
      maxOutputTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      requestType: "completion" as const,
      abortSignal: request.signal,
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

    if (!body.stream) {
      const outcome = await gateway.generate(call);
      if (outcome.status !== "success") return openAiError(upstreamError(outcome));
      return Response.json(completionBody(id, created, name, outcome.text, "stop", usageBody(outcome.usage)));
    }

    const stream = await gateway.stream(call);
    const includeUsage = body.stream_options?.include_usage === true;
    const encoder = new TextEncoder();
    const sse = (data: unknown) => encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
    const iterator = stream[Symbol.asyncIterator]();
    // Wait for the first token before answering, so a failure before it gets a real HTTP status.
    let pending: IteratorResult<string> | null = await iterator.next();
    if (pending.done) {
      const outcome = await stream.outcome;
      if (outcome.status !== "success") return openAiError(upstreamError(outcome));
    }
    const readable = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          sse(
            chunkBody(
              id,
              created,
              name,
              { role: "assistant", content: "" },
              null,
              includeUsage ? null : undefined,
            ),
          ),
        );
      },
      async pull(controller) {
        const next = pending ?? (await iterator.next());
        pending = null;
        if (!next.done) {
          controller.enqueue(
            sse(chunkBody(id, created, name, { content: next.value }, null, includeUsage ? null : undefined)),
          );
          return;
        }
        const outcome = await stream.outcome;
        if (outcome.status === "success") {
          controller.enqueue(sse(chunkBody(id, created, name, {}, "stop", includeUsage ? null : undefined)));
          if (includeUsage)
            controller.enqueue(sse(chunkBody(id, created, name, {}, null, usageBody(outcome.usage))));
          controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        } else {
          // OpenAI sends an error object mid-stream when a generation fails after it started.
          const err = upstreamError(outcome);
          controller.enqueue(
            sse({ error: { message: err.message, type: "api_error", param: null, code: err.code } }),
          );
        }
        controller.close();
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    return new Response(readable, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
      },
    });
  } catch (err) {
    return openAiError(err);
  }
}

function upstreamError(outcome: CallOutcome): AppError {
  const message = outcome.failure?.message ?? "The provider call failed.";
  if (outcome.status === "timeout") return new AppError("upstream_timeout", message);
  if (outcome.failure?.kind === "rate_limited")
    return new AppError("rate_limited", message, { retryAfter: 1 });
  return new AppError("upstream_error", message);
}
