import type { Verdict } from "./rubric";

/** One order of a compare as judged: the message ids in the order shown, the pick, the verdicts by id. */
export type OrderResult = {
  order: string[];
  best: string | null;
  bestReasoning: string;
  verdicts: Record<string, Verdict>;
};

export type Combined = {
  /** The answer both orders picked; null = a tie (the orders disagree). */
  winner: string | null;
  scores: Record<
    string,
    { means: { accuracy: number; relevance: number; overall: number }; reasoning: string[] }
  >;
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Merges the judge's verdicts over the orders it saw (the turn's and the reverse): each criterion is
 * the mean over the orders, and the best answer counts only when every order picked the same one.
 */
export function combineOrders(results: readonly OrderResult[]): Combined {
  const picks = new Set(results.map((r) => r.best));
  const winner = picks.size === 1 ? ([...picks][0] ?? null) : null;
  const scores: Combined["scores"] = {};
  const ids = new Set(results.flatMap((r) => r.order));
  for (const id of ids) {
    const vs = results.map((r) => r.verdicts[id]).filter((v): v is Verdict => !!v);
    if (vs.length !== results.length) continue;
    scores[id] = {
      means: {
        accuracy: mean(vs.map((v) => v.accuracy)),
        relevance: mean(vs.map((v) => v.relevance)),
        overall: mean(vs.map((v) => v.overall)),
      },
      reasoning: vs.map((v) => v.reasoning),
    };
  }
  return { winner, scores };
}
