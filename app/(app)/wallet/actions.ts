"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { statement } from "@/lib/billing/ledger";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";
import { refundPurchase, upgradePurchase } from "@/lib/marketplace/purchases";
import { pageOf, STATEMENT_PAGE_SIZE, type StatementRow } from "@/lib/wallet/view";

const purchaseInput = z.object({ purchaseId: z.uuid("purchaseId must be a purchase id") });

/** The next page of the signed-in user's statement, after the line `afterEntry` (its id). */
export async function loadStatementAction(
  input: unknown,
): Promise<ActionResult<{ rows: StatementRow[]; hasMore: boolean }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { afterEntry } = parseInput(
      z.object({ afterEntry: z.uuid("afterEntry must be a statement line id") }),
      input,
    );
    const lines = await statement(await getDb(), actor.id, { limit: STATEMENT_PAGE_SIZE + 1, afterEntry });
    return pageOf(lines, actor.user.timezone);
  });
}

export async function refundPurchaseAction(input: unknown): Promise<ActionResult<{ price: number }>> {
  return runAction(async () => {
    const actor = await requireActor();
    const { purchaseId } = parseInput(purchaseInput, input);
    const row = await refundPurchase(await getDb(), actor, purchaseId, await currentRequestContext());
    revalidatePath("/wallet");
    return { price: row.price };
  });
}

export async function upgradePurchaseAction(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const actor = await requireActor();
    const { purchaseId } = parseInput(purchaseInput, input);
    await upgradePurchase(await getDb(), actor, purchaseId, await currentRequestContext());
    revalidatePath("/wallet");
    return undefined;
  });
}
