import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { BalanceCard } from "@/components/wallet/balance-card";
import { Purchases } from "@/components/wallet/purchases";
import { Statement } from "@/components/wallet/statement";
import { TopUp, TopUpUnavailable } from "@/components/wallet/top-up";
import { TopUpToast } from "@/components/wallet/topup-toast";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { balanceOf, statement } from "@/lib/billing/ledger";
import { effectiveLimits } from "@/lib/billing/limits";
import { stripeEnabled } from "@/lib/billing/stripe";
import { ensureMonthlyAllowance } from "@/lib/billing/wallet";
import { myPurchases, REFUND_WINDOW_DAYS } from "@/lib/marketplace/purchases";
import { pageOf, purchaseViews, STATEMENT_PAGE_SIZE } from "@/lib/wallet/view";

export const metadata: Metadata = { title: "Wallet" };

export default async function WalletPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const { topup } = await searchParams;
  const db = await getDb();
  // This month's plan allowance lands before the balance is read (idempotent per user and month).
  await ensureMonthlyAllowance(db, user.id);
  const actor = { id: user.id, role: user.role };
  const [balance, limits, lines, purchases] = await Promise.all([
    balanceOf(db, user.id),
    effectiveLimits(db, user.id),
    statement(db, user.id, { limit: STATEMENT_PAGE_SIZE + 1 }),
    myPurchases(db, actor),
  ]);
  const first = pageOf(lines, user.timezone);
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <PageHeader
        title="Wallet"
        description="Your credits: what came in, what went out, and the templates you bought."
      />
      <TopUpToast outcome={topup === "success" || topup === "cancelled" ? topup : null} />
      <div className="grid gap-4 md:grid-cols-2">
        <BalanceCard
          balance={balance}
          planName={limits.planName}
          allowance={limits.monthlyCredits}
          chargedForShared={limits.chargedForShared}
        />
        {stripeEnabled() ? (
          <TopUp />
        ) : (
          <TopUpUnavailable
            planName={limits.planName}
            allowance={limits.monthlyCredits}
            isAdmin={user.role === "admin"}
          />
        )}
      </div>
      <Statement initialRows={first.rows} initialHasMore={first.hasMore} timezone={user.timezone} />
      <Purchases purchases={purchaseViews(purchases, user.timezone)} refundDays={REFUND_WINDOW_DAYS} />
    </div>
  );
}
