"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { usableModels } from "@/lib/ai/models";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";
import { deleteLearned, derivePatterns, setLearning } from "@/lib/learning/patterns";
import { type Suggestions, suggestionsFor } from "@/lib/learning/suggestions";

const learningInput = z.object({ enabled: z.boolean({ error: "enabled must be true or false" }) });

/** Learning on or off; turning it on derives the patterns at once so the page reflects them. */
export async function setLearningAction(input: { enabled: boolean }): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    const { enabled } = parseInput(learningInput, input);
    const db = await getDb();
    await setLearning(db, actor.id, enabled, await currentRequestContext());
    if (enabled) await derivePatterns(db, actor.id);
    revalidatePath("/insights");
    return undefined;
  });
}

/** "Delete what was learned": returns how many patterns were removed. */
export async function deleteLearnedAction(): Promise<ActionResult<number>> {
  return runAction(async () => {
    const actor = await requireActor();
    const n = await deleteLearned(await getDb(), actor.id, await currentRequestContext());
    revalidatePath("/insights");
    return n;
  });
}

const suggestionsInput = z.object({
  category: z.string().trim().max(100).nullable().default(null),
});

/**
 * What the chat UI can use: suggested models (marked in the picker), the "Best quality" and "Best
 * value" presets, and the default fuser, among the models this user can call now.
 */
export async function suggestionsAction(
  input: { category?: string | null } = {},
): Promise<ActionResult<Suggestions>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { category } = parseInput(suggestionsInput, input ?? {});
    const db = await getDb();
    const available = (await usableModels(db, actor, { type: "chat" })).map((m) => m.id);
    return suggestionsFor(db, actor.id, { category, available });
  });
}
