"use client";

import { Flag, Star } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  purchaseAction,
  rateAction,
  reportAction,
  startTemplateChatAction,
} from "@/app/(app)/templates/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Textarea } from "@/components/ui/input";
import { cn } from "@/lib/utils";

type Listing = {
  id: string;
  name: string;
  priceCredits: number;
  latestVersion: number | null;
  listed: boolean;
};
type Viewer = {
  isCreator: boolean;
  canUse: boolean;
  canRate: boolean;
  myRating: { rating: number; review: string | null } | null;
  purchase: { id: string; pinnedVersion: number | null; refundableUntil: string } | null;
  balance: number;
};

const credits = (n: number) => `${n.toLocaleString("en-US")} credit${n === 1 ? "" : "s"}`;

/** Buy, start a chat, rate and report — whichever the viewer may do. */
export function ListingActions({ listing, viewer }: { listing: Listing; viewer: Viewer }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [buying, setBuying] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  const [reportError, setReportError] = useState<string>();
  const [rating, setRating] = useState(viewer.myRating?.rating ?? 0);
  const [rateError, setRateError] = useState<string>();
  const price = listing.priceCredits;

  const startChat = () =>
    start(async () => {
      const res = await startTemplateChatAction(listing.id);
      if (res && !res.ok) toast.error(res.error.message);
    });

  return (
    <>
      <Card className="space-y-4 p-5">
        <p className="text-2xl font-semibold">{price ? credits(price) : "Free"}</p>
        {viewer.isCreator ? (
          <div className="space-y-2 text-sm">
            <p className="text-muted-foreground">This is your template.</p>
            <Button asChild variant="outline" className="w-full">
              <Link href={`/templates/${listing.id}`}>Edit template</Link>
            </Button>
          </div>
        ) : null}
        {viewer.purchase ? (
          <div className="space-y-1 text-sm">
            <p className="font-medium text-success">You own this template</p>
            <p className="text-muted-foreground">
              You run version {viewer.purchase.pinnedVersion ?? "?"}
              {listing.latestVersion &&
              viewer.purchase.pinnedVersion &&
              listing.latestVersion > viewer.purchase.pinnedVersion
                ? ` — version ${listing.latestVersion} is out; update for free in your wallet.`
                : "."}
            </p>
            <Link href="/wallet" className="text-primary hover:underline">
              Manage purchase (update, refund)
            </Link>
          </div>
        ) : null}
        {viewer.canUse ? (
          <Button className="w-full" onClick={startChat} disabled={pending}>
            {pending ? "Opening…" : "Start a chat"}
          </Button>
        ) : price > 0 && listing.listed ? (
          <div className="space-y-2">
            <Button className="w-full" onClick={() => setBuying(crypto.randomUUID())} disabled={pending}>
              Buy for {credits(price)}
            </Button>
            <p className="text-xs text-muted-foreground">
              Your balance: {credits(viewer.balance)}.{" "}
              {viewer.balance < price ? (
                <Link href="/wallet" className="text-primary hover:underline">
                  Add credits
                </Link>
              ) : null}
            </p>
          </div>
        ) : null}
        <p className="text-xs text-muted-foreground">
          Paid templates run on Prism's servers: buyers get the agent, not its prompt. Refunds within 7 days.
        </p>
      </Card>

      {viewer.canRate ? (
        <Card className="p-5">
          <form
            aria-label="Rate this template"
            noValidate
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              const review = String(new FormData(e.currentTarget).get("review") ?? "");
              start(async () => {
                const res = await rateAction(listing.id, { rating, review: review || undefined });
                if (!res.ok) return setRateError(res.error.message.replace(/^rating: /, ""));
                setRateError(undefined);
                toast.success(viewer.myRating ? "Rating updated" : "Thanks for rating");
                router.refresh();
              });
            }}
          >
            <fieldset>
              <legend className="mb-1 text-sm font-medium">
                {viewer.myRating ? "Your rating" : "Rate it"}
              </legend>
              <div className="flex gap-1" role="radiogroup" aria-label="Stars">
                {[1, 2, 3, 4, 5].map((i) => (
                  <button
                    key={i}
                    type="button"
                    role="radio"
                    aria-checked={rating === i}
                    aria-label={`${i} star${i === 1 ? "" : "s"}`}
                    onClick={() => setRating(i)}
                    className="rounded p-0.5 focus-visible:outline-2 focus-visible:outline-ring"
                  >
                    <Star
                      aria-hidden="true"
                      className={cn(
                        "h-6 w-6",
                        i <= rating ? "fill-warning text-warning" : "text-muted-foreground",
                      )}
                    />
                  </button>
                ))}
              </div>
            </fieldset>
            <Field id="review" label="Review (optional)" error={rateError}>
              <Textarea
                id="review"
                name="review"
                className="min-h-20 font-sans"
                defaultValue={viewer.myRating?.review ?? ""}
                {...describedBy("review", rateError)}
              />
            </Field>
            <Button type="submit" variant="outline" disabled={pending || rating === 0}>
              {viewer.myRating ? "Update rating" : "Submit rating"}
            </Button>
          </form>
        </Card>
      ) : null}

      {!viewer.isCreator ? (
        <Button
          variant="ghost"
          size="sm"
          className="text-muted-foreground"
          onClick={() => setReporting(true)}
        >
          <Flag aria-hidden="true" className="mr-1 h-4 w-4" /> Report this listing
        </Button>
      ) : null}

      <Modal
        open={buying !== null}
        onOpenChange={(open) => !open && setBuying(null)}
        title={`Buy “${listing.name}”?`}
        description={`${credits(price)} leave your wallet (balance ${credits(viewer.balance)}). You can refund within 7 days.`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => setBuying(null)}>
            Cancel
          </Button>
          <Button
            disabled={pending}
            onClick={() => {
              const key = buying;
              if (!key) return;
              start(async () => {
                const res = await purchaseAction({ templateId: listing.id, idempotencyKey: key });
                if (!res.ok) return void toast.error(res.error.message);
                setBuying(null);
                toast.success(`Purchased for ${credits(res.data.price)}. Start a chat with it.`);
                router.refresh();
              });
            }}
          >
            {pending ? "Buying…" : `Pay ${credits(price)}`}
          </Button>
        </div>
      </Modal>

      <Modal
        open={reporting}
        onOpenChange={setReporting}
        title="Report this listing"
        description="Moderators review every report."
      >
        <form
          noValidate
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const reason = String(new FormData(e.currentTarget).get("reason") ?? "");
            start(async () => {
              const res = await reportAction(listing.id, { reason });
              if (!res.ok) return setReportError(res.error.message.replace(/^reason: /, ""));
              setReportError(undefined);
              setReporting(false);
              toast.success("Reported. Thank you.");
            });
          }}
        >
          <Field id="report-reason" label="What is wrong?" error={reportError}>
            <Textarea
              id="report-reason"
              name="reason"
              className="font-sans"
              {...describedBy("report-reason", reportError)}
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="outline" onClick={() => setReporting(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              Send report
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
