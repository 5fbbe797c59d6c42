"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, AppError, parseInput, runAction } from "@/lib/errors";
import { getSetting, setSetting } from "@/lib/settings";
import { embeddingChoices, invalidateEmbeddings } from "@/lib/terminology/embeddings";

const PATH = "/admin/settings";

const allowlistInput = z.object({ outboundAllowlist: z.string().max(20_000, "The list is too long.") });

/** lib names a bad entry by its index; the form has one textarea, so name the entry instead. */
function explainAllowlistError(err: unknown, hosts: string[]): unknown {
  if (!(err instanceof AppError) || err.code !== "validation_failed") return err;
  const index = Number(err.field);
  const reason = err.message.replace(/^[\w.]+: /, "");
  const message =
    err.field && Number.isInteger(index) && hosts[index] !== undefined
      ? `“${hosts[index]}” is not a host pattern: ${reason}.`
      : reason;
  return new AppError("validation_failed", message, { field: "outboundAllowlist" });
}

export async function saveOutboundAllowlistAction(input: {
  outboundAllowlist: string;
}): Promise<ActionResult<string[]>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const { outboundAllowlist } = parseInput(allowlistInput, input);
    const hosts = outboundAllowlist
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    const saved = await setSetting(
      await getDb(),
      actor,
      "outboundAllowlist",
      hosts,
      await currentRequestContext(),
    ).catch((err: unknown) => {
      throw explainAllowlistError(err, hosts);
    });
    revalidatePath(PATH);
    return saved;
  });
}

const markupInput = z.object({
  sharedMarkupPercent: z
    .string()
    .trim()
    .min(1, "Enter a percentage; 0 means calls are charged at cost.")
    .transform(Number)
    .pipe(
      z
        .number({ error: "Enter a number, like 10 or 12.5." })
        .min(0, "The markup cannot be negative.")
        .max(1000, "Use at most 1000%."),
    ),
});

export async function saveSharedMarkupAction(input: {
  sharedMarkupPercent: string;
}): Promise<ActionResult<number>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const { sharedMarkupPercent } = parseInput(markupInput, input);
    const saved = await setSetting(
      await getDb(),
      actor,
      "sharedMarkupPercent",
      sharedMarkupPercent,
      await currentRequestContext(),
    );
    revalidatePath(PATH);
    return saved;
  });
}

const adminLimitsInput = z.object({
  adminsExemptFromPlanLimits: z.boolean({ error: "Choose whether administrators are exempt." }),
  chargeAdminsForSharedIntegrations: z.boolean({ error: "Choose whether administrators are charged." }),
});

/** Both administrator settings; each one that changed is written (and audited) on its own. */
export async function saveAdminLimitsAction(input: {
  adminsExemptFromPlanLimits: boolean;
  chargeAdminsForSharedIntegrations: boolean;
}): Promise<ActionResult<z.infer<typeof adminLimitsInput>>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const data = parseInput(adminLimitsInput, input);
    const db = await getDb();
    const ctx = await currentRequestContext();
    for (const key of ["adminsExemptFromPlanLimits", "chargeAdminsForSharedIntegrations"] as const) {
      if ((await getSetting(db, key)) !== data[key]) await setSetting(db, actor, key, data[key], ctx);
    }
    revalidatePath(PATH);
    revalidatePath("/admin/plans");
    return data;
  });
}

const embeddingDefaultInput = z.object({
  embeddingModel: z.union([z.literal("off"), z.uuid()], {
    error: "embeddingModel: choose an embedding model or “Off”.",
  }),
});

/** The instance's default embedding model; when it changes, vectors of users who follow it are redone. */
export async function saveEmbeddingModelDefaultAction(input: {
  embeddingModel: string;
}): Promise<ActionResult<{ changed: boolean }>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const { embeddingModel } = parseInput(embeddingDefaultInput, input);
    const db = await getDb();
    const value = embeddingModel === "off" ? null : embeddingModel;
    if (value && !(await embeddingChoices(db)).some((m) => m.id === value)) {
      throw new AppError("validation_failed", "That is not an active embedding model of the catalog.", {
        field: "embeddingModel",
      });
    }
    if ((await getSetting(db, "embeddingModel")) === value) return { changed: false };
    await setSetting(db, actor, "embeddingModel", value, await currentRequestContext());
    await invalidateEmbeddings(db, null);
    revalidatePath(PATH);
    return { changed: true };
  });
}
