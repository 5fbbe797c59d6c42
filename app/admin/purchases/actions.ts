"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { currentRequestContext, requireActor } from "@/lib/auth/current";
import { type ActionResult, parseInput, runAction } from "@/lib/errors";
import { refundPurchase } from "@/lib/marketplace/purchases";

const refundInput = z.object({ purchaseId: z.uuid("purchaseId must be a purchase id") });

/** Refunds any completed purchase, whenever it was made: the buyer gets the price back. Audited. */
export async function adminRefundPurchaseAction(
  input: unknown,
): Promise<ActionResult<{ price: number; sellerPayout: number }>> {
  return runAction(async () => {
    const actor = await requireActor({ admin: true });
    const { purchaseId } = parseInput(refundInput, input);
    const row = await refundPurchase(await getDb(), actor, purchaseId, await currentRequestContext());
    revalidatePath("/admin/purchases");
    return { price: row.price, sellerPayout: row.sellerPayout };
  });
}
