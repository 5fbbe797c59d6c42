import type { Db } from "@/db/client";
import { usableModels } from "@/lib/ai/models";
import type { Actor } from "@/lib/auth/actor";
import { ConversationModel } from "@/lib/chat/conversations";
import { resolveRunnable } from "./access";

/**
 * Starts a conversation from a template the user may run (creator, buyer, free listing, admin).
 * It opens with the template's default model when the user can use it.
 */
export async function startTemplateConversation(db: Db, actor: Actor, templateId: string): Promise<string> {
  const runnable = await resolveRunnable(db, actor, templateId);
  const preferred = runnable.snapshot.modelConfig.modelId;
  const usable = await usableModels(db, actor, { type: "chat" });
  const allowed = runnable.snapshot.allowedIntegrations;
  const fits = usable.filter((m) => m.type === "chat" && (!allowed.length || allowed.includes(m.provider)));
  const first = fits.find((m) => m.id === preferred) ?? fits[0];
  const conversation = await new ConversationModel(db, actor.id).create(
    {
      title: runnable.snapshot.name,
      participants: first ? [{ modelId: first.id, integrationId: null }] : [],
    },
    { templateId: runnable.templateId, versionId: runnable.versionId },
  );
  return conversation.id;
}
