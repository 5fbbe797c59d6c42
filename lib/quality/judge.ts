import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Message, messages, qualityAssessments } from "@/db/schema";
import type { Gateway } from "@/lib/ai/gateway";
import { usableModelsCached } from "@/lib/ai/models";
import type { Actor } from "@/lib/auth/actor";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { judgeCompare } from "./compare";
import { qualityPreferences } from "./preferences";
import {
  JudgeOutputError,
  type JudgePrompt,
  parseJudgeJson,
  promptHash,
  RUBRIC_VERSION,
  singlePrompt,
  verdictSchema,
} from "./rubric";

export const assessInput = z.object({
  /** The judge (catalog id); the user's default from Settings → Quality when left out. */
  judgeModelId: z.uuid("judgeModelId must be a model id").optional(),
});

export type JudgeScore = {
  id: string;
  messageId: string;
  judgeModel: string;
  accuracy: number | null;
  relevance: number | null;
  overall: number;
  rubricVersion: string | null;
  turnId: string | null;
  /** Compare turns: whether this answer won both orders, lost, or the orders disagreed. */
  pairwise: "best" | "not_best" | "tie" | null;
  reasoning: string[];
  createdAt: string;
};

type Judge = { id: string; name: string; label: string };

/**
 * Scores answers with a judge model against the rubric (lib/quality/rubric.ts). The judge sees the
 * question and the answers' text only, never model names; calls go through the gateway (metered as
 * chat calls of the conversation); every row of one assessment is written in one transaction after
 * every judge reply parsed, so a malformed reply leaves nothing behind.
 */
export class QualityJudge {
  constructor(
    private readonly db: Db,
    private readonly gateway: Gateway,
    private readonly actor: Actor,
  ) {}

  /** One answer on its own. */
  async assessMessage(messageId: string, input: unknown = {}): Promise<JudgeScore[]> {
    assertId(messageId, "That answer");
    const { judgeModelId } = parseInput(assessInput, input ?? {});
    const [answer] = await this.answersWhere(eq(messages.id, messageId));
    if (!answer) throw notFound("That answer");
    const judge = await this.judge(judgeModelId, [answer]);
    const prompt = singlePrompt(await this.question(answer), answer.content);
    const verdict = parseJudgeJson(await this.call(judge, prompt, answer), verdictSchema);
    return this.save(judge, [prompt], null, [
      {
        message: answer,
        accuracy: verdict.accuracy,
        relevance: verdict.relevance,
        overall: verdict.overall,
        criteria: { reasoning: [verdict.reasoning] },
      },
    ]);
  }

  /**
   * Every complete answer of a compare turn, judged together in the turn's order and again in the
   * reverse order; each score is the mean of the two, and "best" is recorded only when both orders
   * agree (otherwise a tie), which cancels the judge's position bias.
   */
  async assessTurn(turnId: string, input: unknown = {}): Promise<JudgeScore[]> {
    assertId(turnId, "That compare");
    const { judgeModelId } = parseInput(assessInput, input ?? {});
    const answers = (
      await this.answersWhere(and(eq(messages.turnId, turnId), eq(messages.kind, "answer")))
    ).filter((m) => m.content.trim());
    if (answers.length === 0) throw notFound("That compare");
    if (answers.length < 2)
      throw new AppError(
        "bad_request",
        "A compare needs at least two complete answers to be judged together.",
      );
    const judge = await this.judge(judgeModelId, answers);
    const question = await this.question(answers[0] as Message);
    const byId = new Map(answers.map((m) => [m.id, m]));
    const { prompts, results, combined } = await judgeCompare(
      question,
      answers.map((m) => ({ id: m.id, text: m.content })),
      (prompt, first) => this.call(judge, prompt, byId.get(first.id) as Message),
    );
    return this.save(
      judge,
      prompts,
      turnId,
      answers.map((m) => {
        const c = combined.scores[m.id];
        if (!c) throw new JudgeOutputError("The judge model left an answer unscored.");
        return {
          message: m,
          ...c.means,
          criteria: {
            reasoning: c.reasoning,
            pairwise: {
              orders: results.map((r) => ({ order: r.order, best: r.best, reasoning: r.bestReasoning })),
              winner: combined.winner,
              tie: combined.winner === null,
            },
          },
        };
      }),
    );
  }

  /** The user's complete assistant answers matching `where`, oldest first. */
  private answersWhere(where: ReturnType<typeof and>) {
    return this.db
      .select()
      .from(messages)
      .where(
        and(
          where,
          eq(messages.userId, this.actor.id),
          eq(messages.role, "assistant"),
          eq(messages.status, "complete"),
        ),
      )
      .orderBy(asc(messages.createdAt), asc(messages.id));
  }

  private async question(answer: Message): Promise<string> {
    if (!answer.parentId) return "";
    const [parent] = await this.db
      .select({ content: messages.content })
      .from(messages)
      .where(and(eq(messages.id, answer.parentId), eq(messages.userId, this.actor.id)));
    return parent?.content ?? "";
  }

  /** The judge: the chosen or default model, usable by the user, and none of the answering models. */
  private async judge(judgeModelId: string | undefined, answers: Message[]): Promise<Judge> {
    const id = judgeModelId ?? (await qualityPreferences(this.db, this.actor.id)).judgeModelId;
    if (!id)
      throw new AppError("bad_request", "Choose a judge model (Settings → Quality sets the default).", {
        field: "judgeModelId",
      });
    const model = (await usableModelsCached(this.db, this.actor)).find((m) => m.id === id);
    if (!model)
      throw new AppError("not_found", "That judge model is not one you can use.", { field: "judgeModelId" });
    if (answers.some((a) => a.modelId === model.id || (!a.modelId && a.modelName === model.name)))
      throw new AppError(
        "bad_request",
        "The judge must be a different model from the one that answered; pick another judge.",
        { field: "judgeModelId" },
      );
    return { id: model.id, name: model.name, label: model.displayName };
  }

  private async call(judge: Judge, prompt: JudgePrompt, about: Message): Promise<string> {
    const outcome = await this.gateway.generate({
      actor: this.actor,
      modelId: judge.id,
      system: prompt.system,
      messages: [{ role: "user", content: prompt.user }],
      temperature: 0,
      requestType: "chat",
      context: {
        conversationId: about.conversationId,
        messageId: about.id,
        metadata: { purpose: "quality_judge", rubricVersion: RUBRIC_VERSION },
      },
    });
    if (outcome.status !== "success")
      throw new AppError(
        "upstream_error",
        `The judge model failed: ${outcome.failure?.message ?? outcome.status}`,
      );
    return outcome.text;
  }

  private async save(
    judge: Judge,
    prompts: JudgePrompt[],
    turnId: string | null,
    rows: {
      message: Message;
      accuracy: number;
      relevance: number;
      overall: number;
      criteria: Record<string, unknown>;
    }[],
  ): Promise<JudgeScore[]> {
    const hash = promptHash(prompts);
    const inserted = await this.db.transaction((tx) =>
      tx
        .insert(qualityAssessments)
        .values(
          rows.map((r) => ({
            messageId: r.message.id,
            userId: this.actor.id,
            assessorType: "model" as const,
            assessorModel: judge.name,
            accuracyScore: round2(r.accuracy),
            relevanceScore: round2(r.relevance),
            overallScore: round2(r.overall),
            criteria: r.criteria,
            rubricVersion: RUBRIC_VERSION,
            promptHash: hash,
            turnId,
          })),
        )
        .returning(),
    );
    return inserted.map(toJudgeScore);
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function toJudgeScore(r: typeof qualityAssessments.$inferSelect): JudgeScore {
  const criteria = r.criteria as { reasoning?: unknown; pairwise?: { winner?: unknown; tie?: unknown } };
  const pw = criteria.pairwise;
  return {
    id: r.id,
    messageId: r.messageId,
    judgeModel: r.assessorModel ?? "",
    accuracy: r.accuracyScore,
    relevance: r.relevanceScore,
    overall: r.overallScore,
    rubricVersion: r.rubricVersion,
    turnId: r.turnId,
    pairwise: pw ? (pw.tie ? "tie" : pw.winner === r.messageId ? "best" : "not_best") : null,
    reasoning: Array.isArray(criteria.reasoning) ? criteria.reasoning.map(String) : [],
    createdAt: r.createdAt.toISOString(),
  };
}

/** The latest judge score per answer among the user's messages (for rendering beside people's scores). */
export async function judgeScoresFor(db: Db, userId: string, messageIds: string[]): Promise<JudgeScore[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .select()
    .from(qualityAssessments)
    .where(
      and(
        eq(qualityAssessments.userId, userId),
        eq(qualityAssessments.assessorType, "model"),
        inArray(qualityAssessments.messageId, messageIds),
      ),
    )
    .orderBy(asc(qualityAssessments.createdAt));
  const latest = new Map<string, JudgeScore>();
  for (const r of rows) latest.set(r.messageId, toJudgeScore(r));
  return [...latest.values()];
}
