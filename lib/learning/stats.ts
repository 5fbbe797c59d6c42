/**
 * Statistics of the learning leaderboard (issue #15), pure so they are unit-tested exactly.
 *
 * Inputs are additive sums per (model, category) computed in SQL (lib/learning/signals.ts), so rows
 * of several categories merge by adding them and the admin-wide view never ships answers to Node.
 */
import { wilson } from "@/lib/terminology/rank";

/** 95% two-sided normal quantile, used for every interval here. */
export const Z95 = 1.96;

/** Additive sums of one model's signals in one template category ("general" when none). */
export type SignalSums = {
  modelKey: string;
  modelId: string | null;
  provider: string | null;
  modelName: string | null;
  label: string;
  category: string;
  /** Complete answers (kind answer). */
  answers: number;
  /** Answers in a compare: a turn with at least two complete answers. */
  compares: number;
  /** Compares of those whose turn got a best-answer vote (to any of its answers, the fused one too). */
  voted: number;
  /** Voted compares where this model's answer got the vote. */
  wins: number;
  /** Answers with a person's score (the latest score per answer counts), and its sums. */
  scoreN: number;
  scoreSum: number;
  scoreSumSq: number;
  /** Answers with a judge model's score (the latest per answer), and their sum. */
  judgeN: number;
  judgeSum: number;
  /** USD over all the answers. */
  costSum: number;
  /** Answers whose prompt was regenerated afterwards (a later turn under the same user message). */
  regenerated: number;
  /** Answers with a term check score (metadata.terms.check.score, 0–1), and their sum. */
  termN: number;
  termSum: number;
  /** Fused answers this model wrote as the fuser, and how many were kept (see signals.ts). */
  fused: number;
  fusedKept: number;
  /** The newest signal (answer, vote) time, ISO. */
  lastSeen: string | null;
};

export type Interval = { lower: number; upper: number };

export type ModelStats = {
  modelKey: string;
  modelId: string | null;
  provider: string | null;
  modelName: string | null;
  label: string;
  answers: number;
  compares: number;
  voted: number;
  wins: number;
  /** wins / voted with its 95% Wilson interval; null when no voted compare. */
  winRate: (Interval & { mean: number }) | null;
  scoreN: number;
  /** Mean person score (0–10); null without scores. */
  scoreMean: number | null;
  /** 95% normal interval of the mean (sample SD), clamped to 0–10; null when fewer than 2 scores. */
  scoreInterval: Interval | null;
  judgeN: number;
  /** Mean judge-model score (0–10); null without judge scores. Never mixed into scoreMean. */
  judgeMean: number | null;
  costTotal: number;
  /** costTotal / answers; null without answers. */
  costPerAnswer: number | null;
  /**
   * Quality per dollar = mean person score (0–10 points) ÷ mean cost per answer (USD): score points
   * per dollar spent on one answer of that model. Both means are over the same filter (model,
   * category, period); the score's over the scored answers, the cost's over all the answers. Null
   * without a score, or when the mean cost is 0 (free or unpriced models have no meaningful ratio).
   */
  qualityPerDollar: number | null;
  regenerated: number;
  /** regenerated / answers; null without answers. */
  regenerationRate: number | null;
  /** Mean term check score (0–1); null when no answer was checked. */
  termAdherence: number | null;
  termN: number;
  fused: number;
  fusedKept: number;
  /** fusedKept / fused; null when the model never fused. */
  fusedKeptRate: number | null;
  lastSeen: string | null;
};

/** Mean with a 95% normal-approximation interval from the sample SD; no interval below 2 values. */
export function meanInterval(
  n: number,
  sum: number,
  sumSq: number,
  bounds: Interval = { lower: 0, upper: 10 },
): { mean: number | null; interval: Interval | null } {
  if (n <= 0) return { mean: null, interval: null };
  const mean = sum / n;
  if (n < 2) return { mean, interval: null };
  // Sample variance from sums; rounding can make it a hair below 0 when all values are equal.
  const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
  const half = (Z95 * Math.sqrt(variance)) / Math.sqrt(n);
  return {
    mean,
    interval: { lower: Math.max(bounds.lower, mean - half), upper: Math.min(bounds.upper, mean + half) },
  };
}

export function qualityPerDollar(scoreMean: number | null, costPerAnswer: number | null): number | null {
  if (scoreMean === null || costPerAnswer === null || costPerAnswer <= 0) return null;
  return scoreMean / costPerAnswer;
}

const ADDITIVE = [
  "answers",
  "compares",
  "voted",
  "wins",
  "scoreN",
  "scoreSum",
  "scoreSumSq",
  "judgeN",
  "judgeSum",
  "costSum",
  "regenerated",
  "termN",
  "termSum",
  "fused",
  "fusedKept",
] as const;

/** Adds rows of the same model (several categories) into one; the category becomes `category`. */
export function mergeSums(rows: readonly SignalSums[], category: string): SignalSums[] {
  const byModel = new Map<string, SignalSums>();
  for (const r of rows) {
    const into = byModel.get(r.modelKey);
    if (!into) {
      byModel.set(r.modelKey, { ...r, category });
      continue;
    }
    for (const k of ADDITIVE) into[k] += r[k];
    if (r.lastSeen && (!into.lastSeen || r.lastSeen > into.lastSeen)) into.lastSeen = r.lastSeen;
  }
  return [...byModel.values()];
}

export function modelStats(s: SignalSums): ModelStats {
  const score = meanInterval(s.scoreN, s.scoreSum, s.scoreSumSq);
  const costPerAnswer = s.answers > 0 ? s.costSum / s.answers : null;
  return {
    modelKey: s.modelKey,
    modelId: s.modelId,
    provider: s.provider,
    modelName: s.modelName,
    label: s.label,
    answers: s.answers,
    compares: s.compares,
    voted: s.voted,
    wins: s.wins,
    winRate: s.voted > 0 ? wilson(s.wins, s.voted, Z95) : null,
    scoreN: s.scoreN,
    scoreMean: score.mean,
    scoreInterval: score.interval,
    judgeN: s.judgeN,
    judgeMean: s.judgeN > 0 ? s.judgeSum / s.judgeN : null,
    costTotal: s.costSum,
    costPerAnswer,
    qualityPerDollar: qualityPerDollar(score.mean, costPerAnswer),
    regenerated: s.regenerated,
    regenerationRate: s.answers > 0 ? s.regenerated / s.answers : null,
    termAdherence: s.termN > 0 ? s.termSum / s.termN : null,
    termN: s.termN,
    fused: s.fused,
    fusedKept: s.fusedKept,
    fusedKeptRate: s.fused > 0 ? s.fusedKept / s.fused : null,
    lastSeen: s.lastSeen,
  };
}

/**
 * Leaderboard order: by the win rate's Wilson lower bound (a model with 9 of 10 ranks above one
 * with 1 of 1), then mean person score, then mean judge score, then answers, then label — so a handful of lucky votes does not
 * top the table.
 */
export function rankModels(stats: readonly ModelStats[]): ModelStats[] {
  return [...stats].sort(
    (a, b) =>
      (b.winRate?.lower ?? -1) - (a.winRate?.lower ?? -1) ||
      (b.scoreMean ?? -1) - (a.scoreMean ?? -1) ||
      (b.judgeMean ?? -1) - (a.judgeMean ?? -1) ||
      b.answers - a.answers ||
      a.label.localeCompare(b.label),
  );
}

/** The confidence stored on learned patterns: the 95% Wilson lower bound, to 4 decimals (numeric(5,4)). */
export function confidenceOf(successes: number, trials: number): number {
  if (trials <= 0) return 0;
  return Math.round(wilson(successes, trials, Z95).lower * 10_000) / 10_000;
}
