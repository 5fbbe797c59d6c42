"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";
import { RetentionAdmin, runRetention } from "@/lib/governance/retention";

export async function updatePolicyAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const { id, ...rest } = parseInput(
      z.object({ id: z.uuid("id must be a policy id") }).passthrough(),
      input,
    );
    await new RetentionAdmin(await getDb(), actor).update(id, rest, await currentRequestContext());
    revalidatePath("/admin/retention");
    return undefined;
  });
}

export async function runRetentionNowAction(): Promise<ActionResult<{ deleted: number; busy: boolean }>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const db = await getDb();
    new RetentionAdmin(db, actor);
    const results = await runRetention(db);
    revalidatePath("/admin/retention");
    return { deleted: results?.reduce((n, r) => n + r.deleted, 0) ?? 0, busy: results === null };
  });
}
