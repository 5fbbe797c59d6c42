import { Card } from "@/components/ui/card";
import { formatCount, formatUsd } from "@/components/ui/number-format";
import { costCapText } from "@/lib/billing/limit-text";
import type { EffectiveLimits } from "@/lib/billing/limits";
import type { BudgetStatus } from "@/lib/usage/budget";
import { cn } from "@/lib/utils";

function Limit({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 text-lg font-semibold tabular-nums">{value}</dd>
      <dd className="text-xs text-muted-foreground">{hint}</dd>
    </div>
  );
}

/** The user's plan and this month's spend on shared integrations against its cap (top of the usage page). */
export function PlanSummary({ limits, budget }: { limits: EffectiveLimits; budget: BudgetStatus }) {
  const ratio = Math.min(1, Math.max(0, budget.ratio));
  const percent = Math.floor(budget.ratio * 100);
  return (
    <Card className="mb-6 p-4 md:p-5" data-testid="plan-summary">
      <div className="grid gap-5 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] md:items-center">
        <div>
          <p className="text-sm text-muted-foreground">
            Your plan: <span className="font-semibold text-foreground">{limits.planName}</span>
            {limits.exempt ? " · administrator, exempt from its limits" : null}
          </p>
          <p className="mt-1 text-2xl font-semibold tabular-nums">
            {formatUsd(budget.spentUsd)}{" "}
            <span className="text-base font-normal text-muted-foreground">
              {limits.exempt
                ? "on shared integrations this month"
                : `of ${formatUsd(budget.capUsd)} this month`}
            </span>
          </p>
          {limits.exempt ? null : (
            <div
              role="progressbar"
              aria-label="Monthly budget used"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.min(100, percent)}
              className="mt-2 h-2 overflow-hidden rounded-full bg-muted"
            >
              <div
                className={cn(
                  "h-full rounded-full",
                  budget.ratio >= 1 ? "bg-danger" : budget.ratio >= 0.8 ? "bg-warning" : "bg-primary",
                )}
                style={{ width: `${ratio * 100}%` }}
              />
            </div>
          )}
          <p className="mt-1 text-xs text-muted-foreground" data-testid="cap-note">
            {limits.exempt
              ? costCapText(limits)
              : `${percent}% used · ${budget.capSource === "plan" ? "the plan's cap" : "cap set by an admin"} · resets ${budget.resetsOn} (UTC) · counts shared integrations and credits; your own provider keys are not counted`}
          </p>
        </div>
        <dl className="grid grid-cols-3 gap-4">
          <Limit
            label="Requests"
            value={limits.exempt ? "No limit" : `${formatCount(limits.requestsPerMinute)}/min`}
            hint={limits.exempt ? "administrators are exempt" : "chat and API together"}
          />
          <Limit
            label="Compare"
            value={`${limits.maxModelsPerCompare} model${limits.maxModelsPerCompare === 1 ? "" : "s"}`}
            hint={limits.exempt ? "Prism's maximum" : "side by side per turn"}
          />
          <Limit
            label="Credits"
            value={formatCount(limits.monthlyCredits)}
            hint={
              limits.chargedForShared
                ? "granted each month"
                : "granted each month; your shared calls are not charged"
            }
          />
        </dl>
      </div>
    </Card>
  );
}
