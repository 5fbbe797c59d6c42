import "server-only";
import type { Db } from "@/db/client";
import { PROVIDER_SLUGS } from "@/db/schema";
import { CATALOG } from "@/lib/ai/catalog";
import { usableModels } from "@/lib/ai/models";
import type { Actor } from "@/lib/auth/actor";

/** The choices the template editor offers: the user's usable chat models and every provider. */
export async function editorOptions(db: Db, actor: Actor) {
  const models = (await usableModels(db, actor, { type: "chat" }))
    .filter((m) => m.type === "chat")
    .map((m) => ({ id: m.id, label: `${m.displayName} (${m.providerName})` }));
  const providers = PROVIDER_SLUGS.map((slug) => ({
    id: slug,
    label: CATALOG.find((p) => p.slug === slug)?.name ?? slug,
  }));
  return { models, providers };
}
