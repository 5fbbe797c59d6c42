"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, runAction } from "@/lib/errors";
import { type QualityPreferences, setQualityPreferences } from "@/lib/quality/preferences";

/** Saves the default judge model and whether every compare is assessed automatically. */
export async function saveQualityPreferencesAction(input: {
  judgeModelId: string | null;
  autoAssessCompare: boolean;
}): Promise<ActionResult<QualityPreferences>> {
  return runAction(async () => {
    const actor = await requireActor();
    const saved = await setQualityPreferences(await getDb(), actor, input, await currentRequestContext());
    revalidatePath("/settings/quality");
    return saved;
  });
}
