import type { Metadata } from "next";
import Link from "next/link";
import { ModerationActions } from "@/components/admin/moderation-actions";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";
import { moderationQueue } from "@/lib/marketplace/community";

export const metadata: Metadata = { title: "Moderation" };

const STATUS = {
  published: { label: "Listed", tone: "success" },
  unlisted: { label: "Unlisted", tone: "neutral" },
  draft: { label: "Draft", tone: "neutral" },
  removed: { label: "Removed", tone: "danger" },
} as const;

export default async function ModerationPage() {
  const admin = await requireAdminPage();
  const queue = await moderationQueue(await getDb(), { id: admin.id, role: admin.role });
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="Moderation"
        description="Marketplace listings people reported, most reported first. Every decision is audited."
      />
      {queue.length === 0 ? (
        <EmptyState title="No open reports">
          When someone reports a listing it appears here, with their reason.
        </EmptyState>
      ) : (
        <ul className="space-y-4" data-testid="moderation-queue">
          {queue.map((listing) => (
            <li key={listing.id}>
              <Card
                className="p-4 md:p-5"
                role="article"
                aria-labelledby={`listing-${listing.id}`}
                data-testid="moderation-item"
              >
                <div className="flex flex-col gap-3 md:flex-row md:items-start md:justify-between">
                  <div className="min-w-0">
                    <h2
                      id={`listing-${listing.id}`}
                      className="flex flex-wrap items-center gap-2 font-semibold"
                    >
                      <Link
                        href={`/marketplace/${listing.slug}`}
                        className="text-primary underline-offset-4 hover:underline"
                      >
                        {listing.name}
                      </Link>
                      <Badge tone={STATUS[listing.listingStatus]?.tone ?? "neutral"}>
                        {STATUS[listing.listingStatus]?.label ?? listing.listingStatus}
                      </Badge>
                      <Badge tone="warning">
                        {listing.reports} open report{listing.reports === 1 ? "" : "s"}
                      </Badge>
                    </h2>
                    <p className="mt-0.5 text-sm text-muted-foreground">
                      by {listing.creator} ·{" "}
                      <Link href={`/templates/${listing.id}`} className="text-primary hover:underline">
                        Inspect prompt and tools
                      </Link>
                    </p>
                  </div>
                  <ModerationActions
                    listing={{ id: listing.id, name: listing.name, reports: listing.reports }}
                  />
                </div>
                <ul className="mt-4 divide-y rounded-md border text-sm">
                  {listing.items.map((r) => (
                    <li key={r.id} className="p-3">
                      <p className="whitespace-pre-wrap break-words">{r.reason}</p>
                      <p className="mt-1 text-xs text-muted-foreground">
                        {r.reporter} · {formatDateTime(r.createdAt, admin.timezone)}
                      </p>
                    </li>
                  ))}
                </ul>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
