import { z } from "zod";
import type { Db } from "@/db/client";
import type { RequestContext } from "@/lib/audit";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { AppError, parseInput } from "@/lib/errors";
import { getSetting, setSetting } from "@/lib/settings";
import { usableModels } from "./models";

/** What the first-run guide shows: the chat models the admin can use now, and the instance's defaults. */
export type FirstRunState = {
  models: { id: string; displayName: string; providerName: string; shared: boolean }[];
  defaults: string[];
};

export async function firstRunState(db: Db, actor: Actor): Promise<FirstRunState> {
  requireAdmin(actor);
  const [models, defaults] = await Promise.all([
    usableModels(db, actor, { type: "chat" }),
    getSetting(db, "defaultChatModels"),
  ]);
  const chat = models.filter((m) => m.type === "chat");
  return {
    models: chat.map((m) => ({
      id: m.id,
      displayName: m.displayName,
      providerName: m.providerName,
      shared: m.integrations.some((i) => i.shared),
    })),
    defaults: defaults.filter((id) => chat.some((m) => m.id === id)),
  };
}

const defaultsInput = z.object({
  modelIds: z
    .array(z.uuid("Choose models from the list."))
    .min(1, "Choose at least one model.")
    .max(8, "Choose at most 8 models."),
});

/**
 * The models every new chat starts with (for people who have not picked their own in that browser).
 * Only models reachable through a shared integration qualify: a default must work for everyone.
 */
export async function setDefaultChatModels(
  db: Db,
  actor: Actor,
  input: unknown,
  ctx: RequestContext,
): Promise<string[]> {
  requireAdmin(actor);
  const { modelIds } = parseInput(defaultsInput, input);
  const unique = [...new Set(modelIds)];
  const usable = await usableModels(db, actor, { type: "chat" });
  for (const id of unique) {
    const model = usable.find((m) => m.id === id && m.type === "chat");
    if (!model)
      throw new AppError("validation_failed", "modelIds: That model is not available.", {
        field: "modelIds",
      });
    if (!model.integrations.some((i) => i.shared))
      throw new AppError(
        "validation_failed",
        `modelIds: ${model.displayName} runs on your own key only; defaults must use a shared integration.`,
        { field: "modelIds" },
      );
  }
  return setSetting(db, actor, "defaultChatModels", unique, ctx);
}
