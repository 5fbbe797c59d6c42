import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import type { ListingStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { parseInput } from "@/lib/errors";
import { isTimeZone } from "@/lib/time-zones";

/**
 * A creator's sales, earnings, refunds and uses. Every query is scoped to templates the acting user
 * created (ai_templates.user_id = actor): there is no parameter that could widen it, not even for
 * admins. Amounts are integer credits (1 credit = $0.01).
 */

export const CREATOR_RANGES = [30, 90] as const;
export type CreatorRange = (typeof CREATOR_RANGES)[number];

export const creatorSeriesQuery = z.object({
  days: z.coerce
    .number("days must be 30 or 90")
    .pipe(z.union([z.literal(30), z.literal(90)], "days must be 30 or 90"))
    .default(30),
});

export type CreatorTemplateStats = {
  id: string;
  name: string;
  slug: string;
  listingStatus: ListingStatus;
  deleted: boolean;
  priceCredits: number;
  /** Number of the current published version; null while only a draft exists. */
  currentVersion: number | null;
  /** Completed purchases (refunded ones excluded). */
  sales: number;
  /** Sum of seller_payout of completed purchases. */
  earnings: number;
  refunds: number;
  /** Credits returned to buyers by those refunds. */
  refundedCredits: number;
  /** ai_templates.usage_count: conversations started with the template. */
  uses: number;
  rating: number;
  ratingCount: number;
};

export type CreatorDay = {
  /** YYYY-MM-DD in the creator's time zone. */
  day: string;
  /** Purchases made that day (including ones refunded later). */
  sales: number;
  /** Refunds made that day. */
  refunds: number;
  /** Net credits: payouts of that day's sales minus payouts reversed by that day's refunds. */
  earnings: number;
  /** Conversations started with one of the creator's templates that day. */
  uses: number;
};

export type CreatorSeries = {
  days: CreatorRange;
  timezone: string;
  /** First and last day of the range (inclusive), YYYY-MM-DD in the time zone. */
  from: string;
  to: string;
  points: CreatorDay[];
  totals: Omit<CreatorDay, "day">;
};

/** The user's zone when the runtime knows it, UTC otherwise. */
export function safeTimezone(tz: string | null | undefined): string {
  return tz && isTimeZone(tz) ? tz : "UTC";
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function dayIn(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

/** The `count` calendar days ending with `last` (YYYY-MM-DD), oldest first. */
export function daysEndingOn(last: string, count: number): string[] {
  const [y, m, d] = last.split("-").map(Number);
  const end = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** One point per day; a day without rows is zero (counts of nothing are zero, not unknown). */
export function fillDays(
  days: readonly string[],
  rows: { day: string; sales?: number; refunds?: number; earnings?: number; uses?: number }[],
): CreatorDay[] {
  const byDay = new Map<string, CreatorDay>(
    days.map((day) => [day, { day, sales: 0, refunds: 0, earnings: 0, uses: 0 }]),
  );
  for (const r of rows) {
    const p = byDay.get(r.day);
    if (!p) continue;
    p.sales += r.sales ?? 0;
    p.refunds += r.refunds ?? 0;
    p.earnings += r.earnings ?? 0;
    p.uses += r.uses ?? 0;
  }
  return [...byDay.values()];
}

/** The points with `cumulative`: net earnings summed from the first day of the range up to each day. */
export function withCumulativeEarnings(
  points: readonly CreatorDay[],
): (CreatorDay & { cumulative: number })[] {
  let sum = 0;
  return points.map((p) => {
    sum += p.earnings;
    return { ...p, cumulative: sum };
  });
}

type TemplateRow = {
  id: string;
  name: string;
  slug: string;
  listing_status: ListingStatus;
  deleted: boolean;
  price_credits: number | null;
  version: number;
  has_version: boolean;
  usage_count: number;
  rating: string | number;
  rating_count: number;
  sales: number;
  earnings: number;
  refunds: number;
  refunded_credits: number;
};

export class CreatorStatsRepo {
  constructor(
    private readonly db: Db,
    private readonly actor: Actor,
  ) {}

  /** The one ownership predicate every query here applies. */
  private owned(alias: string): SQL {
    return sql`${sql.identifier(alias)}.user_id = ${this.actor.id}::uuid`;
  }

  /**
   * Per-template totals, best earners first. Deleted templates stay listed while they have
   * purchases (their history is still the creator's income).
   */
  async templates(): Promise<CreatorTemplateStats[]> {
    const rows = rowsOf<TemplateRow>(
      await this.db.execute(sql`
        select t.id, t.name, t.slug, t.listing_status, t.deleted_at is not null as deleted,
          t.price_credits, t.version, t.current_version_id is not null as has_version,
          t.usage_count, t.rating, t.rating_count,
          count(p.id) filter (where p.payment_status = 'completed')::int as sales,
          coalesce(sum(p.seller_payout) filter (where p.payment_status = 'completed'), 0)::int as earnings,
          count(p.id) filter (where p.payment_status = 'refunded')::int as refunds,
          coalesce(sum(p.price) filter (where p.payment_status = 'refunded'), 0)::int as refunded_credits
        from ai_templates t
        left join template_purchases p on p.template_id = t.id
        where ${this.owned("t")} and (t.deleted_at is null or p.id is not null)
        group by t.id
        order by earnings desc, sales desc, t.updated_at desc`),
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      slug: r.slug,
      listingStatus: r.listing_status,
      deleted: Boolean(r.deleted),
      priceCredits: r.price_credits ?? 0,
      currentVersion: r.has_version ? r.version : null,
      sales: Number(r.sales),
      earnings: Number(r.earnings),
      refunds: Number(r.refunds),
      refundedCredits: Number(r.refunded_credits),
      uses: Number(r.usage_count),
      rating: Number(r.rating),
      ratingCount: Number(r.rating_count),
    }));
  }

  /** Daily sales, refunds, net earnings and uses over the last 30 or 90 days of the creator's calendar. */
  async daily(input: unknown, timezone: string, now = new Date()): Promise<CreatorSeries> {
    const { days } = parseInput(creatorSeriesQuery, input);
    const tz = safeTimezone(timezone);
    const buckets = daysEndingOn(dayIn(now, tz), days);
    const from = buckets[0] as string;
    const to = buckets[buckets.length - 1] as string;
    // Local midnights of the first day and of the day after the last, as instants.
    const start = sql`(${from}::date)::timestamp at time zone ${tz}`;
    const end = sql`((${to}::date) + 1)::timestamp at time zone ${tz}`;
    const dayOf = (column: SQL) => sql`to_char((${column} at time zone ${tz})::date, 'YYYY-MM-DD')`;

    const sales = rowsOf<{ day: string; sales: number; earnings: number }>(
      await this.db.execute(sql`
        select ${dayOf(sql`p.purchased_at`)} as day, count(*)::int as sales,
          coalesce(sum(p.seller_payout), 0)::int as earnings
        from template_purchases p join ai_templates t on t.id = p.template_id
        where ${this.owned("t")} and p.purchased_at >= ${start} and p.purchased_at < ${end}
        group by 1`),
    );
    const refunds = rowsOf<{ day: string; refunds: number; reversed: number }>(
      await this.db.execute(sql`
        select ${dayOf(sql`p.refunded_at`)} as day, count(*)::int as refunds,
          coalesce(sum(p.seller_payout), 0)::int as reversed
        from template_purchases p join ai_templates t on t.id = p.template_id
        where ${this.owned("t")} and p.payment_status = 'refunded'
          and p.refunded_at >= ${start} and p.refunded_at < ${end}
        group by 1`),
    );
    const uses = rowsOf<{ day: string; uses: number }>(
      await this.db.execute(sql`
        select ${dayOf(sql`c.created_at`)} as day, count(*)::int as uses
        from conversations c join ai_templates t on t.id = c.template_id
        where ${this.owned("t")} and c.created_at >= ${start} and c.created_at < ${end}
        group by 1`),
    );

    const points = fillDays(buckets, [
      ...sales.map((r) => ({ day: r.day, sales: Number(r.sales), earnings: Number(r.earnings) })),
      ...refunds.map((r) => ({ day: r.day, refunds: Number(r.refunds), earnings: -Number(r.reversed) })),
      ...uses.map((r) => ({ day: r.day, uses: Number(r.uses) })),
    ]);
    const totals = points.reduce(
      (t, p) => ({
        sales: t.sales + p.sales,
        refunds: t.refunds + p.refunds,
        earnings: t.earnings + p.earnings,
        uses: t.uses + p.uses,
      }),
      { sales: 0, refunds: 0, earnings: 0, uses: 0 },
    );
    return { days, timezone: tz, from, to, points, totals };
  }
}
