import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AIAgent, conversations, messages } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { Emit } from "@/lib/chat/turn";
import { AppError } from "@/lib/errors";
import { callAgent } from "./call";
import { AgentModel } from "./store";

const MENTION = /(^|[\s(])@([a-z0-9][a-z0-9_-]{0,39})(?![a-z0-9_-])/gi;

/** The @handles in a message, in order of appearance, lowercased and without repeats. */
export function mentionedHandles(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const h = (m[2] ?? "").toLowerCase();
    if (h && !seen.includes(h)) seen.push(h);
  }
  return seen;
}

/** The message without the agent's @mention, as the agent's input. */
export function withoutMention(text: string, handle: string): string {
  const re = new RegExp(`(^|[\\s(])@${handle.replace(/[-]/g, "\\-")}(?![a-z0-9_-])`, "gi");
  return text
    .replace(re, "$1")
    .replace(/\s{2,}/g, " ")
    .trim();
}

/** The first of the user's enabled agents the message @-mentions, if any. */
export async function mentionedAgent(db: Db, actor: Actor, text: string): Promise<AIAgent | null> {
  const handles = mentionedHandles(text);
  if (handles.length === 0) return null;
  const agents = await new AgentModel(db, actor).enabledByHandles(handles);
  for (const h of handles) {
    const agent = agents.find((a) => a.handle === h);
    if (agent) return agent;
  }
  return null;
}

const HISTORY_MESSAGES = 20;

/**
 * A chat turn answered by an agent instead of models: one assistant message named after the agent
 * (model name = the agent's name, provider "agent"), saved with its status like any answer, so it
 * is restored on reload and exported with the conversation.
 */
export async function answerByAgent(
  db: Db,
  agent: AIAgent,
  at: { conversationId: string; userId: string; parentId: string },
  prompt: { message: string; history: { role: string; content: string }[] },
  emit: Emit,
  signal: AbortSignal,
): Promise<void> {
  const turnId = randomUUID();
  const [row] = await db
    .insert(messages)
    .values({
      conversationId: at.conversationId,
      userId: at.userId,
      parentId: at.parentId,
      turnId,
      role: "assistant",
      kind: "answer",
      status: "streaming",
      providerSlug: "agent",
      modelName: agent.name,
      metadata: { agentId: agent.id, agentHandle: agent.handle },
    })
    .returning({ id: messages.id });
  if (!row) throw new AppError("internal", "Could not save the answer.");
  emit({
    type: "start",
    messageId: row.id,
    turnId,
    parentId: at.parentId,
    modelId: "",
    modelName: agent.name,
    provider: "agent",
    kind: "answer",
    terms: [],
  });
  const history = prompt.history
    .filter(
      (m): m is { role: "user" | "assistant"; content: string } =>
        m.role === "user" || m.role === "assistant",
    )
    .slice(-HISTORY_MESSAGES);
  const result = await callAgent(
    db,
    agent,
    {
      event: "chat.mention",
      input: withoutMention(prompt.message, agent.handle),
      message: prompt.message,
      conversationId: at.conversationId,
      history,
    },
    { signal, messageId: `msg_${row.id}` },
  );
  const aborted = !result.ok && signal.aborted;
  const status = result.ok ? "complete" : aborted ? "aborted" : "error";
  const error = result.ok ? null : `@${agent.handle}: ${result.error}`;
  if (result.ok) emit({ type: "delta", messageId: row.id, text: result.text });
  await db
    .update(messages)
    .set({
      content: result.ok ? result.text : "",
      status,
      errorMessage: error,
      latencyMs: result.latencyMs,
      metadata: { agentId: agent.id, agentHandle: agent.handle, httpStatus: result.status },
    })
    .where(eq(messages.id, row.id));
  await db
    .update(conversations)
    .set({ lastMessageAt: new Date() })
    .where(eq(conversations.id, at.conversationId));
  emit({
    type: "done",
    messageId: row.id,
    status,
    error,
    metrics: {
      ttftMs: null,
      latencyMs: result.latencyMs,
      tokensIn: 0,
      tokensOut: 0,
      cost: "0",
      estimated: false,
    },
    terms: null,
  });
}
