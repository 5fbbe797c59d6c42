import type { LedgerTransferKind } from "@/db/schema";
import type { StatementLine } from "@/lib/billing/ledger";
import { formatDateTime } from "@/lib/format";
import { REFUND_WINDOW_DAYS } from "@/lib/marketplace/purchases";

/** What the wallet page shows: statement lines and purchases, already formatted in the user's zone. */

export const STATEMENT_PAGE_SIZE = 25;

export type StatementRow = {
  id: string;
  /** ISO time of the entry: the cursor for the next page. */
  at: string;
  when: string;
  kind: LedgerTransferKind;
  label: string;
  description: string;
  amount: number;
  balanceAfter: number;
};

const KIND_LABELS: Record<LedgerTransferKind, string> = {
  grant: "Grant",
  allowance: "Plan allowance",
  topup: "Card top-up",
  purchase: "Purchase",
  refund: "Refund",
  usage: "Model usage",
  adjustment: "Adjustment",
};

/** The kind as the account holder sees it: a purchase that paid you is a sale. */
export function kindLabel(kind: LedgerTransferKind, amount: number): string {
  if (kind === "purchase" && amount > 0) return "Sale";
  if (kind === "refund" && amount < 0) return "Sale refunded";
  return KIND_LABELS[kind];
}

export function statementRows(lines: StatementLine[], timezone: string): StatementRow[] {
  return lines.map((l) => ({
    id: l.id,
    at: l.at.toISOString(),
    when: formatDateTime(l.at, timezone),
    kind: l.kind,
    label: kindLabel(l.kind, l.amount),
    description: l.description ?? KIND_LABELS[l.kind],
    amount: l.amount,
    balanceAfter: l.balanceAfter,
  }));
}

/** One page plus whether there is another (the query asks for one row more than it shows). */
export function pageOf(lines: StatementLine[], timezone: string) {
  return {
    rows: statementRows(lines.slice(0, STATEMENT_PAGE_SIZE), timezone),
    hasMore: lines.length > STATEMENT_PAGE_SIZE,
  };
}

export type PurchaseView = {
  id: string;
  name: string;
  slug: string;
  price: number;
  when: string;
  status: "pending" | "completed" | "refunded";
  refundedWhen: string | null;
  /** Set while the buyer may still refund it themselves. */
  refundableUntil: string | null;
  /** A newer version than the one the buyer runs exists. */
  updatable: boolean;
};

export function purchaseViews(
  rows: {
    id: string;
    name: string;
    slug: string;
    price: number;
    status: "pending" | "completed" | "refunded";
    purchasedAt: Date;
    refundedAt: Date | null;
    pinnedVersionId: string;
    currentVersionId: string | null;
  }[],
  timezone: string,
  now = new Date(),
): PurchaseView[] {
  return rows.map((p) => {
    const deadline = new Date(p.purchasedAt.getTime() + REFUND_WINDOW_DAYS * 86_400_000);
    const completed = p.status === "completed";
    return {
      id: p.id,
      name: p.name,
      slug: p.slug,
      price: p.price,
      when: formatDateTime(p.purchasedAt, timezone),
      status: p.status,
      refundedWhen: p.refundedAt ? formatDateTime(p.refundedAt, timezone) : null,
      refundableUntil: completed && deadline > now ? formatDateTime(deadline, timezone) : null,
      updatable: completed && p.currentVersionId !== null && p.currentVersionId !== p.pinnedVersionId,
    };
  });
}
