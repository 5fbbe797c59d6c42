import { type Combined, combineOrders, type OrderResult } from "./pairwise";
import {
  type CompareVerdict,
  comparePrompt,
  compareSchema,
  type JudgePrompt,
  labelsFor,
  parseJudgeJson,
  type Verdict,
} from "./rubric";

export type CompareJudgement = { prompts: JudgePrompt[]; results: OrderResult[]; combined: Combined };

/**
 * Judges answers to one question together, against the rubric, in the order given and in the
 * reverse order (so a judge's bias for a position shows up as a tie): `ask` sends one prompt to the
 * judge model and resolves to its reply. The judge sees labels (A, B, …), never who wrote what.
 * Throws JudgeOutputError when a reply is not the rubric's JSON.
 */
export async function judgeCompare(
  question: string,
  answers: readonly { id: string; text: string }[],
  ask: (prompt: JudgePrompt, first: { id: string; text: string }) => Promise<string>,
): Promise<CompareJudgement> {
  const labels = labelsFor(answers.length);
  const schema = compareSchema(labels);
  const prompts: JudgePrompt[] = [];
  const results: OrderResult[] = [];
  for (const order of [[...answers], [...answers].reverse()]) {
    const prompt = comparePrompt(
      question,
      order.map((a) => a.text),
    );
    prompts.push(prompt);
    const verdict: CompareVerdict = parseJudgeJson(
      await ask(prompt, order[0] as { id: string; text: string }),
      schema,
    );
    results.push({
      order: order.map((a) => a.id),
      best: order[labels.indexOf(verdict.best)]?.id ?? null,
      bestReasoning: verdict.best_reasoning,
      verdicts: Object.fromEntries(order.map((a, i) => [a.id, verdict.answers[i] as Verdict])),
    });
  }
  return { prompts, results, combined: combineOrders(results) };
}
