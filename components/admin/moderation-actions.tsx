"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { moderateListingAction } from "@/app/admin/moderation/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";

/** "Dismiss reports" and "Remove listing" (confirmed) for one reported listing. */
export function ModerationActions({ listing }: { listing: { id: string; name: string; reports: number } }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const reports = `${listing.reports} report${listing.reports === 1 ? "" : "s"}`;

  const decide = (decision: "dismiss" | "remove") =>
    start(async () => {
      const res = await moderateListingAction({ templateId: listing.id, decision });
      setConfirming(false);
      if (res.ok)
        toast.success(
          decision === "remove"
            ? `“${listing.name}” was removed from the marketplace.`
            : `Dismissed ${res.data.resolved} report${res.data.resolved === 1 ? "" : "s"} on “${listing.name}”.`,
        );
      else toast.error(res.error.message);
      router.refresh();
    });

  return (
    <div className="flex flex-wrap gap-2">
      <Button
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() => decide("dismiss")}
        aria-label={`Dismiss reports on ${listing.name}`}
      >
        Dismiss reports
      </Button>
      <Button
        size="sm"
        variant="danger"
        disabled={pending}
        onClick={() => setConfirming(true)}
        aria-label={`Remove listing ${listing.name}`}
      >
        Remove listing
      </Button>
      <Modal
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove “${listing.name}”?`}
        description={`It leaves the marketplace for good (the creator cannot list it again) and its ${reports} are marked actioned. People who bought it keep the version they own.`}
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => decide("remove")} disabled={pending}>
            {pending ? "Removing…" : "Remove listing"}
          </Button>
        </div>
      </Modal>
    </div>
  );
}
