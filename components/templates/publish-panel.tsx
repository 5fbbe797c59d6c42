"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import {
  deleteTemplateAction,
  publishListingAction,
  publishVersionAction,
  startTemplateChatAction,
  unpublishListingAction,
} from "@/app/(app)/templates/actions";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input, Textarea } from "@/components/ui/input";

export type PublishState = {
  id: string;
  slug: string;
  version: number | null;
  listingStatus: string;
  priceCredits: number;
  salesCount: number;
  usageCount: number;
};

/** Publish a version, list it (free or for credits), unlist, try it in chat, delete. */
export function PublishPanel({ t }: { t: PublishState }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [versionError, setVersionError] = useState<string>();
  const [priceError, setPriceError] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const listed = t.listingStatus === "published";

  return (
    <Card className="space-y-5 p-5">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="font-semibold">Publishing</h2>
        <Badge tone={listed ? "success" : t.listingStatus === "removed" ? "danger" : "neutral"}>
          {listed
            ? "Listed"
            : t.listingStatus === "removed"
              ? "Removed by a moderator"
              : t.listingStatus === "unlisted"
                ? "Unlisted"
                : "Draft"}
        </Badge>
        {t.version ? <Badge tone="primary">v{t.version}</Badge> : null}
      </div>

      <form
        aria-label="Publish a version"
        className="space-y-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const changelog = String(new FormData(form).get("changelog") ?? "");
          start(async () => {
            const res = await publishVersionAction(t.id, { changelog });
            if (!res.ok) return setVersionError(res.error.message.replace(/^changelog: /, ""));
            setVersionError(undefined);
            form.reset();
            toast.success(`Version ${res.data.version} published`);
            router.refresh();
          });
        }}
      >
        <Field
          id="changelog"
          label="Changelog"
          hint="What changed since the last version. Publishes the saved draft."
          error={versionError}
        >
          <Textarea
            id="changelog"
            name="changelog"
            className="min-h-16 font-sans"
            {...describedBy("changelog", versionError, true)}
          />
        </Field>
        <Button type="submit" variant="outline" disabled={pending}>
          Publish version {t.version ? t.version + 1 : 1}
        </Button>
      </form>

      <form
        aria-label="Marketplace listing"
        className="space-y-2"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const raw = String(new FormData(e.currentTarget).get("priceCredits") ?? "").trim();
          start(async () => {
            const res = await publishListingAction(t.id, {
              priceCredits: raw === "" ? Number.NaN : Number(raw),
            });
            if (!res.ok) return setPriceError(res.error.message.replace(/^priceCredits: /, ""));
            setPriceError(undefined);
            toast.success(listed ? "Listing updated" : "Listed in the marketplace");
            router.refresh();
          });
        }}
      >
        <Field
          id="priceCredits"
          label="Price (credits)"
          hint="0 = free. 1 credit = $0.01. You receive 70% of each sale (rounded down); the platform keeps the rest."
          error={priceError}
        >
          <Input
            id="priceCredits"
            name="priceCredits"
            inputMode="numeric"
            defaultValue={t.priceCredits}
            {...describedBy("priceCredits", priceError, true)}
          />
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending || t.listingStatus === "removed"}>
            {listed ? "Update listing" : "Publish to marketplace"}
          </Button>
          {listed ? (
            <Button
              type="button"
              variant="outline"
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const res = await unpublishListingAction(t.id);
                  if (!res.ok) return void toast.error(res.error.message);
                  toast.success("Unlisted: buyers keep access, nobody new can buy it");
                  router.refresh();
                })
              }
            >
              Unpublish
            </Button>
          ) : null}
          {listed ? (
            <Button asChild variant="ghost">
              <Link href={`/marketplace/${t.slug}`}>View listing</Link>
            </Button>
          ) : null}
        </div>
      </form>

      <div className="flex flex-wrap gap-2 border-t pt-4">
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const res = await startTemplateChatAction(t.id);
              if (res && !res.ok) toast.error(res.error.message);
            })
          }
        >
          Try it in chat
        </Button>
        <Button type="button" variant="ghost" className="text-danger" onClick={() => setConfirmDelete(true)}>
          Delete template
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">
        {t.salesCount} sale{t.salesCount === 1 ? "" : "s"} · {t.usageCount} use{t.usageCount === 1 ? "" : "s"}
      </p>
      <Modal
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this template?"
        description="It leaves the marketplace. People who bought it keep running the version they own."
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const res = await deleteTemplateAction(t.id);
                if (!res.ok) return void toast.error(res.error.message);
                toast.success("Template deleted");
                router.push("/templates");
              })
            }
          >
            Delete
          </Button>
        </div>
      </Modal>
    </Card>
  );
}
