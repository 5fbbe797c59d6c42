import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiTemplates, templatePurchases, templateRatings, templateVersions, users } from "@/db/schema";
import { type Actor, isAdmin } from "@/lib/auth/actor";
import { notFound, parseInput } from "@/lib/errors";
import { rateEligible, reviewsOf } from "./community";
import { REFUND_WINDOW_DAYS } from "./purchases";
import { type BrowseQuery, browseSchema } from "./schemas";

/** A listing card: public fields only (no prompt, tools or knowledge, ever). */
export type ListingCard = {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  avatarUrl: string | null;
  category: string | null;
  tags: string[];
  priceCredits: number;
  rating: number;
  ratingCount: number;
  usageCount: number;
  salesCount: number;
  version: number;
  publishedAt: Date | null;
  creator: string;
};

const cardColumns = {
  id: aiTemplates.id,
  slug: aiTemplates.slug,
  name: aiTemplates.name,
  description: aiTemplates.description,
  avatarUrl: aiTemplates.avatarUrl,
  category: aiTemplates.category,
  tags: aiTemplates.tags,
  priceCredits: sql<number>`coalesce(${aiTemplates.priceCredits}, 0)`.mapWith(Number),
  rating: aiTemplates.rating,
  ratingCount: aiTemplates.ratingCount,
  usageCount: aiTemplates.usageCount,
  salesCount: aiTemplates.salesCount,
  version: aiTemplates.version,
  publishedAt: aiTemplates.publishedAt,
  creator: users.name,
};

/** Most a count reports exactly; beyond it the page says "more than 1,000" (counting further costs every broad search). */
const COUNT_CAP = 1_000;

/**
 * Marketplace search: full text (name > description > category, English stemming) or a fuzzy name
 * match, filters on category, tags, free/paid, price range and minimum rating, five sorts, pages.
 */
export async function browseListings(
  db: Db,
  input: unknown,
): Promise<{ items: ListingCard[]; total: number; totalCapped: boolean; query: BrowseQuery }> {
  const query = parseInput(browseSchema, input);
  const filters: SQL[] = [eq(aiTemplates.listingStatus, "published"), isNull(aiTemplates.deletedAt)];
  const q = query.q?.trim();
  const tsq = q ? sql`websearch_to_tsquery('english', ${q})` : null;
  if (q && tsq) {
    filters.push(
      or(sql`${aiTemplates.search} @@ ${tsq}`, sql`${aiTemplates.name} ilike ${`%${escapeLike(q)}%`}`) as SQL,
    );
  }
  if (query.category) filters.push(eq(aiTemplates.category, query.category));
  if (query.tags.length) filters.push(sql`${aiTemplates.tags} @> ${JSON.stringify(query.tags)}::jsonb`);
  // A listed template always has a price (0 = free; publishListing sets it), so the price index serves
  // these filters and the price sorts directly.
  if (query.price === "free") filters.push(eq(aiTemplates.priceCredits, 0));
  if (query.price === "paid") filters.push(gt(aiTemplates.priceCredits, 0));
  if (query.minPrice !== undefined) filters.push(gte(aiTemplates.priceCredits, query.minPrice));
  if (query.maxPrice !== undefined) filters.push(lte(aiTemplates.priceCredits, query.maxPrice));
  if (query.minRating !== undefined && query.minRating > 0)
    filters.push(gte(aiTemplates.rating, query.minRating));
  const where = and(...filters);

  const sort = query.sort ?? (q ? "relevance" : "popular");
  // First the matches, unordered (the filters' own indexes answer this; it stops at COUNT_CAP + 1).
  // A narrow search then sorts just those rows; a broad one walks the sort's index instead. Letting
  // the planner pick an ordered index walk for a narrow search can mean reading the whole table to
  // find no match at all.
  const matches = await db
    .select({ id: aiTemplates.id })
    .from(aiTemplates)
    .where(where)
    .limit(COUNT_CAP + 1);
  const n = matches.length;
  const narrow = n <= COUNT_CAP;
  // Relevance ranks every match, so it is used for narrow searches; a broad one ("writer") ranks by
  // popularity among its matches, which an index serves.
  const byRank = sort === "relevance" && tsq !== null && narrow;
  const order: SQL[] =
    byRank && tsq
      ? [desc(sql`ts_rank(${aiTemplates.search}, ${tsq})`), desc(aiTemplates.usageCount)]
      : sort === "rating"
        ? [desc(aiTemplates.rating), desc(aiTemplates.ratingCount)]
        : sort === "newest"
          ? [desc(aiTemplates.publishedAt)]
          : sort === "price_asc"
            ? [asc(aiTemplates.priceCredits)]
            : sort === "price_desc"
              ? [desc(aiTemplates.priceCredits)]
              : [desc(aiTemplates.usageCount)];

  const offset = (query.page - 1) * query.pageSize;
  const { creator: _creator, ...listingColumns } = cardColumns;
  // Sort and cut the page on ai_templates alone; the creators' names are joined to the page only.
  const rows =
    n === 0 || (narrow && offset >= n)
      ? []
      : await db
          .select(listingColumns)
          .from(aiTemplates)
          .where(
            narrow
              ? inArray(
                  aiTemplates.id,
                  matches.map((m) => m.id),
                )
              : where,
          )
          .orderBy(...order, asc(aiTemplates.id))
          .limit(query.pageSize)
          .offset(offset);
  const creators = rows.length
    ? await db
        .select({ id: aiTemplates.id, name: users.name })
        .from(aiTemplates)
        .innerJoin(users, eq(users.id, aiTemplates.userId))
        .where(
          inArray(
            aiTemplates.id,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const creatorOf = new Map(creators.map((c) => [c.id, c.name]));
  const items = rows.map((r) => ({ ...r, creator: creatorOf.get(r.id) ?? "" }));
  return { items, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, query };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type ListingDetail = ListingCard & {
  listingStatus: string;
  creatorId: string;
  examples: { prompt: string; response: string }[];
  defaultModelId: string | null;
  versions: { id: string; version: number; changelog: string | null; createdAt: Date }[];
  reviews: Awaited<ReturnType<typeof reviewsOf>>;
  viewer: {
    isCreator: boolean;
    isAdmin: boolean;
    purchase: {
      id: string;
      purchasedAt: Date;
      pinnedVersion: number | null;
      refundableUntil: Date;
    } | null;
    canUse: boolean;
    canRate: boolean;
    myRating: { rating: number; review: string | null } | null;
  };
};

/**
 * A listing page's data for a viewer. Unlisted and removed listings are visible only to their
 * creator, admins, and people who bought them. Never includes the system prompt, tools or knowledge.
 */
export async function listingDetail(db: Db, actor: Actor, slug: string): Promise<ListingDetail> {
  const [row] = await db
    .select({
      ...cardColumns,
      listingStatus: aiTemplates.listingStatus,
      creatorId: aiTemplates.userId,
      examples: aiTemplates.examples,
      modelConfig: aiTemplates.modelConfig,
      deletedAt: aiTemplates.deletedAt,
      currentVersionId: aiTemplates.currentVersionId,
    })
    .from(aiTemplates)
    .innerJoin(users, eq(users.id, aiTemplates.userId))
    .where(eq(aiTemplates.slug, slug));
  if (!row) throw notFound("That listing");
  const [purchase] = await db
    .select({
      id: templatePurchases.id,
      purchasedAt: templatePurchases.purchasedAt,
      pinnedVersion: templateVersions.version,
    })
    .from(templatePurchases)
    .leftJoin(templateVersions, eq(templateVersions.id, templatePurchases.pinnedVersionId))
    .where(
      and(
        eq(templatePurchases.buyerId, actor.id),
        eq(templatePurchases.templateId, row.id),
        eq(templatePurchases.paymentStatus, "completed"),
      ),
    );
  const isCreator = row.creatorId === actor.id;
  const admin = isAdmin(actor);
  const listed = row.listingStatus === "published" && !row.deletedAt;
  if (!listed && !isCreator && !admin && !purchase) throw notFound("That listing");
  const versions = await db
    .select({
      id: templateVersions.id,
      version: templateVersions.version,
      changelog: templateVersions.changelog,
      createdAt: templateVersions.createdAt,
    })
    .from(templateVersions)
    .where(eq(templateVersions.templateId, row.id))
    .orderBy(desc(templateVersions.version));
  const free = row.priceCredits === 0;
  // The listing already knows whether the viewer made or bought it: only "used it" needs a query.
  const [reviews, rateable, [myRating]] = await Promise.all([
    reviewsOf(db, row.id),
    rateEligible(db, actor.id, row.id, { isCreator, owned: Boolean(purchase), free }),
    db
      .select({ rating: templateRatings.rating, review: templateRatings.review })
      .from(templateRatings)
      .where(and(eq(templateRatings.userId, actor.id), eq(templateRatings.templateId, row.id))),
  ]);
  const { modelConfig, deletedAt: _deleted, currentVersionId, ...card } = row;
  return {
    ...card,
    defaultModelId: modelConfig.modelId ?? null,
    versions,
    reviews,
    viewer: {
      isCreator,
      isAdmin: admin,
      purchase: purchase
        ? {
            id: purchase.id,
            purchasedAt: purchase.purchasedAt,
            pinnedVersion: purchase.pinnedVersion,
            refundableUntil: new Date(purchase.purchasedAt.getTime() + REFUND_WINDOW_DAYS * 86_400_000),
          }
        : null,
      canUse: Boolean(currentVersionId) && (isCreator || Boolean(purchase) || (free && listed) || admin),
      canRate: rateable,
      myRating: myRating ?? null,
    },
  };
}
