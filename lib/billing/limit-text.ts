import type { EffectiveLimits } from "./limits";

/**
 * How pages phrase a user's limits: each sentence names the limit, and why it applies (the plan,
 * an admin's override, or the administrators' exemption). Pure, so pages and tests share it.
 */
type Limits = Pick<
  EffectiveLimits,
  "planName" | "capSource" | "exempt" | "maxModelsPerCompare" | "requestsPerMinute" | "monthlyCostCapUsd"
>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const EXEMPT_REASON = "administrators are exempt from plan limits on this instance (Admin → Settings)";

export function compareLimitText(l: Limits): string {
  return l.exempt
    ? `You can compare up to ${plural(l.maxModelsPerCompare, "model")} at once: ${EXEMPT_REASON}.`
    : `Your ${l.planName} plan compares up to ${plural(l.maxModelsPerCompare, "model")} at once.`;
}

export function rateLimitText(l: Limits): string {
  return l.exempt
    ? `No per-minute limit: ${EXEMPT_REASON}.`
    : `Your ${l.planName} plan allows ${plural(l.requestsPerMinute, "model call")} a minute.`;
}

export function capOriginText(l: Pick<Limits, "capSource" | "planName">): string {
  return l.capSource === "plan" ? `${l.planName} plan` : "set by an admin";
}

export function costCapText(l: Limits): string {
  return l.exempt
    ? `No monthly cost cap: ${EXEMPT_REASON}.`
    : `$${l.monthlyCostCapUsd.toFixed(2)} a month (${capOriginText(l)}) on shared integrations and credits. Calls through your own provider keys are not counted: the budgets you set govern them (an API key's monthly cap, a template's cost limit per request).`;
}
