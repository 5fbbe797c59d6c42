"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";
import { moderate } from "@/lib/marketplace/community";

const moderationInput = z.object({
  templateId: z.uuid("templateId must be a template id"),
  decision: z.enum(["dismiss", "remove"], "decision must be dismiss or remove"),
});

/** Resolves every open report of one listing: dismiss them, or remove the listing. */
export async function moderateListingAction(input: unknown): Promise<ActionResult<{ resolved: number }>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const { templateId, decision } = parseInput(moderationInput, input);
    const result = await moderate(await getDb(), actor, templateId, decision, await currentRequestContext());
    revalidatePath("/admin/moderation");
    return result;
  });
}
