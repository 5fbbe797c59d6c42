import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AIAgent, aiAgents } from "@/db/schema";
import { failureOfStatus, PostFailure, signedPost } from "@/lib/net/signed-post";
import { agentSecretOf } from "./store";

/** What an agent receives (JSON, signed per Standard Webhooks). */
export type AgentRequest = {
  event: "chat.mention" | "workflow.step" | "agent.test";
  /** The text for the agent: the message without its @mention, or a workflow step's input. */
  input: string;
  /** The whole chat message, mention included. */
  message?: string;
  conversationId?: string;
  runId?: string;
  history?: { role: "user" | "assistant"; content: string }[];
};

export type AgentResult =
  | { ok: true; text: string; status: number; latencyMs: number }
  | { ok: false; error: string; retryable: boolean; status: number | null; latencyMs: number };

export const AGENT_TIMEOUT_MS = 60_000;
export const AGENT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The agent's answer from its response: JSON with `output`, `text` or `answer` (n8n's "Respond to
 * Webhook" often wraps it in a one-item array), or the body as plain text.
 */
export function answerOf(contentType: string, body: string): string | null {
  const trimmed = body.trim();
  if (!trimmed) return null;
  if (!contentType.includes("json") && !/^[[{]/.test(trimmed)) return trimmed;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
  if (Array.isArray(value) && value.length > 0) value = value[0];
  if (typeof value === "string") return value.trim() || null;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    for (const key of ["output", "text", "answer"]) {
      const v = o[key];
      if (typeof v === "string") return v.trim() || null;
      if (v !== undefined && v !== null) return JSON.stringify(v);
    }
  }
  return null;
}

/**
 * Calls an agent: a signed POST of `{ event, agent, ...request }`; counts the execution and its
 * outcome on the agent row in one statement (so concurrent calls never lose a count).
 */
export async function callAgent(
  db: Db,
  agent: AIAgent,
  request: AgentRequest,
  opts: { signal?: AbortSignal; messageId?: string } = {},
): Promise<AgentResult> {
  let result: AgentResult;
  const started = performance.now();
  try {
    const res = await signedPost(db, {
      url: agent.webhookUrl,
      secret: agentSecretOf(agent),
      body: {
        ...request,
        agent: { id: agent.id, handle: agent.handle, name: agent.name, n8nWorkflowId: agent.n8nWorkflowId },
      },
      timeoutMs: AGENT_TIMEOUT_MS,
      maxResponseBytes: AGENT_MAX_RESPONSE_BYTES,
      messageId: opts.messageId,
      signal: opts.signal,
    });
    const host = new URL(agent.webhookUrl).host;
    if (!res.ok) throw failureOfStatus(res, host);
    const text = answerOf(res.contentType, res.text);
    if (text === null)
      throw new PostFailure(`${host} answered without an output, text or answer field.`, false, res.status);
    result = { ok: true, text, status: res.status, latencyMs: res.latencyMs };
  } catch (err) {
    const f = err instanceof PostFailure ? err : new PostFailure((err as Error).message, false);
    result = {
      ok: false,
      error: f.message,
      retryable: f.retryable,
      status: f.status,
      latencyMs: Math.round(performance.now() - started),
    };
  }
  await db
    .update(aiAgents)
    .set({
      executionCount: sql`${aiAgents.executionCount} + 1`,
      successCount: sql`${aiAgents.successCount} + ${result.ok ? 1 : 0}`,
      lastStatus: result.ok ? "success" : "failed",
      lastError: result.ok ? null : result.error.slice(0, 1_000),
      lastRunAt: new Date(),
    })
    .where(eq(aiAgents.id, agent.id));
  return result;
}
