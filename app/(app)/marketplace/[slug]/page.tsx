import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ListingActions } from "@/components/marketplace/listing-actions";
import { Stars } from "@/components/marketplace/stars";
import { Avatar } from "@/components/templates/avatar";
import { Badge, Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { balanceOf } from "@/lib/billing/ledger";
import { ensureMonthlyAllowance } from "@/lib/billing/wallet";
import { AppError } from "@/lib/errors";
import { listingDetail } from "@/lib/marketplace/browse";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

/** The listing for the signed-in viewer, loaded once per request (metadata and page share it). */
const loadListing = cache(async (slug: string) => {
  const actor = await requireActor();
  return listingDetail(await getDb(), actor, slug).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const detail = await loadListing((await params).slug);
  return { title: detail?.name ?? "Listing" };
}

/** A listing: what it does, who made it, how it is rated, its versions and examples. Never its prompt. */
export default async function ListingPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requireActor();
  const db = await getDb();
  const detail = await loadListing(slug);
  if (!detail) notFound();
  await ensureMonthlyAllowance(db, actor.id);
  const balance = await balanceOf(db, actor.id);
  const v = detail.viewer;
  return (
    <div className="mx-auto max-w-5xl p-4 sm:p-6">
      <Link href="/marketplace" className="text-sm text-muted-foreground hover:underline">
        ← Marketplace
      </Link>
      <div className="mt-3">
        <div className="flex items-start gap-4">
          <Avatar value={detail.avatarUrl} name={detail.name} size="lg" />
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight">{detail.name}</h1>
            <p className="text-sm text-muted-foreground">
              by <span className="font-medium text-foreground">{detail.creator}</span>
              {detail.category ? <span className="capitalize"> · {detail.category}</span> : null}
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-muted-foreground">
              <Stars value={detail.rating} count={detail.ratingCount} />
              <span>{detail.usageCount.toLocaleString("en-US")} uses</span>
              <span>{detail.salesCount.toLocaleString("en-US")} sales</span>
              {detail.listingStatus !== "published" ? (
                <Badge tone="warning">{detail.listingStatus === "removed" ? "Removed" : "Not listed"}</Badge>
              ) : null}
            </div>
            {detail.tags.length ? (
              <ul className="mt-2 flex flex-wrap gap-1" aria-label="Tags">
                {detail.tags.map((t) => (
                  <li key={t}>
                    <Link
                      href={`/marketplace?tags=${encodeURIComponent(t)}`}
                      className="rounded bg-muted px-1.5 py-0.5 text-xs hover:bg-accent"
                    >
                      #{t}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-6">
          <Card className="p-5">
            <h2 className="mb-2 font-semibold">About</h2>
            <p className="whitespace-pre-wrap text-sm leading-6">
              {detail.description || "The creator wrote no description."}
            </p>
          </Card>

          {detail.examples.length ? (
            <Card className="space-y-4 p-5">
              <h2 className="font-semibold">Example</h2>
              {detail.examples.map((x, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: examples are positional
                <div key={i} className="space-y-2 text-sm">
                  <p className="ml-auto w-fit max-w-[85%] whitespace-pre-wrap rounded-lg bg-primary px-3 py-2 text-primary-foreground">
                    {x.prompt}
                  </p>
                  <p className="w-fit max-w-[85%] whitespace-pre-wrap rounded-lg bg-muted px-3 py-2">
                    {x.response}
                  </p>
                </div>
              ))}
            </Card>
          ) : null}

          <Card className="p-5">
            <h2 className="mb-3 font-semibold">Reviews</h2>
            {detail.reviews.length === 0 ? (
              <p className="text-sm text-muted-foreground">No reviews yet.</p>
            ) : (
              <ul className="space-y-4" aria-label="Reviews">
                {detail.reviews.map((r) => (
                  <li key={r.id} className="text-sm">
                    <div className="flex items-center gap-2">
                      <Stars value={r.rating} count={1} />
                      <span className="font-medium">{r.author}</span>
                      <time className="text-xs text-muted-foreground" dateTime={r.updatedAt.toISOString()}>
                        {r.updatedAt.toISOString().slice(0, 10)}
                      </time>
                    </div>
                    {r.review ? (
                      <p className="mt-1 whitespace-pre-wrap text-muted-foreground">{r.review}</p>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card className="p-5">
            <h2 className="mb-3 font-semibold">Versions</h2>
            <ol className="space-y-2 text-sm" aria-label="Versions">
              {detail.versions.map((ver) => (
                <li key={ver.id} className="flex flex-wrap items-baseline gap-2">
                  <span className="font-medium">v{ver.version}</span>
                  <time className="text-xs text-muted-foreground" dateTime={ver.createdAt.toISOString()}>
                    {ver.createdAt.toISOString().slice(0, 10)}
                  </time>
                  {ver.changelog ? <span className="text-muted-foreground">{ver.changelog}</span> : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>

        <aside className="order-first space-y-4 lg:order-none lg:sticky lg:top-4 lg:self-start">
          <ListingActions
            listing={{
              id: detail.id,
              name: detail.name,
              priceCredits: detail.priceCredits,
              latestVersion: detail.versions[0]?.version ?? null,
              listed: detail.listingStatus === "published",
            }}
            viewer={{
              isCreator: v.isCreator,
              canUse: v.canUse,
              canRate: v.canRate,
              myRating: v.myRating,
              purchase: v.purchase
                ? {
                    id: v.purchase.id,
                    pinnedVersion: v.purchase.pinnedVersion,
                    refundableUntil: v.purchase.refundableUntil.toISOString(),
                  }
                : null,
              balance,
            }}
          />
        </aside>
      </div>
    </div>
  );
}
