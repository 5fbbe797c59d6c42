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

const SLOT_MS = 10_000;
const SLOTS = WINDOW_MS / SLOT_MS;

/** Calls and provider faults per 10-second slot over the window (a ring, reused as time moves on). */
type Slot = { slot: number; calls: number; faults: number };

/**
 * Tracks recent outcomes per provider and marks a provider `degraded` in the catalog while its
 * error rate over the last 10 minutes is high (and `active` again once it recovers). Counts are kept
 * in 10-second slots, so recording a call costs the same however busy the provider is.
 */
export class ProviderHealth {
  private rings = new Map<string, Slot[]>();
  private marked = new Map<string, "active" | "degraded">();

  constructor(private readonly db: Db) {}

  record(providerId: string, failure: FailureKind | null): void {
    const slot = Math.floor(Date.now() / SLOT_MS);
    let ring = this.rings.get(providerId);
    if (!ring) {
      ring = Array.from({ length: SLOTS }, () => ({ slot: -1, calls: 0, faults: 0 }));
      this.rings.set(providerId, ring);
    }
    const cell = ring[slot % SLOTS] as Slot;
    if (cell.slot !== slot) {
      cell.slot = slot;
      cell.calls = 0;
      cell.faults = 0;
    }
    cell.calls++;
    if (failure !== null && PROVIDER_FAULTS.has(failure)) cell.faults++;
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
    const oldest = Math.floor(Date.now() / SLOT_MS) - SLOTS;
    let calls = 0;
    let faults = 0;
    for (const cell of this.rings.get(providerId) ?? []) {
      if (cell.slot <= oldest) continue;
      calls += cell.calls;
      faults += cell.faults;
    }
    if (calls < MIN_CALLS) return null;
    return faults / calls;
  }
}
