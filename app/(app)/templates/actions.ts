"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, runAction } from "@/lib/errors";
import { rateTemplate, reportTemplate } from "@/lib/marketplace/community";
import { purchaseTemplate } from "@/lib/marketplace/purchases";
import { startTemplateConversation } from "@/lib/marketplace/start-chat";
import { TemplateModel } from "@/lib/marketplace/templates";

async function templates() {
  const actor = await requireActor();
  return { model: new TemplateModel(await getDb(), actor), actor };
}

export async function createTemplateAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const { model } = await templates();
    const row = await model.create(input, await currentRequestContext());
    revalidatePath("/templates");
    return { id: row.id };
  });
}

export async function updateTemplateAction(id: string, input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const { model } = await templates();
    await model.update(String(id), input, await currentRequestContext());
    revalidatePath(`/templates/${id}`);
    return undefined;
  });
}

export async function publishVersionAction(
  id: string,
  input: unknown,
): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const { model } = await templates();
    const v = await model.publishVersion(String(id), input, await currentRequestContext());
    revalidatePath(`/templates/${id}`);
    return { version: v.version };
  });
}

export async function publishListingAction(
  id: string,
  input: unknown,
): Promise<ActionResult<{ slug: string }>> {
  return runAction(async () => {
    const { model } = await templates();
    const row = await model.publishListing(String(id), input, await currentRequestContext());
    revalidatePath(`/templates/${id}`);
    revalidatePath("/marketplace");
    return { slug: row.slug };
  });
}

export async function unpublishListingAction(id: string): Promise<ActionResult> {
  return runAction(async () => {
    const { model } = await templates();
    await model.unpublishListing(String(id), await currentRequestContext());
    revalidatePath(`/templates/${id}`);
    revalidatePath("/marketplace");
    return undefined;
  });
}

export async function deleteTemplateAction(id: string): Promise<ActionResult> {
  return runAction(async () => {
    const { model } = await templates();
    await model.remove(String(id), await currentRequestContext());
    revalidatePath("/templates");
    return undefined;
  });
}

/** Starts a conversation with a template the user may run and opens it. */
export async function startTemplateChatAction(templateId: string): Promise<ActionResult> {
  let conversationId = "";
  const result = await runAction(async () => {
    const actor = await requireActor();
    conversationId = await startTemplateConversation(await getDb(), actor, String(templateId));
    return undefined;
  });
  if (result.ok) redirect(`/chat/${conversationId}`);
  return result;
}

export async function purchaseAction(input: {
  templateId: string;
  idempotencyKey: string;
}): Promise<ActionResult<{ price: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const p = await purchaseTemplate(await getDb(), actor, input, await currentRequestContext());
    revalidatePath("/marketplace");
    return { price: p.price };
  });
}

export async function rateAction(templateId: string, input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    await rateTemplate(await getDb(), actor, String(templateId), input, await currentRequestContext());
    return undefined;
  });
}

export async function reportAction(templateId: string, input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    await reportTemplate(await getDb(), actor, String(templateId), input, await currentRequestContext());
    return undefined;
  });
}
