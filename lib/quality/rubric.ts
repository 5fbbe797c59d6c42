import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * The written rubric a judge model scores answers against. Scores are comparable only under the
 * same rubric: any change to the text, the levels or the schemas below needs a new version.
 */
export const RUBRIC_VERSION = "2026-12-v1";

/** Anchored levels: what a 0, 3, 5, 7 and 10 mean on each criterion. */
export const RUBRIC = `Score each criterion from 0 to 10 (decimals allowed) using these anchors.

Accuracy — is what the answer states true and correct?
  0: mostly false, or dangerously wrong.
  3: several factual errors or a key claim that is wrong.
  5: broadly right but with a notable error or unsupported claim.
  7: correct, with at most minor imprecision.
  10: fully correct and precise; nothing a careful expert would dispute.

Relevance — does the answer address what was asked?
  0: ignores the question.
  3: touches the topic but misses the actual request.
  5: answers part of the request, or buries it in unrelated material.
  7: answers the request with some padding or a small omission.
  10: answers exactly what was asked, completely and without padding.

Overall — how useful is the answer to the person who asked?
  0: useless or harmful.
  3: poor; the person would have to ask again.
  5: acceptable but clearly improvable.
  7: good; the person can act on it.
  10: excellent; nothing important to add or remove.

Judge only the text of the answers. Do not reward length, confidence or style for their own sake.
Write your reasoning first, then the scores that follow from it.`;

const score = z.number().min(0).max(10);

/** One answer's verdict; `reasoning` comes first so the model reasons before it scores. */
export const verdictSchema = z.object({
  reasoning: z.string().min(1),
  accuracy: score,
  relevance: score,
  overall: score,
});
export type Verdict = z.infer<typeof verdictSchema>;

const VERDICT_JSON = {
  type: "object",
  properties: {
    reasoning: { type: "string", description: "Why the scores are what they are. Written first." },
    accuracy: { type: "number", minimum: 0, maximum: 10 },
    relevance: { type: "number", minimum: 0, maximum: 10 },
    overall: { type: "number", minimum: 0, maximum: 10 },
  },
  required: ["reasoning", "accuracy", "relevance", "overall"],
  additionalProperties: false,
} as const;

/** The JSON schema of a single-answer verdict. */
export const SINGLE_JSON_SCHEMA = VERDICT_JSON;

/** A compare verdict: one verdict per answer in the order shown (A, B, ...), then which one is best. */
export function compareJsonSchema(labels: readonly string[]) {
  return {
    type: "object",
    properties: {
      answers: {
        type: "array",
        description: `One verdict per answer, in the order shown: ${labels.join(", ")}.`,
        minItems: labels.length,
        maxItems: labels.length,
        items: VERDICT_JSON,
      },
      best_reasoning: { type: "string", description: "Which answer is best and why. Written before best." },
      best: { type: "string", enum: labels },
    },
    required: ["answers", "best_reasoning", "best"],
    additionalProperties: false,
  } as const;
}

export function compareSchema(labels: readonly string[]) {
  return z.object({
    answers: z.array(verdictSchema).length(labels.length, `one verdict per answer (${labels.length})`),
    best_reasoning: z.string().min(1),
    best: z.enum(labels as [string, ...string[]]),
  });
}
export type CompareVerdict = z.infer<ReturnType<typeof compareSchema>>;

/** Labels the judge sees instead of model names: A, B, C, ... */
export const labelsFor = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i));

export type JudgePrompt = { system: string; user: string };

const INSTRUCTIONS = `You are an impartial judge of answers written by AI assistants. You never learn which assistant wrote an answer; judge the text alone.

${RUBRIC}

Reply with JSON only — no prose, no code fence — matching this JSON Schema:
`;

/** The judge prompt for one answer. Contains no model name. */
export function singlePrompt(question: string, answer: string): JudgePrompt {
  return {
    system: `${INSTRUCTIONS}${JSON.stringify(SINGLE_JSON_SCHEMA)}`,
    user: `## Question\n${question}\n\n## Answer\n${answer}`,
  };
}

/** The judge prompt for the answers of a compare, in the given order, labelled A, B, ... */
export function comparePrompt(question: string, answers: readonly string[]): JudgePrompt {
  const labels = labelsFor(answers.length);
  return {
    system: `${INSTRUCTIONS}${JSON.stringify(compareJsonSchema(labels))}\n\nJudge every answer on its own, then say which one is best.`,
    user: `## Question\n${question}\n\n${answers.map((a, i) => `## Answer ${labels[i]}\n${a}`).join("\n\n")}`,
  };
}

/** sha256 of exactly what the judge was sent (system and user), so identical prompts are recognisable. */
export function promptHash(prompts: readonly JudgePrompt[]): string {
  const h = createHash("sha256");
  for (const p of prompts) h.update(p.system).update("\u0000").update(p.user).update("\u0001");
  return h.digest("hex");
}

/** Parses the judge's text (a fenced block is tolerated); throws a readable message otherwise. */
export function parseJudgeJson<T>(text: string, schema: z.ZodType<T>): T {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  let value: unknown;
  try {
    value = JSON.parse((fenced?.[1] ?? text).trim());
  } catch {
    throw new JudgeOutputError("The judge model's reply is not JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new JudgeOutputError(
      `The judge model's JSON does not match the rubric's schema: ${i?.path.join(".") || "value"}: ${i?.message}`,
    );
  }
  return parsed.data;
}

/** A judge reply that cannot be used: a 502 naming what was wrong (and nothing is stored). */
export class JudgeOutputError extends AppError {
  constructor(message: string) {
    super("upstream_error", message);
  }
}
