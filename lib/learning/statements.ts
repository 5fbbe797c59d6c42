/**
 * Readable statements of what the leaderboard shows, each with the numbers behind it, and the
 * win-rate chart's points. Pure: the page and the tests share them.
 */
import { type ModelStats, rankModels } from "./stats";

export type Statement = { id: string; text: string; evidence: string };

const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A category's best model by votes: highest Wilson lower bound, at least one win. */
function bestByVotes(stats: readonly ModelStats[]): ModelStats | null {
  const [top] = rankModels(stats.filter((s) => s.wins > 0));
  return top ?? null;
}

/**
 * One statement per category about the best model by votes, then the best mean score, the best
 * value, and a frequently regenerated model. `byCategory` maps a category to its models' stats.
 */
export function statementsOf(byCategory: ReadonlyMap<string, readonly ModelStats[]>): Statement[] {
  const out: Statement[] = [];
  for (const [category, stats] of byCategory) {
    const top = bestByVotes(stats);
    if (!top?.winRate) continue;
    out.push({
      id: `votes:${category}`,
      text: `For ${category} you picked ${top.label} as best in ${top.wins} of ${plural(top.voted, "compare")}.`,
      evidence: `Win rate ${pct(top.winRate.mean)} (95% interval ${pct(top.winRate.lower)}–${pct(top.winRate.upper)}) over the compares you voted on in this period.`,
    });
  }
  const all = [...byCategory.values()].flat();
  const scored = all.filter((s) => s.scoreMean !== null && s.scoreN >= 2);
  scored.sort((a, b) => (b.scoreInterval?.lower ?? 0) - (a.scoreInterval?.lower ?? 0));
  const bestScore = scored[0];
  if (bestScore?.scoreMean != null) {
    out.push({
      id: `score:${bestScore.modelKey}`,
      text: `You score ${bestScore.label}'s answers highest: ${bestScore.scoreMean.toFixed(1)} of 10 on average.`,
      evidence: `${plural(bestScore.scoreN, "score")}${bestScore.scoreInterval ? `, 95% interval ${bestScore.scoreInterval.lower.toFixed(1)}–${bestScore.scoreInterval.upper.toFixed(1)}` : ""}.`,
    });
  }
  const value = all
    .filter((s) => s.qualityPerDollar !== null)
    .sort((a, b) => (b.qualityPerDollar ?? 0) - (a.qualityPerDollar ?? 0))[0];
  if (value?.qualityPerDollar != null && value.scoreMean != null && value.costPerAnswer != null) {
    out.push({
      id: `value:${value.modelKey}`,
      text: `${value.label} gives you the most quality per dollar.`,
      evidence: `Mean score ${value.scoreMean.toFixed(1)} at $${value.costPerAnswer.toFixed(6)} per answer (${plural(value.scoreN, "score")}, ${plural(value.answers, "answer")}).`,
    });
  }
  const regen = all
    .filter((s) => s.answers >= 5 && (s.regenerationRate ?? 0) >= 0.2)
    .sort((a, b) => (b.regenerationRate ?? 0) - (a.regenerationRate ?? 0))[0];
  if (regen?.regenerationRate != null) {
    out.push({
      id: `regen:${regen.modelKey}`,
      text: `You often ask again after ${regen.label} answers.`,
      evidence: `${plural(regen.regenerated, "answer")} of ${regen.answers} (${pct(regen.regenerationRate)}) were followed by a regeneration of the same prompt.`,
    });
  }
  return out;
}

/** One bar per model with a vote: the win rate and its 95% Wilson interval. */
export type WinRatePoint = { label: string; rate: number; lower: number; upper: number; voted: number };

export function winRatePoints(stats: readonly ModelStats[]): WinRatePoint[] {
  return rankModels(stats).flatMap((s) =>
    s.winRate
      ? [
          {
            label: s.label,
            rate: s.winRate.mean,
            lower: s.winRate.lower,
            upper: s.winRate.upper,
            voted: s.voted,
          },
        ]
      : [],
  );
}
