import "server-only";
import type { Db } from "@/db/client";
import type { InsightsFilter } from "./filters";
import { type LearningScope, signalCategories, signalSums } from "./signals";
import { type Statement, statementsOf, type WinRatePoint, winRatePoints } from "./statements";
import { type ModelStats, mergeSums, modelStats, rankModels } from "./stats";

export type Leaderboard = {
  filter: InsightsFilter;
  /** Categories with answers in the scope (any period), for the filter. */
  categories: string[];
  /** One row per model over the filter (categories merged), best first. */
  models: ModelStats[];
  statements: Statement[];
  chart: WinRatePoint[];
  totals: { answers: number; votedAnswers: number; scores: number };
};

/** The leaderboard of one user (scope user) or of everyone (scope admin) over a filter. */
export async function leaderboard(
  db: Db,
  scope: LearningScope,
  filter: InsightsFilter,
): Promise<Leaderboard> {
  const [sums, categories] = await Promise.all([signalSums(db, scope, filter), signalCategories(db, scope)]);
  const byCategory = new Map<string, ModelStats[]>();
  for (const s of sums) {
    const list = byCategory.get(s.category) ?? [];
    list.push(modelStats(s));
    byCategory.set(s.category, list);
  }
  const models = rankModels(mergeSums(sums, filter.category ?? "all").map(modelStats));
  return {
    filter,
    categories,
    models,
    statements: statementsOf(byCategory),
    chart: winRatePoints(models),
    totals: {
      answers: models.reduce((n, m) => n + m.answers, 0),
      votedAnswers: models.reduce((n, m) => n + m.voted, 0),
      scores: models.reduce((n, m) => n + m.scoreN, 0),
    },
  };
}
