import { randomUUID } from "node:crypto";
import type { ModelMessage } from "ai";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { aiModels, aiProviders, conversations, messages } from "@/db/schema";
import { answerByAgent, mentionedAgent } from "@/lib/agents/chat";
import type { CallOutcome, Gateway } from "@/lib/ai/gateway";
import type { Actor } from "@/lib/auth/actor";
import { compareLimitText } from "@/lib/billing/limit-text";
import { effectiveLimits } from "@/lib/billing/limits";
import { AppError, notFound, parseInput, toAppError } from "@/lib/errors";
import { countUse, resolveRunnable, systemPromptOf } from "@/lib/marketplace/access";
import { turnSelection } from "@/lib/mcp/selection";
import type { ToolPart, ToolSelection } from "@/lib/mcp/toolset";
import { requestAutoAssessment } from "@/lib/quality/auto";
import { syncChanged } from "@/lib/sync/changes";
import {
  type AppliedTerms,
  checkTerms,
  hasEntries,
  type StoredTerms,
  selectTerms,
  withTerms,
} from "@/lib/terminology/apply";
import { recordTermUse } from "@/lib/terminology/usage-counts";
import { registerStream, unregisterStream } from "./active";
import { ConversationModel, type ConversationRow, type MessageRow, participantSchema } from "./conversations";
import { fusionPrompt } from "./fusion";
import { branchPath, contextFor, fallbackTitle } from "./history";
import { runToolTurn } from "./tool-turn";

/** What the browser receives while a turn runs (one JSON object per server-sent event). */
export type TurnEvent =
  | { type: "user"; message: { id: string; parentId: string | null; content: string; createdAt: string } }
  | {
      type: "start";
      messageId: string;
      turnId: string;
      parentId: string;
      modelId: string;
      modelName: string;
      provider: string;
      kind: "answer" | "fused";
      /** The dictionary entries added to this call's system prompt. */
      terms: { id: string; term: string }[];
    }
  | { type: "delta"; messageId: string; text: string }
  /** A tool call of the answer, sent when it starts and again when it ends. */
  | { type: "tool"; messageId: string; part: ToolPart }
  | {
      type: "done";
      messageId: string;
      status: "complete" | "error" | "aborted";
      error: string | null;
      metrics: {
        ttftMs: number | null;
        latencyMs: number | null;
        tokensIn: number;
        tokensOut: number;
        cost: string;
        estimated: boolean;
      };
      /** The term check of the answer, when the turn applied terms. */
      terms: StoredTerms | null;
    }
  | { type: "title"; title: string }
  | { type: "error"; message: string };

export type Emit = (event: TurnEvent) => void;

/** A checked request, ready to stream its events. */
export type Job = (emit: Emit, signal: AbortSignal) => Promise<void>;

export const sendSchema = z.object({
  conversationId: z.uuid("conversationId must be a conversation id"),
  /** The message the new prompt follows (the answer it continues from), or null at the start. */
  parentId: z.uuid("parentId must be a message id").nullable(),
  content: z
    .string()
    .trim()
    .min(1, "Write a message first.")
    .max(100_000, "That message is too long (100,000 characters at most)."),
  targets: z
    .array(participantSchema)
    .min(1, "Choose at least one model.")
    .max(8, "Compare at most 8 models at once."),
});

export const regenerateSchema = z.object({
  conversationId: z.uuid(),
  userMessageId: z.uuid("userMessageId must be a message id"),
  targets: z
    .array(participantSchema)
    .min(1, "Choose at least one model.")
    .max(8, "Compare at most 8 models at once."),
});

export const fuseSchema = z.object({
  conversationId: z.uuid(),
  turnId: z.uuid("turnId must be a turn id"),
  fuserModelId: z.uuid("fuserModelId must be a model id"),
  fuserIntegrationId: z.uuid().nullable().default(null),
});

const PARTIAL_SAVE_MS = 750;

type Target = { modelId: string; integrationId: string | null };

/** How a templated conversation's calls run (built server-side from the version the user may run). */
type TemplateRun = {
  templateId: string;
  system: string;
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  costLimitUsd?: number;
  /** The template's tools (names of server tools or built-ins), offered with the conversation's own. */
  tools: string[];
};

/**
 * Runs chat turns: the user message is saved before any model is called; every answer is a
 * message saved with its status, text so far, tokens, cost and latency however its stream ends;
 * the N answers of a compare stream concurrently.
 */
export class ChatRunner {
  private readonly conversations: ConversationModel;

  constructor(
    private readonly db: Db,
    private readonly gateway: Gateway,
    private readonly actor: Actor,
  ) {
    this.conversations = new ConversationModel(db, actor.id);
  }

  /**
   * A new prompt, answered by one or more models. Everything that can refuse the request (input,
   * ownership, plan width) is checked before this resolves; the returned job then streams.
   */
  async send(input: unknown): Promise<Job> {
    const data = parseInput(sendSchema, input);
    const conversation = await this.conversations.get(data.conversationId);
    await this.checkWidth(data.targets.length);
    const run = await this.templateRun(conversation, data.targets);
    const all = await this.conversations.messages(conversation.id);
    if (data.parentId && !all.some((m) => m.id === data.parentId)) throw notFound("That message");
    return (emit, signal) => this.runSend(data, conversation, all, run, emit, signal);
  }

  private async runSend(
    data: z.infer<typeof sendSchema>,
    conversation: ConversationRow,
    all: MessageRow[],
    run: TemplateRun | null,
    emit: Emit,
    signal: AbortSignal,
  ): Promise<void> {
    const [user] = await this.db
      .insert(messages)
      .values({
        conversationId: conversation.id,
        userId: this.actor.id,
        parentId: data.parentId,
        role: "user",
        content: data.content,
      })
      .returning();
    if (!user) throw new AppError("internal", "Could not save your message.");
    await this.touch(conversation.id, data.targets);
    // A template's use is counted once per conversation, at its first prompt.
    if (run && !all.some((m) => m.role === "user")) await countUse(this.db, run.templateId);
    emit({
      type: "user",
      message: {
        id: user.id,
        parentId: user.parentId,
        content: user.content,
        createdAt: user.createdAt.toISOString(),
      },
    });
    const path = [...branchPath(all, data.parentId), user];
    // "@handle …" naming one of the user's enabled agents: that agent answers instead of the models.
    const agent = await mentionedAgent(this.db, this.actor, user.content);
    if (agent) {
      const at = { conversationId: conversation.id, userId: this.actor.id, parentId: user.id };
      await answerByAgent(
        this.db,
        agent,
        at,
        { message: user.content, history: path.slice(0, -1) },
        emit,
        signal,
      );
    } else {
      const terms = await this.termsFor(conversation, user.content);
      if (terms?.mentioned.length) await recordTermUse(this.db, this.actor.id, terms.mentioned);
      const tools = turnSelection(conversation.metadata, run?.tools);
      await this.answer([...all, user], path, user, data.targets, emit, signal, run, terms, tools);
    }
    // Outbound sync is best effort here (the maintenance sweep retries deliveries); never fail the turn.
    await syncChanged(this.db, this.actor.id).catch((err) =>
      console.error("[prism] sync request failed", err),
    );
    if (!conversation.title) await this.title(conversation.id, data.content, data.targets[0] as Target, emit);
  }

  /** New answers to an earlier prompt (a new turn beside the old ones). */
  async regenerate(input: unknown): Promise<Job> {
    const data = parseInput(regenerateSchema, input);
    const conversation = await this.conversations.get(data.conversationId);
    await this.checkWidth(data.targets.length);
    const run = await this.templateRun(conversation, data.targets);
    const all = await this.conversations.messages(conversation.id);
    const user = all.find((m) => m.id === data.userMessageId && m.role === "user");
    if (!user) throw notFound("That message");
    return async (emit, signal) => {
      await this.touch(conversation.id, data.targets);
      const terms = await this.termsFor(conversation, user.content);
      const tools = turnSelection(conversation.metadata, run?.tools);
      await this.answer(all, branchPath(all, user.id), user, data.targets, emit, signal, run, terms, tools);
    };
  }

  /** Collaborative mode: one model fuses a turn's answers, citing which model said what. */
  async fuse(input: unknown): Promise<Job> {
    const data = parseInput(fuseSchema, input);
    const conversation = await this.conversations.get(data.conversationId);
    const all = await this.conversations.messages(conversation.id);
    const answers = all.filter(
      (m) => m.turnId === data.turnId && m.kind === "answer" && m.status === "complete" && m.content.trim(),
    );
    const first = all.find((m) => m.turnId === data.turnId);
    const user = first?.parentId ? all.find((m) => m.id === first.parentId) : undefined;
    if (!first || !user) throw notFound("That turn");
    if (answers.length < 2)
      throw new AppError("bad_request", "Fusing needs at least two complete answers in the turn.");
    const run = await this.templateRun(conversation, [
      { modelId: data.fuserModelId, integrationId: data.fuserIntegrationId },
    ]);
    const labels = await this.modelLabels(answers.map((a) => a.modelId).filter((id): id is string => !!id));
    const prompt = fusionPrompt(
      user.content,
      answers.map((a) => ({
        model: (a.modelId && labels.get(a.modelId)) || a.modelName || "a model",
        text: a.content,
      })),
    );
    return async (emit, signal) => {
      await this.db
        .update(conversations)
        .set({ mode: "collaborative" })
        .where(and(eq(conversations.id, conversation.id), eq(conversations.userId, this.actor.id)));
      await this.stream(
        { conversationId: conversation.id, parentId: user.id, turnId: data.turnId, kind: "fused" },
        { modelId: data.fuserModelId, integrationId: data.fuserIntegrationId },
        { system: prompt.system, messages: [{ role: "user", content: prompt.user }] },
        emit,
        signal,
        run,
        await this.termsFor(conversation, user.content),
        turnSelection(conversation.metadata, run?.tools),
      );
    };
  }

  /**
   * The dictionary entries for a turn, when the conversation uses terminology: its switch, on by
   * default once the user's dictionary has entries.
   */
  private async termsFor(conversation: ConversationRow, prompt: string): Promise<AppliedTerms | null> {
    const flag = conversation.metadata.useTerminology;
    const on = typeof flag === "boolean" ? flag : await hasEntries(this.db, this.actor.id);
    if (!on) return null;
    return selectTerms(this.db, this.gateway, this.actor, prompt);
  }

  /**
   * For a conversation started from a template: checks the user may still run it (a refund revokes
   * access) and that the chosen models are on providers it allows, and returns what the calls run
   * with. The system prompt is built here, on the server; it never reaches a buyer's browser.
   */
  private async templateRun(conversation: ConversationRow, targets: Target[]): Promise<TemplateRun | null> {
    if (!conversation.templateId) return null;
    const runnable = await resolveRunnable(this.db, this.actor, conversation.templateId);
    const s = runnable.snapshot;
    if (s.allowedIntegrations.length) {
      const rows = await this.db
        .select({ id: aiModels.id, provider: aiProviders.slug, name: aiModels.displayName })
        .from(aiModels)
        .innerJoin(aiProviders, eq(aiProviders.id, aiModels.providerId))
        .where(
          inArray(
            aiModels.id,
            targets.map((t) => t.modelId),
          ),
        );
      const outside = rows.find((r) => !s.allowedIntegrations.includes(r.provider));
      if (outside)
        throw new AppError(
          "bad_request",
          `This template runs only on ${s.allowedIntegrations.join(", ")}; ${outside.name} is on ${outside.provider}.`,
          { field: "targets" },
        );
    }
    return {
      templateId: runnable.templateId,
      system: systemPromptOf(s),
      temperature: s.modelConfig.temperature,
      topP: s.modelConfig.topP,
      maxOutputTokens: s.modelConfig.maxTokens,
      costLimitUsd: s.costLimitPerRequest ? Number(s.costLimitPerRequest) : undefined,
      tools: s.functions.map((f) => f.name),
    };
  }

  private async checkWidth(n: number): Promise<void> {
    const limits = await effectiveLimits(this.db, this.actor.id);
    if (n > limits.maxModelsPerCompare) {
      throw new AppError("forbidden", compareLimitText(limits), {
        field: "targets",
        details: { limit: limits.maxModelsPerCompare, exempt: limits.exempt },
      });
    }
  }

  private async touch(conversationId: string, targets: Target[]): Promise<void> {
    await this.db
      .update(conversations)
      .set({
        lastMessageAt: new Date(),
        participants: targets,
        mode: sql`case when ${conversations.mode} = 'collaborative' then 'collaborative' else ${targets.length > 1 ? "multi" : "single"} end`,
      })
      .where(and(eq(conversations.id, conversationId), eq(conversations.userId, this.actor.id)));
  }

  private async answer(
    all: MessageRow[],
    path: MessageRow[],
    user: MessageRow,
    targets: Target[],
    emit: Emit,
    signal: AbortSignal,
    run: TemplateRun | null,
    terms: AppliedTerms | null,
    tools: ToolSelection | null,
  ): Promise<void> {
    const turnId = randomUUID();
    await Promise.all(
      targets.map((t) =>
        this.stream(
          { conversationId: user.conversationId, parentId: user.id, turnId, kind: "answer" },
          t,
          { messages: contextFor(all, path, t.modelId) },
          emit,
          signal,
          run,
          terms,
          tools,
        ),
      ),
    );
    // "Assess every compare" (off by default) queues a judge run; it never delays the answers.
    if (targets.length > 1) await requestAutoAssessment(this.db, this.actor.id, turnId);
  }

  /** One column: create its message, stream into it, and save how it ended. */
  private async stream(
    at: { conversationId: string; parentId: string; turnId: string; kind: "answer" | "fused" },
    target: Target,
    prompt: { system?: string; messages: ModelMessage[] },
    emit: Emit,
    signal: AbortSignal,
    run: TemplateRun | null,
    terms: AppliedTerms | null = null,
    tools: ToolSelection | null = null,
  ): Promise<void> {
    const [info] = await this.db
      .select({ name: aiModels.name, displayName: aiModels.displayName, provider: aiProviders.slug })
      .from(aiModels)
      .innerJoin(aiProviders, eq(aiProviders.id, aiModels.providerId))
      .where(eq(aiModels.id, target.modelId));
    const [message] = await this.db
      .insert(messages)
      .values({
        conversationId: at.conversationId,
        userId: this.actor.id,
        parentId: at.parentId,
        turnId: at.turnId,
        role: "assistant",
        kind: at.kind,
        status: "streaming",
        modelId: info ? target.modelId : null,
        integrationId: target.integrationId,
        providerSlug: info?.provider ?? null,
        modelName: info?.name ?? null,
      })
      .returning({ id: messages.id });
    if (!message) throw new AppError("internal", "Could not save the answer.");
    const messageId = message.id;
    emit({
      type: "start",
      messageId,
      turnId: at.turnId,
      parentId: at.parentId,
      modelId: target.modelId,
      modelName: info?.displayName ?? "Unknown model",
      provider: info?.provider ?? "",
      kind: at.kind,
      terms: terms?.entries ?? [],
    });

    const own = registerStream(messageId, this.actor.id);
    const combined = AbortSignal.any([signal, own.signal]);
    let text = "";
    let lastSave = Date.now();
    let outcome: CallOutcome | null = null;
    let refused: string | null = null;
    let parts: ToolPart[] = [];
    try {
      if (!info) throw new AppError("not_found", "That model is no longer in the catalog.");
      const request = {
        actor: this.actor,
        modelId: target.modelId,
        integrationId: target.integrationId,
        system: withTerms(prompt.system ?? run?.system, terms),
        messages: prompt.messages,
        temperature: run?.temperature,
        topP: run?.topP,
        maxOutputTokens: run?.maxOutputTokens,
        costLimitUsd: run?.costLimitUsd,
        context: { conversationId: at.conversationId, messageId, templateId: run?.templateId ?? null },
      };
      const onDelta = async (delta: string) => {
        text += delta;
        emit({ type: "delta", messageId, text: delta });
        if (Date.now() - lastSave > PARTIAL_SAVE_MS) {
          lastSave = Date.now();
          // So a reload mid-stream shows the answer so far.
          await this.db.update(messages).set({ content: text, parts }).where(eq(messages.id, messageId));
        }
      };
      if (tools) {
        // With tools the turn runs the AI SDK tool loop (lib/chat/tool-turn.ts); without, the fast path.
        const r = await runToolTurn({
          ...request,
          db: this.db,
          gateway: this.gateway,
          selection: tools,
          signal: combined,
          onText: onDelta,
          onPart: (part) => {
            parts = parts.some((p) => p.id === part.id)
              ? parts.map((p) => (p.id === part.id ? part : p))
              : [...parts, part];
            emit({ type: "tool", messageId, part });
          },
        });
        outcome = r.outcome;
        refused = r.refused;
      } else {
        const stream = await this.gateway.stream({ ...request, requestType: "chat", abortSignal: combined });
        for await (const delta of stream) await onDelta(delta);
        outcome = await stream.outcome;
      }
    } catch (err) {
      // Refused before any upstream call (budget, rate limit, no integration): the column says why.
      refused = toAppError(err).message;
    } finally {
      unregisterStream(messageId);
    }
    const status = outcome
      ? outcome.status === "success"
        ? "complete"
        : outcome.status === "aborted"
          ? "aborted"
          : "error"
      : "error";
    const error = outcome?.failure?.message ?? refused;
    const finalText = outcome?.text ?? text;
    const checked = terms && status === "complete" ? checkTerms(terms, finalText) : null;
    await this.db
      .update(messages)
      .set({
        content: finalText,
        parts,
        status,
        errorMessage: status === "complete" ? null : error,
        tokensIn: outcome?.usage.input ?? 0,
        tokensOut: outcome?.usage.output ?? 0,
        tokensCached: outcome?.usage.cachedInput ?? 0,
        cost: outcome?.costUsd ?? "0",
        latencyMs: outcome?.latencyMs ?? null,
        ttftMs: outcome?.ttftMs ?? null,
        metadata: {
          estimated: outcome?.usage.estimated ?? false,
          ...(outcome?.failure ? { failureKind: outcome.failure.kind } : {}),
          ...(checked ? { terms: checked } : {}),
        },
      })
      .where(eq(messages.id, messageId));
    if (outcome) {
      await this.db
        .update(conversations)
        .set({
          totalTokensUsed: sql`${conversations.totalTokensUsed} + ${outcome.usage.input + outcome.usage.output}`,
          totalCost: sql`${conversations.totalCost} + ${outcome.costUsd}::numeric`,
          lastMessageAt: new Date(),
        })
        .where(eq(conversations.id, at.conversationId));
    }
    emit({
      type: "done",
      messageId,
      status,
      error: status === "complete" ? null : (error ?? null),
      metrics: {
        ttftMs: outcome?.ttftMs ?? null,
        latencyMs: outcome?.latencyMs ?? null,
        tokensIn: outcome?.usage.input ?? 0,
        tokensOut: outcome?.usage.output ?? 0,
        cost: outcome?.costUsd ?? "0.000000",
        estimated: outcome?.usage.estimated ?? false,
      },
      terms: checked,
    });
  }

  /** A title from the first exchange, written by the first model (metered), or from the prompt. */
  private async title(conversationId: string, prompt: string, target: Target, emit: Emit): Promise<void> {
    let title = fallbackTitle(prompt);
    try {
      const outcome = await this.gateway.generate({
        actor: this.actor,
        modelId: target.modelId,
        integrationId: target.integrationId,
        system:
          "Write a title of at most six words for a conversation that starts with the user's message. Reply with the title only, no quotes.",
        messages: [{ role: "user", content: prompt.slice(0, 2000) }],
        maxOutputTokens: 24,
        requestType: "completion",
        context: { conversationId, metadata: { purpose: "title" } },
      });
      const generated = outcome.text
        .replace(/^["'“”]+|["'“”.]+$/g, "")
        .replace(/\s+/g, " ")
        .trim();
      if (outcome.status === "success" && generated && generated.length <= 80) title = generated;
    } catch {
      // Budget or rate limits: keep the title from the prompt.
    }
    await this.db
      .update(conversations)
      .set({ title })
      .where(and(eq(conversations.id, conversationId), eq(conversations.userId, this.actor.id)));
    emit({ type: "title", title });
  }

  private async modelLabels(ids: string[]): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const id of new Set(ids)) {
      const [row] = await this.db
        .select({ displayName: aiModels.displayName })
        .from(aiModels)
        .where(eq(aiModels.id, id));
      if (row) map.set(id, row.displayName);
    }
    return map;
  }
}
