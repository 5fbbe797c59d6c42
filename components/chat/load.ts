import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiTemplates, templateVersions } from "@/db/schema";
import { usableModels } from "@/lib/ai/models";
import { type Actor, isAdmin } from "@/lib/auth/actor";
import { compareLimitText } from "@/lib/billing/limit-text";
import { effectiveLimits } from "@/lib/billing/limits";
import { ConversationModel } from "@/lib/chat/conversations";
import { FeedbackModel } from "@/lib/chat/feedback";
import { AppError } from "@/lib/errors";
import { BUILTIN_LABELS, BUILTIN_TOOLS } from "@/lib/mcp/builtin-names";
import { McpServerModel } from "@/lib/mcp/servers";
import { getSetting } from "@/lib/settings";
import { hasEntries } from "@/lib/terminology/apply";
import {
  type ChatSetup,
  type ConversationListItem,
  type InitialConversation,
  type ToolOption,
  terminologyFlagOf,
  toChatMessages,
  toolSelectionOf,
} from "./types";

/** What the chat pages load on the server, shaped for the client components (plain JSON). */

export async function loadChatSetup(db: Db, actor: Actor): Promise<ChatSetup> {
  const [usable, limits, defaults, hasTerminology, servers] = await Promise.all([
    usableModels(db, actor, { type: "chat" }),
    effectiveLimits(db, actor.id),
    getSetting(db, "defaultChatModels"),
    hasEntries(db, actor.id),
    new McpServerModel(db, actor).list("usable"),
  ]);
  const toolOptions: ToolOption[] = [
    ...servers
      .filter((s) => s.enabled && s.enabledTools.length > 0)
      .map((s) => ({
        kind: "server" as const,
        id: s.id,
        label: s.name,
        detail: `${s.enabledTools.length} tool${s.enabledTools.length === 1 ? "" : "s"}${s.shared ? " · shared" : ""}`,
      })),
    ...BUILTIN_TOOLS.map((b) => ({
      kind: "builtin" as const,
      id: b,
      label: BUILTIN_LABELS[b].label,
      detail: BUILTIN_LABELS[b].description,
    })),
  ];
  const models = usable.filter((m) => m.type === "chat");
  return {
    models: models.map((m) => ({
      id: m.id,
      name: m.name,
      displayName: m.displayName,
      provider: m.provider,
      providerName: m.providerName,
      providerStatus: m.providerStatus,
      contextWindow: m.contextWindow,
      pricing: { input: m.pricing.input, output: m.pricing.output },
    })),
    maxModels: limits.maxModelsPerCompare,
    planName: limits.planName,
    compareNote: compareLimitText(limits),
    defaultModelIds: defaults.filter((id) => models.some((m) => m.id === id)),
    isAdmin: isAdmin(actor),
    hasTerminology,
    toolOptions,
  };
}

export async function loadConversationList(db: Db, userId: string): Promise<ConversationListItem[]> {
  const items = await new ConversationModel(db, userId).list({ limit: 50 });
  return items.map((c) => ({
    ...c,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  }));
}

/** The conversation with its whole message tree and the user's feedback; null when it is not theirs. */
export async function loadConversation(
  db: Db,
  userId: string,
  id: string,
): Promise<InitialConversation | null> {
  const model = new ConversationModel(db, userId);
  try {
    const conversation = await model.get(id);
    const [messages, feedback] = await Promise.all([
      model.messages(id),
      new FeedbackModel(db, userId).forConversation(id),
    ]);
    return {
      id: conversation.id,
      title: conversation.title,
      shareToken: conversation.shareToken,
      participants: conversation.participants,
      useTerminology: terminologyFlagOf(conversation.metadata),
      tools: toolSelectionOf(conversation.metadata),
      template: conversation.templateId
        ? await templateInfo(db, conversation.templateId, conversation.templateVersionId)
        : null,
      messages: toChatMessages(messages),
      feedback: {
        votes: feedback.votes,
        scores: feedback.scores.map((s) => ({
          messageId: s.messageId,
          accuracy: s.accuracy,
          relevance: s.relevance,
          overall: s.overall,
        })),
      },
    };
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  }
}

async function templateInfo(db: Db, templateId: string, versionId: string | null) {
  const [t] = await db
    .select({ name: aiTemplates.name, slug: aiTemplates.slug })
    .from(aiTemplates)
    .where(eq(aiTemplates.id, templateId));
  if (!t) return null;
  const [v] = versionId
    ? await db
        .select({ version: templateVersions.version })
        .from(templateVersions)
        .where(eq(templateVersions.id, versionId))
    : [];
  return { name: t.name, slug: t.slug, version: v?.version ?? null };
}
