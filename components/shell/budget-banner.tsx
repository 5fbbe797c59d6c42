import Link from "next/link";
import type { BudgetStatus } from "@/lib/usage/budget";
import { cn } from "@/lib/utils";

/**
 * Shown from 80% of the monthly budget (spend on shared integrations and credits); at 100% calls on
 * shared integrations are refused until the month turns. Never for an exempt administrator.
 */
export function BudgetBanner({ status }: { status: BudgetStatus }) {
  if (status.exempt || status.ratio < 0.8) return null;
  const reached = status.ratio >= 1;
  const cap = `$${status.capUsd.toFixed(2)}${status.capSource === "plan" ? ` (${status.planName} plan)` : " (set by an admin)"}`;
  return (
    <div
      role="status"
      data-testid="budget-banner"
      className={cn(
        "mb-4 rounded-md border px-4 py-2 text-sm",
        reached
          ? "border-danger/40 bg-danger/10 text-danger"
          : "border-warning/50 bg-warning/15 text-foreground",
      )}
    >
      {reached
        ? `You have reached your monthly budget of ${cap} for shared integrations and credits. Calls on them are paused until ${status.resetsOn} (UTC); your own provider keys still work.`
        : `You have used ${Math.floor(status.ratio * 100)}% of your monthly budget of ${cap} for shared integrations and credits; those calls stop at 100% until ${status.resetsOn} (UTC).`}{" "}
      <Link href="/usage" className="font-medium underline underline-offset-4">
        See usage
      </Link>
    </div>
  );
}
