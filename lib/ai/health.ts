import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiProviders } from "@/db/schema";
import type { FailureKind } from "./provider-errors";

const WINDOW_MS = 10 * 60_000;
/** Fewer calls than this in a window are too few to judge a provider by. */
export const HEALTH_MIN_CALLS = 10;
/** An error rate at or above this marks a provider degraded. */
export const HEALTH_DEGRADED_AT = 0.5;
const MIN_CALLS = HEALTH_MIN_CALLS;
const DEGRADED_AT = HEALTH_DEGRADED_AT;
const RECOVERED_BELOW = 0.2;

export type HealthVerdict = "healthy" | "degraded" | "too_few_calls";

/**
 * The same rule the live tracker applies, for any window of counts (e.g. 24 h of rollups): at least
 * HEALTH_MIN_CALLS calls, and degraded when errors are HEALTH_DEGRADED_AT of them or more.
 */
export function judgeHealth(calls: number, errors: number): HealthVerdict {
  if (calls < HEALTH_MIN_CALLS) return "too_few_calls";
  return errors / calls >= HEALTH_DEGRADED_AT ? "degraded" : "healthy";
}
/** Failures that say the provider is unwell, not that the caller did something wrong. */
const PROVIDER_FAULTS: ReadonlySet<FailureKind> = new Set([
  "server",
  "timeout",
  "unreachable",
  "rate_limited",
]);

/**
 * Tracks recent outcomes per provider and marks a provider `degraded` in the catalog while its
 * error rate over the last 10 minutes is high (and `active` again once it recovers).
 */
export class ProviderHealth {
  private outcomes = new Map<string, { at: number; fault: boolean }[]>();
  private marked = new Map<string, "active" | "degraded">();

  constructor(private readonly db: Db) {}

  record(providerId: string, failure: FailureKind | null): void {
    const now = Date.now();
    const list = (this.outcomes.get(providerId) ?? []).filter((o) => now - o.at < WINDOW_MS);
    list.push({ at: now, fault: failure !== null && PROVIDER_FAULTS.has(failure) });
    this.outcomes.set(providerId, list);
    const rate = this.errorRate(providerId);
    if (rate === null) return;
    const current = this.marked.get(providerId) ?? "active";
    const next = rate >= DEGRADED_AT ? "degraded" : rate < RECOVERED_BELOW ? "active" : current;
    if (next !== current) {
      this.marked.set(providerId, next);
      void this.db
        .update(aiProviders)
        .set({ status: next })
        .where(eq(aiProviders.id, providerId))
        .catch((err) => console.error("[prism] could not update provider health", err));
    }
  }

  /** Error rate over the window, or null with too few calls to judge. */
  errorRate(providerId: string): number | null {
    const now = Date.now();
    const list = (this.outcomes.get(providerId) ?? []).filter((o) => now - o.at < WINDOW_MS);
    if (list.length < MIN_CALLS) return null;
    return list.filter((o) => o.fault).length / list.length;
  }
}
