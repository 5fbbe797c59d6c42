import { judgeCompare } from "@/lib/quality/compare";
import { type JudgePrompt, promptHash, RUBRIC_VERSION } from "@/lib/quality/rubric";

export type JudgedPick = {
  /** Index of the chosen answer. */
  best: number;
  /** The two orders picked different answers: the highest mean overall score was taken. */
  tie: boolean;
  reason: string;
  /** For the step's record: rubric version, prompt hash, each answer's mean scores, both orders' picks. */
  verdict: Record<string, unknown>;
};

/**
 * A multi-model step's "best by judge": the answers are judged together against the quality
 * rubric (lib/quality), in both orders, by a judge that never sees model names. When both orders
 * pick the same answer it wins; when they disagree (a tie) the answer with the highest mean
 * overall score is taken, and the step says so.
 */
export async function pickByJudge(
  question: string,
  answers: readonly string[],
  ask: (prompt: JudgePrompt) => Promise<string>,
): Promise<JudgedPick> {
  const ids = answers.map((_, i) => String(i + 1));
  const { prompts, results, combined } = await judgeCompare(
    question,
    answers.map((text, i) => ({ id: ids[i] as string, text })),
    (prompt) => ask(prompt),
  );
  const overall = (id: string) => combined.scores[id]?.means.overall ?? -1;
  const winner = combined.winner ?? ids.reduce((a, b) => (overall(b) > overall(a) ? b : a));
  return {
    best: ids.indexOf(winner),
    tie: combined.winner === null,
    reason: results.find((r) => r.best === winner)?.bestReasoning ?? results[0]?.bestReasoning ?? "",
    verdict: {
      rubricVersion: RUBRIC_VERSION,
      promptHash: promptHash(prompts),
      best: Number(winner),
      tie: combined.winner === null,
      scores: ids.map((id) => ({ answer: Number(id), ...combined.scores[id]?.means })),
      orders: results.map((r) => ({ order: r.order.map(Number), best: r.best ? Number(r.best) : null })),
    },
  };
}
