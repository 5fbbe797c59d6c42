"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { refundPurchaseAction, upgradePurchaseAction } from "@/app/(app)/wallet/actions";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Modal } from "@/components/ui/dialog";
import type { PurchaseView } from "@/lib/wallet/view";
import { creditsLabel, creditsUsd } from "./format";

function Status({ p }: { p: PurchaseView }) {
  if (p.status === "refunded")
    return <Badge tone="warning">Refunded{p.refundedWhen ? ` ${p.refundedWhen}` : ""}</Badge>;
  if (p.status === "pending") return <Badge>Pending</Badge>;
  return <Badge tone="success">Owned</Badge>;
}

/** The templates the user bought: refund within the window, move to the newest version. */
export function Purchases({ purchases, refundDays }: { purchases: PurchaseView[]; refundDays: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [refunding, setRefunding] = useState<PurchaseView | null>(null);

  const refund = (p: PurchaseView) =>
    start(async () => {
      const res = await refundPurchaseAction({ purchaseId: p.id });
      setRefunding(null);
      if (res.ok)
        toast.success(`Refunded “${p.name}”: ${creditsLabel(res.data.price)} are back in your wallet.`);
      else toast.error(res.error.message);
      router.refresh();
    });

  const upgrade = (p: PurchaseView) =>
    start(async () => {
      const res = await upgradePurchaseAction({ purchaseId: p.id });
      if (res.ok) toast.success(`“${p.name}” now runs its newest version.`);
      else toast.error(res.error.message);
      router.refresh();
    });

  return (
    <Card role="region" aria-labelledby="purchases-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b p-4">
        <h2 id="purchases-heading" className="text-lg font-semibold">
          My purchases
        </h2>
        <p className="text-xs text-muted-foreground">
          Refunds are possible for {refundDays} days after purchase.
        </p>
      </div>
      {purchases.length === 0 ? (
        <p className="p-6 text-center text-sm text-muted-foreground">
          You have not bought a template yet.{" "}
          <Link href="/marketplace" className="font-medium text-primary underline underline-offset-4">
            Browse the marketplace
          </Link>
          .
        </p>
      ) : (
        <ul className="divide-y" data-testid="wallet-purchases">
          {purchases.map((p) => (
            <li
              key={p.id}
              className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
              data-testid="purchase-row"
            >
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/marketplace/${p.slug}`}
                    className="truncate font-medium text-primary underline-offset-4 hover:underline"
                  >
                    {p.name}
                  </Link>
                  <Status p={p} />
                </p>
                <p className="mt-0.5 text-xs text-muted-foreground">
                  {p.price === 0 ? "Free" : `${creditsLabel(p.price)} (${creditsUsd(p.price)})`} · bought{" "}
                  {p.when}
                  {p.refundableUntil ? ` · refundable until ${p.refundableUntil}` : ""}
                </p>
              </div>
              <div className="flex flex-wrap gap-2 sm:justify-end">
                {p.updatable ? (
                  <Button size="sm" variant="outline" disabled={pending} onClick={() => upgrade(p)}>
                    Update to newest version
                  </Button>
                ) : null}
                {p.refundableUntil ? (
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={pending}
                    onClick={() => setRefunding(p)}
                    aria-label={`Refund ${p.name}`}
                  >
                    Refund
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Modal
        open={refunding !== null}
        onOpenChange={(open) => {
          if (!open) setRefunding(null);
        }}
        title={refunding ? `Refund “${refunding.name}”?` : "Refund"}
        description={
          refunding
            ? `${creditsLabel(refunding.price)} go back to your wallet. You lose access to the template, and your rating of it is withdrawn.`
            : undefined
        }
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => setRefunding(null)} disabled={pending}>
            Keep it
          </Button>
          <Button variant="danger" disabled={pending} onClick={() => refunding && refund(refunding)}>
            {pending ? "Refunding…" : "Refund"}
          </Button>
        </div>
      </Modal>
    </Card>
  );
}
