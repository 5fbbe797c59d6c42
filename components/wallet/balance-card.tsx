import { Card } from "@/components/ui/card";
import { formatCount } from "@/components/ui/number-format";
import { creditsUsd } from "./format";

/** The wallet's balance in credits and dollars, and what the plan adds each month. */
export function BalanceCard({
  balance,
  planName,
  allowance,
  chargedForShared = true,
}: {
  balance: number;
  planName: string;
  allowance: number;
  /** False for an administrator whose shared-integration calls are not charged (Admin → Settings). */
  chargedForShared?: boolean;
}) {
  return (
    <Card className="p-5" role="region" aria-labelledby="balance-heading" data-testid="wallet-balance">
      <h2 id="balance-heading" className="text-sm font-medium text-muted-foreground">
        Balance
      </h2>
      <p className="mt-1 text-3xl font-semibold tabular-nums">
        <span data-testid="wallet-balance-credits">{formatCount(balance)}</span>{" "}
        <span className="text-base font-normal text-muted-foreground">credits</span>
      </p>
      <p className="text-sm text-muted-foreground">
        worth <span className="tabular-nums">{creditsUsd(balance)}</span> · 1 credit = $0.01
      </p>
      <dl className="mt-4 border-t pt-4 text-sm">
        <div className="flex justify-between gap-4">
          <dt className="text-muted-foreground">Plan</dt>
          <dd className="font-medium">{planName}</dd>
        </div>
        <div className="mt-1 flex justify-between gap-4">
          <dt className="text-muted-foreground">Monthly allowance</dt>
          <dd className="font-medium tabular-nums" data-testid="wallet-allowance">
            {allowance > 0 ? `${formatCount(allowance)} credits` : "none"}
          </dd>
        </div>
      </dl>
      <p className="mt-2 text-xs text-muted-foreground">
        {chargedForShared
          ? "Credits pay for templates in the marketplace and for calls on shared integrations."
          : "Credits pay for templates in the marketplace. Your calls on shared integrations are not charged: administrators are exempt (Admin → Settings)."}
      </p>
    </Card>
  );
}
