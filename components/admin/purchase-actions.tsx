"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { adminRefundPurchaseAction } from "@/app/admin/purchases/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { creditsLabel } from "@/components/wallet/format";

export type RefundablePurchase = {
  id: string;
  templateName: string;
  buyerEmail: string;
  sellerEmail: string;
  price: number;
  sellerPayout: number;
};

/** "Refund" (confirmed) for one completed purchase; admins may refund at any time. */
export function PurchaseActions({ purchase }: { purchase: RefundablePurchase }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);

  const refund = () =>
    start(async () => {
      const res = await adminRefundPurchaseAction({ purchaseId: purchase.id });
      setConfirming(false);
      if (res.ok)
        toast.success(
          `Refunded “${purchase.templateName}”: ${creditsLabel(res.data.price)} went back to ${purchase.buyerEmail}.`,
        );
      else toast.error(res.error.message);
      router.refresh();
    });

  return (
    <>
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() => setConfirming(true)}
        aria-label={`Refund ${purchase.templateName} bought by ${purchase.buyerEmail}`}
      >
        Refund
      </Button>
      <Modal
        open={confirming}
        onOpenChange={setConfirming}
        title={`Refund “${purchase.templateName}”?`}
        description={`${purchase.buyerEmail} gets the price back (${creditsLabel(purchase.price)}), the seller ${purchase.sellerEmail} loses the ${creditsLabel(purchase.sellerPayout)} payout, and the buyer's access to the template ends. This cannot be undone.`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={refund} disabled={pending}>
            {pending ? "Refunding…" : "Refund purchase"}
          </Button>
        </div>
      </Modal>
    </>
  );
}
