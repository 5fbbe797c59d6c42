/** Formatting of leaderboard numbers (pure; the same on server and client). */
import type { Interval } from "@/lib/learning/stats";

export const dash = "—";

export function percent(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined ? dash : `${(x * 100).toFixed(digits)}%`;
}

/** "52–86%": an interval of proportions. */
export function percentRange(i: Interval | null | undefined): string {
  return i ? `${Math.round(i.lower * 100)}–${Math.round(i.upper * 100)}%` : dash;
}

export function score(x: number | null | undefined): string {
  return x === null || x === undefined ? dash : x.toFixed(1);
}

export function scoreRange(i: Interval | null | undefined): string {
  return i ? `${i.lower.toFixed(1)}–${i.upper.toFixed(1)}` : dash;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** Score points per dollar, compact ("4.5K"). */
export function perDollar(x: number | null | undefined): string {
  return x === null || x === undefined ? dash : compact.format(x);
}

export const PERIOD_LABELS: Record<string, string> = {
  "7": "Last 7 days",
  "30": "Last 30 days",
  "90": "Last 90 days",
  all: "All time",
};
