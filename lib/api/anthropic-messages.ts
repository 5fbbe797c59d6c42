import { randomUUID } from "node:crypto";
import type { LanguageModelV3Prompt } from "@ai-sdk/provider";
import { modelRef, resolveModelRef } from "@/lib/ai/model-ref";
import { authenticateApiKey, requireScope } from "@/lib/api-keys/keys";
import { AppError, parseInput } from "@/lib/errors";
import { anthropicErrorParts, contentOf, providerCall, stopOf, usageOf } from "./anthropic-convert";
import { messagesRequest } from "./anthropic-schema";
import { messageEvents } from "./anthropic-stream";
import { type ApiDeps, appDeps } from "./deps";
import { generateCall, streamCall } from "./model-call";
import { type ApiCall, type ApiReply, SSE_HEADERS } from "./reply";

const newId = (prefix: string) => `${prefix}${randomUUID().replaceAll("-", "")}`;

function promptTokens(prompt: LanguageModelV3Prompt): number {
  let chars = 0;
  for (const m of prompt) {
    if (m.role === "system") chars += m.content.length;
    else
      for (const p of m.content) {
        if (p.type === "text") chars += p.text.length;
        else if (p.type === "tool-call") chars += JSON.stringify(p.input).length;
        else if (p.type === "tool-result") chars += JSON.stringify(p.output).length;
      }
  }
  // The gateway's own estimate: about four characters a token.
  return Math.ceil(chars / 4);
}

/** A Prism key from `x-api-key` (Anthropic's header) or `Authorization: Bearer`. */
function authorizationOf(call: ApiCall): string | null {
  const key = call.header("x-api-key")?.trim();
  if (key) return `Bearer ${key}`;
  if (call.authorization) return call.authorization;
  throw new AppError(
    "unauthorized",
    "Missing API key. Send `x-api-key: prism_…` (or `Authorization: Bearer prism_…`).",
  );
}

/**
 * Anthropic's Messages API (POST /v1/messages) over any Prism model: the official Anthropic SDK and
 * the tools built on it talk to Prism with a Prism key. Every call goes through the gateway's
 * metered model (budgets, the key's rate limit and monthly cap, one usage row); tool calls are
 * returned as tool_use blocks for the client to run.
 */
export async function anthropicMessages(call: ApiCall, deps?: ApiDeps): Promise<ApiReply> {
  const requestId = newId("req_");
  try {
    const { db, gateway } = deps ?? (await appDeps());
    const principal = await authenticateApiKey(db, authorizationOf(call));
    requireScope(principal, "chat");
    const body = parseInput(
      messagesRequest,
      await call.json().catch((err: unknown) => {
        throw err instanceof AppError
          ? err
          : new AppError("bad_request", "The request body is not valid JSON.");
      }),
    );
    const model = await resolveModelRef(db, principal.actor, body.model);
    const req = {
      actor: principal.actor,
      modelId: model.id,
      maxOutputTokens: body.max_tokens,
      requestType: "completion" as const,
      apiKey: {
        id: principal.key.id,
        rateLimit: principal.key.rateLimit,
        monthlyBudgetUsd: principal.key.monthlyBudgetUsd,
      },
      context: { sessionId: body.metadata?.user_id ?? null, metadata: { api: "anthropic-messages" } },
    };
    const modelCall = providerCall(body);
    const id = newId("msg_");
    const name = modelRef(model);
    const headers = { "request-id": requestId };

    if (!body.stream) {
      const result = await generateCall(gateway, req, modelCall, call.signal);
      const content = contentOf(result.content);
      return {
        type: "json",
        status: 200,
        headers,
        body: {
          id,
          type: "message",
          role: "assistant",
          model: name,
          content,
          ...stopOf(
            result.finishReason,
            content.some((b) => b.type === "tool_use"),
            result.providerMetadata,
          ),
          usage: usageOf(result.outcome.usage),
        },
      };
    }
    const opened = await streamCall(gateway, req, modelCall, call.signal);
    return {
      type: "sse",
      status: 200,
      headers: { ...SSE_HEADERS, ...headers },
      events: messageEvents(opened.parts, opened.outcome, {
        id,
        model: name,
        inputTokensEstimate: promptTokens(modelCall.prompt),
      }),
    };
  } catch (err) {
    const { status, headers, body } = anthropicErrorParts(err);
    return {
      type: "json",
      status,
      headers: { ...headers, "request-id": requestId },
      body: { ...body, request_id: requestId },
    };
  }
}
