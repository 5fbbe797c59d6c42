import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import {
  aiModels,
  aiTemplates,
  auditLogs,
  conversations,
  learningPatterns,
  messages,
  messageVotes,
  qualityAssessments,
  terminologyEntries,
  workflowRuns,
  workflows,
  workflowVersions,
} from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { wilson } from "@/lib/terminology/rank";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { leaderboard } from "./leaderboard";
import { deleteLearned, derivePatterns, learningEnabled, setLearning } from "./patterns";
import { usersToRelearn } from "./schedule";
import { suggestionsFor } from "./suggestions";

type Answer = {
  model: string;
  cost: number;
  score?: number;
  terms?: { score: number; items: [string, string][] };
};

/**
 * A seeded history (inserted rows, as the chat runner stores them): a user message, then one turn of
 * answers under it (a regeneration is another turn under the same user message), an optional fused
 * answer, and an optional best-answer vote (an answer's index, or "fused").
 */
describeEachEngine("learning and insights", ({ db }) => {
  let M1: string;
  let M2: string;
  let M3: string;
  let labels: Record<string, string>;
  let names: Record<string, string>;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let other: Awaited<ReturnType<typeof makeUser>>;
  let codeTemplate: string;
  // The seeded history starts 200 days ago (so the 7-day period holds none of it).
  let clock = Date.now() - 200 * 86_400_000;
  const tick = () => {
    clock += 1000;
    return new Date(clock);
  };
  /** The turns' user messages, by name, to regenerate under. */
  const prompts = new Map<string, { id: string; conversationId: string; userId: string }>();
  const turnIds = new Map<string, string>();
  const answerIds = new Map<string, string[]>();

  async function conversation(userId: string, templateId: string | null = null) {
    const [c] = await db()
      .insert(conversations)
      .values({ userId, templateId, mode: "multi" })
      .returning({ id: conversations.id });
    return c!.id;
  }

  async function turn(
    name: string,
    at: { userId: string; conversationId: string; regenerate?: string },
    answers: Answer[],
    opts: { fused?: Answer; vote?: number | "fused" } = {},
  ) {
    let prompt = at.regenerate ? prompts.get(at.regenerate) : undefined;
    if (!prompt) {
      const [u] = await db()
        .insert(messages)
        .values({
          conversationId: at.conversationId,
          userId: at.userId,
          role: "user",
          content: `prompt ${name}`,
          createdAt: tick(),
        })
        .returning({ id: messages.id });
      prompt = { id: u!.id, conversationId: at.conversationId, userId: at.userId };
    }
    prompts.set(name, prompt);
    const turnId = randomUUID();
    turnIds.set(name, turnId);
    const ids: string[] = [];
    const insertAnswer = async (a: Answer, kind: "answer" | "fused") => {
      const [m] = await db()
        .insert(messages)
        .values({
          conversationId: at.conversationId,
          userId: at.userId,
          parentId: prompt.id,
          turnId,
          role: "assistant",
          kind,
          content: `answer of ${a.model}`,
          modelId: a.model,
          modelName: names[a.model],
          providerSlug: "openai",
          cost: String(a.cost),
          createdAt: tick(),
          metadata: a.terms
            ? {
                terms: {
                  applied: a.terms.items.map(([id]) => ({ id, term: "x" })),
                  check: {
                    version: 1,
                    score: a.terms.score,
                    items: a.terms.items.map(([entryId, status]) => ({
                      entryId,
                      term: "x",
                      status,
                      spans: [],
                      forbidden: [],
                    })),
                  },
                },
              }
            : {},
        })
        .returning({ id: messages.id });
      if (a.score !== undefined) {
        await db().insert(qualityAssessments).values({
          messageId: m!.id,
          userId: at.userId,
          assessorType: "person",
          assessorUserId: at.userId,
          overallScore: a.score,
          createdAt: tick(),
        });
      }
      return m!.id;
    };
    for (const a of answers) ids.push(await insertAnswer(a, "answer"));
    const fusedId = opts.fused ? await insertAnswer(opts.fused, "fused") : null;
    answerIds.set(name, fusedId ? [...ids, fusedId] : ids);
    if (opts.vote !== undefined) {
      const messageId = opts.vote === "fused" ? fusedId : ids[opts.vote];
      await db().insert(messageVotes).values({
        userId: at.userId,
        conversationId: at.conversationId,
        turnId,
        messageId: messageId!,
        createdAt: tick(),
      });
    }
  }

  beforeAll(async () => {
    await seedCatalog(db());
    const models = await db().select().from(aiModels).where(eq(aiModels.type, "chat")).limit(3);
    [M1, M2, M3] = models.map((m) => m.id) as [string, string, string];
    labels = Object.fromEntries(models.map((m) => [m.id, m.displayName]));
    names = Object.fromEntries(models.map((m) => [m.id, m.name]));
    owner = await makeUser(db());
    other = await makeUser(db());
    const [t] = await db()
      .insert(aiTemplates)
      .values({
        userId: owner.id,
        slug: `code-${randomUUID()}`,
        name: "Coder",
        category: "code",
        systemPrompt: "x",
      })
      .returning({ id: aiTemplates.id });
    codeTemplate = t!.id;
    const [entry] = await db()
      .insert(terminologyEntries)
      .values({ userId: owner.id, term: "tenant", definition: "a customer account" })
      .returning({ id: terminologyEntries.id });
    const E = entry!.id;

    // The owner's history. Code (a templated conversation): five compares of M1 and M2.
    const code = await conversation(owner.id, codeTemplate);
    const general = await conversation(owner.id);
    const o = (conversationId: string, regenerate?: string) => ({
      userId: owner.id,
      conversationId,
      regenerate,
    });
    await turn(
      "T1",
      o(code),
      [
        { model: M1, cost: 0.002, score: 8, terms: { score: 1, items: [[E, "used"]] } },
        { model: M2, cost: 0.001, score: 6, terms: { score: 1, items: [[E, "used"]] } },
      ],
      { vote: 0 },
    );
    await turn(
      "T2",
      o(code),
      [
        { model: M1, cost: 0.002, score: 10, terms: { score: 0.5, items: [[E, "missing"]] } },
        { model: M2, cost: 0.001 },
      ],
      { vote: 0 },
    );
    await turn(
      "T3",
      o(code),
      [
        { model: M1, cost: 0.002 },
        { model: M2, cost: 0.001 },
      ],
      { vote: 1 },
    );
    await turn("T4", o(code), [
      { model: M1, cost: 0.002 },
      { model: M2, cost: 0.001 },
    ]);
    await turn(
      "T5",
      o(code),
      [
        { model: M1, cost: 0.002 },
        { model: M2, cost: 0.001 },
      ],
      {
        fused: { model: M3, cost: 0.003 },
        vote: "fused",
      },
    );
    // General: a compare of M2 and M3, then a single answer of M2 regenerated once.
    await turn(
      "T6",
      o(general),
      [
        { model: M2, cost: 0.001 },
        { model: M3, cost: 0.004, score: 7 },
      ],
      { vote: 1 },
    );
    await turn("T7", o(general), [{ model: M2, cost: 0.001, score: 4 }]);
    await turn("T8", o(general, "T7"), [{ model: M2, cost: 0.001 }]);

    // Another user's compare, which must never show in the owner's numbers.
    const theirs = await conversation(other.id);
    await turn(
      "X1",
      { userId: other.id, conversationId: theirs },
      [
        { model: M1, cost: 0.01, score: 1 },
        { model: M3, cost: 0.01, score: 9 },
      ],
      {
        vote: 1,
      },
    );

    // A workflow of the owner: 3 succeeded runs, 1 failed, 1 cancelled.
    const [w] = await db()
      .insert(workflows)
      .values({ userId: owner.id, name: "Digest" })
      .returning({ id: workflows.id });
    const [v] = await db()
      .insert(workflowVersions)
      .values({ workflowId: w!.id, version: 1, definition: { steps: [] } as never, hash: "h" })
      .returning({ id: workflowVersions.id });
    for (const status of ["success", "success", "success", "failed", "cancelled"] as const) {
      await db()
        .insert(workflowRuns)
        .values({ workflowId: w!.id, userId: owner.id, versionId: v!.id, status, completedAt: new Date() });
    }
  });

  const row = (board: Awaited<ReturnType<typeof leaderboard>>, model: string) => {
    const r = board.models.find((m) => m.modelId === model);
    if (!r) throw new Error(`no row for ${labels[model]}`);
    return r;
  };

  it("computes the owner's leaderboard exactly (all categories, all time)", async () => {
    const board = await leaderboard(
      db(),
      { kind: "user", userId: owner.id },
      { period: "all", category: null },
    );
    expect(board.models.map((m) => m.modelId).sort()).toEqual([M1, M2, M3].sort());
    expect(board.categories).toEqual(["code", "general"]);

    const m1 = row(board, M1);
    expect({ answers: m1.answers, compares: m1.compares, voted: m1.voted, wins: m1.wins }).toEqual({
      answers: 5,
      compares: 5,
      voted: 4, // T1, T2, T3 and T5 (its vote went to the fused answer)
      wins: 2,
    });
    // Wilson 2 of 4: centre 0.5, half-width 1.96·√(0.0625 + 3.8416/64) / 1.9604.
    expect(m1.winRate?.mean).toBe(0.5);
    expect(m1.winRate?.lower).toBeCloseTo(0.150036, 5);
    expect(m1.winRate?.upper).toBeCloseTo(0.849964, 5);
    // Scores 8 and 10: mean 9, sample SD √2, half-width 1.96·√2/√2 = 1.96; the upper end clamps at 10.
    expect(m1.scoreN).toBe(2);
    expect(m1.scoreMean).toBe(9);
    expect(m1.scoreInterval?.lower).toBeCloseTo(7.04, 10);
    expect(m1.scoreInterval?.upper).toBe(10);
    expect(m1.costTotal).toBeCloseTo(0.01, 10);
    expect(m1.costPerAnswer).toBeCloseTo(0.002, 10);
    expect(m1.qualityPerDollar).toBeCloseTo(4500, 6); // 9 points ÷ $0.002 per answer
    expect(m1.regenerationRate).toBe(0);
    expect(m1.termAdherence).toBeCloseTo(0.75, 10);
    expect(m1.termN).toBe(2);

    const m2 = row(board, M2);
    expect({ answers: m2.answers, compares: m2.compares, voted: m2.voted, wins: m2.wins }).toEqual({
      answers: 8,
      compares: 6,
      voted: 5,
      wins: 1,
    });
    expect(m2.winRate?.lower).toBeCloseTo(wilson(1, 5).lower, 12);
    expect(m2.scoreMean).toBe(5);
    expect(m2.scoreInterval?.lower).toBeCloseTo(3.04, 10);
    expect(m2.scoreInterval?.upper).toBeCloseTo(6.96, 10);
    expect(m2.qualityPerDollar).toBeCloseTo(5000, 6); // 5 ÷ $0.001
    expect(m2.regenerated).toBe(1); // T7's answer: the prompt was asked again (T8)
    expect(m2.regenerationRate).toBeCloseTo(1 / 8, 12);
    expect(m2.termAdherence).toBeCloseTo(1, 12);

    const m3 = row(board, M3);
    expect({
      answers: m3.answers,
      voted: m3.voted,
      wins: m3.wins,
      fused: m3.fused,
      kept: m3.fusedKept,
    }).toEqual({
      answers: 1,
      voted: 1,
      wins: 1,
      fused: 1,
      kept: 1,
    });
    // Wilson 1 of 1: the lower bound is 1 / (1 + z²) = 1 / 4.8416.
    expect(m3.winRate?.lower).toBeCloseTo(0.206543, 6);
    expect(m3.scoreMean).toBe(7);
    expect(m3.scoreInterval).toBeNull(); // one score: no interval
    expect(m3.costPerAnswer).toBeCloseTo(0.004, 10); // the fused answer's cost is not an answer's
    expect(m3.qualityPerDollar).toBeCloseTo(1750, 6);

    // Ranked by the win rate's lower bound.
    expect(board.models.map((m) => m.modelId)).toEqual([M3, M1, M2]);
    expect(board.statements.find((s) => s.id === "votes:code")?.text).toBe(
      `For code you picked ${labels[M1]} as best in 2 of 4 compares.`,
    );
    expect(board.chart.map((p) => p.label)).toEqual([labels[M3], labels[M1], labels[M2]]);
  });

  it("filters by category and period", async () => {
    const code = await leaderboard(
      db(),
      { kind: "user", userId: owner.id },
      { period: "all", category: "code" },
    );
    const m2 = row(code, M2);
    expect({ answers: m2.answers, voted: m2.voted, wins: m2.wins, scoreN: m2.scoreN }).toEqual({
      answers: 5,
      voted: 4,
      wins: 1,
      scoreN: 1,
    });
    expect(m2.scoreInterval).toBeNull();
    // The seeded history is 200 to 199 days old: a 7-day period holds none of it…
    const recent = await leaderboard(
      db(),
      { kind: "user", userId: owner.id },
      { period: "7", category: null },
    );
    expect(recent.models).toEqual([]);
    // …until T6 is moved to yesterday.
    await db()
      .update(messages)
      .set({ createdAt: new Date(Date.now() - 86_400_000) })
      .where(eq(messages.turnId, turnIds.get("T6")!));
    const moved = await leaderboard(
      db(),
      { kind: "user", userId: owner.id },
      { period: "7", category: null },
    );
    expect(moved.models.map((m) => [m.modelId, m.answers, m.voted, m.wins])).toEqual([
      [M3, 1, 1, 1],
      [M2, 1, 1, 0],
    ]);
  });

  it("keeps tenants apart; the admin-wide board counts everyone", async () => {
    const mine = await leaderboard(
      db(),
      { kind: "user", userId: owner.id },
      { period: "all", category: null },
    );
    expect(row(mine, M3).wins).toBe(1);
    const theirs = await leaderboard(
      db(),
      { kind: "user", userId: other.id },
      { period: "all", category: null },
    );
    expect(theirs.models.map((m) => [m.modelId, m.answers, m.wins]).sort()).toEqual(
      [
        [M1, 1, 0],
        [M3, 1, 1],
      ].sort(),
    );
    expect(theirs.categories).toEqual(["general"]);
    const all = await leaderboard(db(), { kind: "admin" }, { period: "all", category: null });
    const m3 = row(all, M3);
    expect({
      answers: m3.answers,
      voted: m3.voted,
      wins: m3.wins,
      scoreN: m3.scoreN,
      scoreMean: m3.scoreMean,
    }).toEqual({
      answers: 2,
      voted: 2,
      wins: 2,
      scoreN: 2,
      scoreMean: 8,
    });
    expect(row(all, M1).answers).toBe(6);
  });

  it("derives patterns with the Wilson lower bound as confidence, idempotently", async () => {
    expect(await derivePatterns(db(), owner.id)).toEqual({
      ai_preference: 4,
      terminology_usage: 1,
      workflow_pattern: 1,
    });
    const read = () =>
      db()
        .select()
        .from(learningPatterns)
        .where(eq(learningPatterns.userId, owner.id))
        .orderBy(learningPatterns.patternType, learningPatterns.patternKey);
    const first = await read();
    const byKey = new Map(first.map((p) => [`${p.patternType}|${p.patternKey}`, p]));
    const ai = (category: string, model: string) => byKey.get(`ai_preference|${category}:${model}`);
    expect(ai("code", M1)).toMatchObject({ confidence: 0.15, occurrences: 4 + 2 }); // 0.150036 to 4 places
    expect(ai("code", M1)?.data).toMatchObject({ voted: 4, wins: 2, scoreMean: 9, category: "code" });
    expect(ai("code", M2)?.confidence).toBe(Math.round(wilson(1, 4).lower * 1e4) / 1e4);
    expect(ai("general", M3)).toMatchObject({ confidence: 0.2065, occurrences: 2 });
    expect(ai("general", M2)).toMatchObject({ confidence: 0, occurrences: 2 }); // 0 of 1 vote, one score
    expect(ai("code", M3)).toBeUndefined(); // it only fused there: no vote or score of its own
    const [term] = first.filter((p) => p.patternType === "terminology_usage");
    expect(term).toMatchObject({ confidence: Math.round(wilson(2, 3).lower * 1e4) / 1e4, occurrences: 3 });
    expect(term?.data).toMatchObject({ checked: 3, used: 2, missing: 1, forbiddenUsed: 0, term: "tenant" });
    const [flow] = first.filter((p) => p.patternType === "workflow_pattern");
    expect(flow).toMatchObject({ confidence: Math.round(wilson(3, 4).lower * 1e4) / 1e4, occurrences: 5 });
    expect(flow?.data).toMatchObject({ name: "Digest", succeeded: 3, failed: 1, cancelled: 1 });

    await derivePatterns(db(), owner.id);
    expect(await read()).toEqual(first);

    // A moved vote changes the pattern in place (same row).
    await db()
      .update(messageVotes)
      .set({ messageId: answerIds.get("T3")![0]! })
      .where(and(eq(messageVotes.userId, owner.id), eq(messageVotes.turnId, turnIds.get("T3")!)));
    await derivePatterns(db(), owner.id);
    const after = new Map((await read()).map((p) => [`${p.patternType}|${p.patternKey}`, p]));
    const moved = after.get(`ai_preference|code:${M1}`);
    expect(moved?.id).toBe(ai("code", M1)?.id);
    expect(moved?.data).toMatchObject({ wins: 3 });
    expect(moved?.confidence).toBe(Math.round(wilson(3, 4).lower * 1e4) / 1e4);
    expect(
      (await db().select().from(learningPatterns).where(eq(learningPatterns.userId, other.id))).length,
    ).toBe(0);
  });

  it("suggests models from what was learned", async () => {
    await derivePatterns(db(), owner.id);
    // After the moved vote: M1 3 of 4 (lower 0.3006), M3 1 of 1 (0.2065), M2 0 of 5.
    const all = await suggestionsFor(db(), owner.id);
    expect(all.enabled).toBe(true);
    expect(all.bestQuality.map((s) => s.modelId)).toEqual([M1, M3]);
    expect(all.fuser).toBe(M1);
    // Quality per dollar: M2 5 ÷ 0.001 = 5000, M1 9 ÷ 0.002 = 4500, M3 7 ÷ 0.004 = 1750.
    expect(all.bestValue.map((s) => s.modelId)).toEqual([M2, M1, M3]);
    expect(new Set(all.suggested)).toEqual(new Set([M1, M2, M3]));
    const general = await suggestionsFor(db(), owner.id, { category: "general", available: [M2, M3] });
    expect(general.bestQuality.map((s) => s.modelId)).toEqual([M3]);
    // General only: M2 4 ÷ 0.001 = 4000 beats M3 7 ÷ 0.004 = 1750.
    expect(general.bestValue.map((s) => s.modelId)).toEqual([M2, M3]);
  });

  it("derives nothing with learning off, hides suggestions, and deletes what was learned (audited)", async () => {
    await derivePatterns(db(), other.id);
    expect(
      (await db().select().from(learningPatterns).where(eq(learningPatterns.userId, other.id))).length,
    ).toBe(2);
    await setLearning(db(), other.id, false, ctx);
    expect(await learningEnabled(db(), other.id)).toBe(false);
    expect(await learningEnabled(db(), owner.id)).toBe(true);
    expect(await suggestionsFor(db(), other.id)).toMatchObject({
      enabled: false,
      bestQuality: [],
      fuser: null,
    });
    const deleted = await deleteLearned(db(), other.id, ctx);
    expect(deleted).toBe(2);
    expect(await derivePatterns(db(), other.id)).toBeNull();
    expect(
      (await db().select().from(learningPatterns).where(eq(learningPatterns.userId, other.id))).length,
    ).toBe(0);
    // The owner's patterns are untouched.
    expect(
      (await db().select().from(learningPatterns).where(eq(learningPatterns.userId, owner.id))).length,
    ).toBe(6);
    const audit = await db().select().from(auditLogs).where(eq(auditLogs.userId, other.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["learning_disabled", "learning_deleted"]),
    );
    expect(audit.find((a) => a.action === "learning_deleted")?.metadata).toMatchObject({ patterns: 2 });
    await setLearning(db(), other.id, true, ctx);
    expect(await learningEnabled(db(), other.id)).toBe(true);
  });

  it("the periodic recompute picks users with recent signals, at most once an hour", async () => {
    const now = Date.now();
    // The owner ran workflows just now; the other user votes now (the rest of the history is old).
    await db().update(messageVotes).set({ createdAt: new Date() }).where(eq(messageVotes.userId, other.id));
    await setLearning(db(), other.id, false, ctx);
    expect(await usersToRelearn(db(), now)).toEqual([owner.id]); // learning off: not picked
    expect(await usersToRelearn(db(), now + 30 * 60_000)).toEqual([]);
    await setLearning(db(), other.id, true, ctx);
    expect((await usersToRelearn(db(), now + 61 * 60_000)).sort()).toEqual([owner.id, other.id].sort());
  });
});
