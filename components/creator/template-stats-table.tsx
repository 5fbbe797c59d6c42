import Link from "next/link";
import { Badge, Card } from "@/components/ui/card";
import { formatCount } from "@/components/ui/number-format";
import { creditsUsd } from "@/components/wallet/format";
import type { CreatorTemplateStats } from "@/lib/marketplace/creator-stats";

const STATUS: Record<string, { label: string; tone: "success" | "neutral" | "warning" | "danger" }> = {
  published: { label: "Listed", tone: "success" },
  unlisted: { label: "Unlisted", tone: "neutral" },
  draft: { label: "Draft", tone: "neutral" },
  removed: { label: "Removed by a moderator", tone: "danger" },
};

function Status({ t }: { t: CreatorTemplateStats }) {
  if (t.deleted) return <Badge tone="warning">Deleted</Badge>;
  const s = STATUS[t.listingStatus] ?? { label: t.listingStatus, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const th = "whitespace-nowrap px-4 py-2";
const td = "whitespace-nowrap px-4 py-2 tabular-nums";

/** One row per template: all-time sales, earnings, refunds, uses and rating. */
export function TemplateStatsTable({ templates }: { templates: CreatorTemplateStats[] }) {
  return (
    <Card className="relative overflow-x-auto" role="region" aria-labelledby="templates-heading">
      <div className="border-b p-4">
        <h2 id="templates-heading" className="text-lg font-semibold">
          Your templates
        </h2>
        <p className="text-xs text-muted-foreground">All time. Earnings are your 70% of completed sales.</p>
      </div>
      <table className="w-full text-sm" data-testid="creator-table">
        <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className={th}>
              Template
            </th>
            <th scope="col" className={th}>
              Version
            </th>
            <th scope="col" className={`${th} text-right`}>
              Price
            </th>
            <th scope="col" className={`${th} text-right`}>
              Sales
            </th>
            <th scope="col" className={`${th} text-right`}>
              Earnings
            </th>
            <th scope="col" className={`${th} text-right`}>
              Refunds
            </th>
            <th scope="col" className={`${th} text-right`}>
              Uses
            </th>
            <th scope="col" className={`${th} text-right`}>
              Rating
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {templates.map((t) => (
            <tr key={t.id} data-testid="creator-row" data-template={t.name}>
              <th scope="row" className="min-w-48 px-4 py-2 text-left font-medium">
                {t.listingStatus === "published" && !t.deleted ? (
                  <Link
                    href={`/marketplace/${t.slug}`}
                    className="text-primary underline-offset-4 hover:underline"
                  >
                    {t.name}
                  </Link>
                ) : (
                  <span>{t.name}</span>
                )}
                <span className="ml-2 align-middle">
                  <Status t={t} />
                </span>
              </th>
              <td className={td}>{t.currentVersion === null ? "—" : `v${t.currentVersion}`}</td>
              <td className={`${td} text-right`}>
                {t.priceCredits === 0 ? "Free" : formatCount(t.priceCredits)}
              </td>
              <td className={`${td} text-right`}>{formatCount(t.sales)}</td>
              <td className={`${td} text-right`}>
                {formatCount(t.earnings)}
                <span className="block text-xs text-muted-foreground">{creditsUsd(t.earnings)}</span>
              </td>
              <td className={`${td} text-right`}>
                {formatCount(t.refunds)}
                {t.refunds > 0 ? (
                  <span className="block text-xs text-muted-foreground">
                    {formatCount(t.refundedCredits)} credits
                  </span>
                ) : null}
              </td>
              <td className={`${td} text-right`}>{formatCount(t.uses)}</td>
              <td className={`${td} text-right`}>
                {t.ratingCount === 0 ? (
                  <span className="text-muted-foreground">—</span>
                ) : (
                  <>
                    <span aria-hidden="true">★ </span>
                    {t.rating.toFixed(2)}
                    <span className="sr-only"> out of 5</span>
                    <span className="block text-xs text-muted-foreground">
                      {formatCount(t.ratingCount)} rating{t.ratingCount === 1 ? "" : "s"}
                    </span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
