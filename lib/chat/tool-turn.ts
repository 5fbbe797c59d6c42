import { type ModelMessage, stepCountIs, streamText } from "ai";
import type { Db } from "@/db/client";
import type { CallOutcome, Gateway } from "@/lib/ai/gateway";
import { formatMicroUsd, toMicroUsd } from "@/lib/ai/pricing";
import type { Actor } from "@/lib/auth/actor";
import { toAppError } from "@/lib/errors";
import { buildToolSet, type ToolPart, type ToolSelection } from "@/lib/mcp/toolset";

/** The tool loop stops after this many model calls (each one metered), answered or not. */
export const MAX_TOOL_STEPS = 8;

export type ToolTurnInput = {
  db: Db;
  gateway: Gateway;
  actor: Actor;
  modelId: string;
  integrationId: string | null;
  selection: ToolSelection;
  system?: string;
  messages: ModelMessage[];
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  costLimitUsd?: number;
  signal: AbortSignal;
  context: { conversationId: string; messageId: string; templateId: string | null };
  onText: (delta: string) => void | Promise<void>;
  onPart: (part: ToolPart) => void;
};

export type ToolTurnResult = {
  /** The whole loop as one outcome: tokens and cost summed over steps, status of the last step. */
  outcome: CallOutcome | null;
  /** A refusal before any model call (budget, rate limit, no integration). */
  refused: string | null;
  parts: ToolPart[];
  /** Selected tools that could not be offered. */
  unavailable: string[];
};

/**
 * One model's answer with tools: the AI SDK tool loop over the gateway's metered model (every step
 * prechecked and metered into its own usage row), tool calls reported as parts while they run, and
 * the clients closed when the loop ends, however it ends.
 */
export async function runToolTurn(i: ToolTurnInput): Promise<ToolTurnResult> {
  const parts = new Map<string, ToolPart>();
  const outcomes: CallOutcome[] = [];
  const set = await buildToolSet({
    db: i.db,
    actor: i.actor,
    gateway: i.gateway,
    selection: i.selection,
    context: { messageId: i.context.messageId },
    onPart: (p) => {
      parts.set(p.id, p);
      i.onPart(p);
    },
  });
  const started = performance.now();
  let text = "";
  let streamError: unknown = null;
  try {
    const result = streamText({
      model: i.gateway.meteredModel(
        {
          actor: i.actor,
          modelId: i.modelId,
          integrationId: i.integrationId,
          maxOutputTokens: i.maxOutputTokens,
          costLimitUsd: i.costLimitUsd,
          requestType: "chat",
          abortSignal: i.signal,
          context: i.context,
        },
        (o) => outcomes.push(o),
      ),
      system: i.system,
      messages: i.messages,
      tools: set.tools,
      stopWhen: stepCountIs(MAX_TOOL_STEPS),
      temperature: i.temperature,
      topP: i.topP,
      maxOutputTokens: i.maxOutputTokens,
      abortSignal: i.signal,
      maxRetries: 0,
    });
    for await (const chunk of result.fullStream) {
      if (chunk.type === "text-delta") {
        text += chunk.text;
        await i.onText(chunk.text);
      } else if (chunk.type === "error") {
        streamError = chunk.error;
      }
    }
  } catch (err) {
    streamError = err;
  } finally {
    await set.close();
  }
  const outcome = combine(outcomes, text, Math.round(performance.now() - started), i.signal.aborted);
  const refused = !outcome && streamError ? toAppError(streamError).message : null;
  return { outcome, refused, parts: [...parts.values()], unavailable: set.unavailable };
}

function combine(all: CallOutcome[], text: string, latencyMs: number, aborted: boolean): CallOutcome | null {
  const last = all.at(-1);
  if (!last) return null;
  let cost = 0n;
  for (const o of all) cost += toMicroUsd(o.costUsd);
  return {
    ...last,
    status: aborted ? "aborted" : last.status,
    text,
    usage: {
      input: all.reduce((n, o) => n + o.usage.input, 0),
      output: all.reduce((n, o) => n + o.usage.output, 0),
      cachedInput: all.reduce((n, o) => n + o.usage.cachedInput, 0),
      cacheWrite: all.reduce((n, o) => n + o.usage.cacheWrite, 0),
      estimated: all.some((o) => o.usage.estimated),
    },
    costUsd: formatMicroUsd(cost),
    credits: all.reduce((n, o) => n + o.credits, 0),
    ttftMs: all[0]?.ttftMs ?? null,
    latencyMs,
    failure: last.failure ?? all.find((o) => o.failure)?.failure ?? null,
  };
}
