"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { CatalogAdmin } from "@/lib/ai/catalog-admin";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";

const PATH = "/admin/models";

/** Form text to a number: empty means "not set"; anything else is left for lib to range-check. */
const optionalNumber = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? Number(v) : undefined));

const PRICE_KEYS = ["input", "output", "cachedInput", "cacheWrite", "perSecond"] as const;
export type PriceForm = Partial<Record<(typeof PRICE_KEYS)[number], string>>;

const priceForm = z
  .object(
    Object.fromEntries(PRICE_KEYS.map((k) => [k, optionalNumber])) as Record<
      (typeof PRICE_KEYS)[number],
      typeof optionalNumber
    >,
  )
  .transform((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));

const modelId = z.uuid("modelId must be a model id");

async function catalog() {
  const actor = await requireActor({ admin: true });
  return new CatalogAdmin(await getDb(), actor);
}

export async function setModelPricingAction(input: {
  modelId: string;
  pricing: PriceForm;
}): Promise<ActionResult> {
  return runAction(async () => {
    const data = parseInput(z.object({ modelId, pricing: priceForm }), input);
    await (await catalog()).setPricing(data.modelId, data.pricing, await currentRequestContext());
    revalidatePath(PATH);
    return undefined;
  });
}

export type PriceHistoryEntry = { effectiveFrom: string; pricing: Record<string, number | undefined> };

export async function modelPriceHistoryAction(input: {
  modelId: string;
}): Promise<ActionResult<PriceHistoryEntry[]>> {
  return runAction(async () => {
    const data = parseInput(z.object({ modelId }), input);
    const rows = await (await catalog()).priceHistory(data.modelId);
    return rows.map((r) => ({ effectiveFrom: r.effectiveFrom.toISOString(), pricing: r.pricing }));
  });
}

export async function setModelActiveAction(input: {
  modelId: string;
  active: boolean;
}): Promise<ActionResult> {
  return runAction(async () => {
    const data = parseInput(z.object({ modelId, active: z.boolean() }), input);
    await (await catalog()).setActive(data.modelId, data.active, await currentRequestContext());
    revalidatePath(PATH);
    return undefined;
  });
}

export type CustomModelForm = {
  integrationId: string;
  name: string;
  displayName: string;
  type: string;
  contextWindow: string;
  pricing: PriceForm;
};

const customModelForm = z.object({
  integrationId: z.string(),
  name: z.string(),
  displayName: z.string().trim().optional(),
  type: z.string(),
  contextWindow: optionalNumber,
  pricing: priceForm,
});

export async function addCustomModelAction(input: CustomModelForm): Promise<ActionResult<string>> {
  return runAction(async () => {
    const data = parseInput(customModelForm, input);
    const id = await (await catalog()).addCustomModel(
      { ...data, displayName: data.displayName || undefined },
      await currentRequestContext(),
    );
    revalidatePath(PATH);
    return id;
  });
}
