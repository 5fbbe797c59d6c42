import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { messages, messageVotes, qualityAssessments } from "@/db/schema";
import { AppError, assertId, notFound, parseInput } from "@/lib/errors";
import { requestLearning } from "@/lib/learning/schedule";

const score = z
  .number({ error: "Scores are numbers from 0 to 10." })
  .min(0, "Scores go from 0 to 10.")
  .max(10, "Scores go from 0 to 10.");

export const scoreSchema = z.object({
  accuracy: score.nullable().optional(),
  relevance: score.nullable().optional(),
  overall: score,
  notes: z.string().trim().max(2000).optional(),
});

/** Votes and quality scores on the user's own answers (seed 004 quality_assessments, 0–10). */
export class FeedbackModel {
  constructor(
    private readonly db: Db,
    private readonly userId: string,
  ) {}

  private async ownAnswer(messageId: string) {
    assertId(messageId, "That message");
    const [m] = await this.db
      .select()
      .from(messages)
      .where(
        and(eq(messages.id, messageId), eq(messages.userId, this.userId), eq(messages.role, "assistant")),
      );
    if (!m) throw notFound("That message");
    return m;
  }

  /** The best answer of a multi-model turn; voting again moves the vote. */
  async vote(messageId: string, input: unknown = {}): Promise<void> {
    const { blind } = parseInput(z.object({ blind: z.boolean().default(false) }), input ?? {});
    const m = await this.ownAnswer(messageId);
    if (!m.turnId) throw new AppError("bad_request", "Only answers of a compare can be voted best.");
    await this.db
      .insert(messageVotes)
      .values({ userId: this.userId, conversationId: m.conversationId, turnId: m.turnId, messageId, blind })
      .onConflictDoUpdate({
        target: [messageVotes.userId, messageVotes.turnId],
        set: { messageId, blind, createdAt: new Date() },
      });
    await requestLearning(this.db, this.userId);
  }

  async score(messageId: string, input: unknown): Promise<void> {
    const data = parseInput(scoreSchema, input);
    await this.ownAnswer(messageId);
    await this.db.insert(qualityAssessments).values({
      messageId,
      userId: this.userId,
      assessorType: "person",
      assessorUserId: this.userId,
      accuracyScore: data.accuracy ?? null,
      relevanceScore: data.relevance ?? null,
      overallScore: data.overall,
      notes: data.notes || null,
    });
    await requestLearning(this.db, this.userId);
  }

  /** Votes and the latest score per answer of a conversation (for rendering). */
  async forConversation(conversationId: string) {
    const [votes, scores] = await Promise.all([
      this.db
        .select({ turnId: messageVotes.turnId, messageId: messageVotes.messageId })
        .from(messageVotes)
        .where(and(eq(messageVotes.userId, this.userId), eq(messageVotes.conversationId, conversationId))),
      this.db
        .select({
          messageId: qualityAssessments.messageId,
          accuracy: qualityAssessments.accuracyScore,
          relevance: qualityAssessments.relevanceScore,
          overall: qualityAssessments.overallScore,
        })
        .from(qualityAssessments)
        .innerJoin(messages, eq(messages.id, qualityAssessments.messageId))
        .where(
          and(
            eq(qualityAssessments.userId, this.userId),
            eq(qualityAssessments.assessorType, "person"),
            eq(messages.conversationId, conversationId),
          ),
        )
        .orderBy(desc(qualityAssessments.createdAt)),
    ]);
    const latest = new Map<string, (typeof scores)[number]>();
    for (const s of scores) if (!latest.has(s.messageId)) latest.set(s.messageId, s);
    return { votes, scores: [...latest.values()] };
  }
}
