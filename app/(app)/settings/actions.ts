"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { ProfileModel } from "@/lib/account/profile";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { SessionModel } from "@/lib/auth/sessions";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";

export async function updateProfileAction(input: { name: string; timezone: string }): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    await new ProfileModel(await getDb(), actor.id).update(input, await currentRequestContext());
    revalidatePath("/", "layout");
    return undefined;
  });
}

export async function changePasswordAction(input: {
  currentPassword: string;
  newPassword: string;
}): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    await new ProfileModel(await getDb(), actor.id).changePassword(
      input,
      actor.user.sessionId,
      await currentRequestContext(),
    );
    revalidatePath("/settings/security");
    return undefined;
  });
}

const sessionIdInput = z.object({ sessionId: z.uuid("sessionId must be a session id") });

export async function revokeSessionAction(input: { sessionId: string }): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    const { sessionId } = parseInput(sessionIdInput, input);
    await new SessionModel(await getDb(), actor.id).revoke(sessionId, await currentRequestContext());
    revalidatePath("/settings/security");
    return undefined;
  });
}

export async function revokeOtherSessionsAction(): Promise<ActionResult<number>> {
  return runAction(async () => {
    const actor = await requireActor();
    const n = await new SessionModel(await getDb(), actor.id).revokeOthers(
      actor.user.sessionId,
      await currentRequestContext(),
    );
    revalidatePath("/settings/security");
    return n;
  });
}
