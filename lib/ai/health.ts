import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiProviders } from "@/db/schema";
import type { FailureKind } from "./provider-errors";

const WINDOW_MS = 10 * 60_000;
const MIN_CALLS = 10;
const DEGRADED_AT = 0.5;
const RECOVERED_BELOW = 0.2;
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
