import { and, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { aiTemplates, type PaymentStatus, templatePurchases, users } from "@/db/schema";
import { type Actor, requireAdmin } from "@/lib/auth/actor";
import { parseInput } from "@/lib/errors";

/** Admin → Purchases shows this many purchases per page. */
export const ADMIN_PURCHASES_PAGE_SIZE = 50;

export const PURCHASE_STATUS_FILTERS = ["completed", "refunded", "all"] as const;
export type PurchaseStatusFilter = (typeof PURCHASE_STATUS_FILTERS)[number];

export const purchaseListQuery = z.object({
  q: z
    .string("q must be text")
    .trim()
    .max(200, "Search at most 200 characters.")
    .optional()
    .transform((v) => v || undefined),
  status: z.enum(PURCHASE_STATUS_FILTERS, "status must be completed, refunded or all").default("all"),
  page: z.coerce
    .number("page must be a number")
    .int("page must be a whole number")
    .min(1, "page must be 1 or more")
    .max(10_000, "page must be at most 10000")
    .default(1),
});
export type PurchaseListQuery = z.input<typeof purchaseListQuery>;

export type AdminPurchaseRow = {
  id: string;
  purchasedAt: Date;
  refundedAt: Date | null;
  status: PaymentStatus;
  price: number;
  platformFee: number;
  sellerPayout: number;
  templateId: string;
  templateName: string;
  templateSlug: string;
  buyerId: string;
  buyerEmail: string;
  sellerId: string;
  sellerEmail: string;
};

export type AdminPurchasePage = {
  rows: AdminPurchaseRow[];
  total: number;
  page: number;
  pageSize: number;
};

const buyers = alias(users, "buyer");
const sellers = alias(users, "seller");

/** `%text%` for ILIKE with the pattern characters (\ % _) escaped, so they match themselves. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Every template purchase on the instance, for Admin → Purchases: newest first, 50 a page, with the
 * template and the buyer's and seller's emails. `q` matches the buyer's email, the seller's email or
 * the template's name (case-insensitive substring). Admins only.
 */
export async function listPurchases(
  db: Db,
  actor: Actor,
  input: PurchaseListQuery,
): Promise<AdminPurchasePage> {
  requireAdmin(actor);
  const query = parseInput(purchaseListQuery, input);
  const filters: SQL[] = [];
  if (query.q) {
    const like = containsPattern(query.q);
    const match = or(ilike(buyers.email, like), ilike(sellers.email, like), ilike(aiTemplates.name, like));
    if (match) filters.push(match);
  }
  if (query.status !== "all") filters.push(eq(templatePurchases.paymentStatus, query.status));
  const where = filters.length ? and(...filters) : undefined;
  const pageSize = ADMIN_PURCHASES_PAGE_SIZE;

  const [rows, [totalRow]] = await Promise.all([
    db
      .select({
        id: templatePurchases.id,
        purchasedAt: templatePurchases.purchasedAt,
        refundedAt: templatePurchases.refundedAt,
        status: templatePurchases.paymentStatus,
        price: templatePurchases.price,
        platformFee: templatePurchases.platformFee,
        sellerPayout: templatePurchases.sellerPayout,
        templateId: templatePurchases.templateId,
        templateName: aiTemplates.name,
        templateSlug: aiTemplates.slug,
        buyerId: templatePurchases.buyerId,
        buyerEmail: buyers.email,
        sellerId: templatePurchases.sellerId,
        sellerEmail: sellers.email,
      })
      .from(templatePurchases)
      .innerJoin(aiTemplates, eq(aiTemplates.id, templatePurchases.templateId))
      .innerJoin(buyers, eq(buyers.id, templatePurchases.buyerId))
      .innerJoin(sellers, eq(sellers.id, templatePurchases.sellerId))
      .where(where)
      .orderBy(desc(templatePurchases.purchasedAt), desc(templatePurchases.id))
      .limit(pageSize)
      .offset((query.page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(templatePurchases)
      .innerJoin(aiTemplates, eq(aiTemplates.id, templatePurchases.templateId))
      .innerJoin(buyers, eq(buyers.id, templatePurchases.buyerId))
      .innerJoin(sellers, eq(sellers.id, templatePurchases.sellerId))
      .where(where),
  ]);
  return { rows, total: totalRow?.n ?? 0, page: query.page, pageSize };
}
