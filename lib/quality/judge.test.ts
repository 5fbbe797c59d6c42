import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiModels, aiUsageLogs, conversations, messages, packages, qualityAssessments } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { invalidateLimits } from "@/lib/billing/limits";
import { FeedbackModel } from "@/lib/chat/feedback";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { judgeAgreement } from "./agreement";
import { judgeScoresFor, QualityJudge } from "./judge";
import { qualityPreferences, setQualityPreferences } from "./preferences";
import { comparePrompt, promptHash, RUBRIC_VERSION, singlePrompt } from "./rubric";

const single = { reasoning: "Correct and to the point.", accuracy: 9, relevance: 8.5, overall: 8 };
const compare = {
  answers: [
    { reasoning: "Right.", accuracy: 9, relevance: 9, overall: 9 },
    { reasoning: "Wrong city.", accuracy: 2, relevance: 7, overall: 3 },
  ],
  best_reasoning: "A is correct.",
  best: "A",
};
const judgeName = (reply: unknown) => `judge@reply=${encodeURIComponent(JSON.stringify(reply))}`;

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

describeEachEngine("quality by a judge model", ({ db }) => {
  let models: Record<string, string>;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let gw: ReturnType<typeof makeGateway>;
  afterAll(async () => {
    await gw?.writer.flush();
  });

  beforeAll(async () => {
    await seedCatalog(db());
    for (const p of await db().select().from(packages)) {
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, requestsPerMinute: 1000 } })
        .where(eq(packages.id, p.id));
    }
    invalidateLimits(db());
    gw = makeGateway(db());
    owner = await makeUser(db(), { role: "admin" });
    ({ modelIds: models } = await mockIntegration(db(), owner.actor, mock.url, {
      models: ["ans-a", "ans-b", judgeName(single), "judge@reply=not%20json%20at%20all"],
      pricing: { input: 1, output: 2 },
    }));
    // A compare verdict is longer than the catalog form allows for a name: the row is copied directly.
    const [base] = await db().select().from(aiModels).where(eq(aiModels.id, models["ans-a"]!));
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = base!;
    const [long] = await db()
      .insert(aiModels)
      .values({ ...rest, name: judgeName(compare), displayName: "Compare judge" })
      .returning();
    models[judgeName(compare)] = long!.id;
  });
  beforeEach(() => mock.reset());

  /** A conversation with one prompt and answers from the given models (one turn). */
  async function turnOf(userId: string, modelNames: string[]) {
    const [c] = await db().insert(conversations).values({ userId, mode: "multi" }).returning();
    const [prompt] = await db()
      .insert(messages)
      .values({ conversationId: c!.id, userId, role: "user", content: "What is the capital of France?" })
      .returning();
    const turnId = randomUUID();
    const answers = [];
    for (const [i, name] of modelNames.entries()) {
      const [a] = await db()
        .insert(messages)
        .values({
          conversationId: c!.id,
          userId,
          parentId: prompt!.id,
          turnId,
          role: "assistant",
          content: i === 0 ? "Paris." : "Lyon.",
          modelId: models[name],
          modelName: name,
          createdAt: new Date(Date.now() + i),
        })
        .returning();
      answers.push(a!);
    }
    return { conversation: c!, prompt: prompt!, turnId, answers };
  }

  const judge = () => new QualityJudge(db(), gw.gateway, owner.actor);
  const rowsOf = (messageId: string) =>
    db().select().from(qualityAssessments).where(eq(qualityAssessments.messageId, messageId));

  it("stores the judge's JSON exactly, with rubric version and prompt hash, and never shows model names", async () => {
    const { answers } = await turnOf(owner.id, ["ans-a"]);
    const a = answers[0]!;
    const [score] = await judge().assessMessage(a.id, { judgeModelId: models[judgeName(single)] });
    const [row] = await rowsOf(a.id);
    expect(row).toMatchObject({
      assessorType: "model",
      assessorModel: judgeName(single),
      accuracyScore: 9,
      relevanceScore: 8.5,
      overallScore: 8,
      rubricVersion: RUBRIC_VERSION,
      promptHash: promptHash([singlePrompt("What is the capital of France?", "Paris.")]),
      turnId: null,
      criteria: { reasoning: ["Correct and to the point."] },
    });
    expect(score).toMatchObject({ overall: 8, pairwise: null });
    const [req] = mock.requests();
    expect(req?.system).toContain("Accuracy — is what the answer states true");
    expect(JSON.stringify(req)).not.toContain("ans-a");
    // Metered like any call: one usage row for the judge model, on the conversation.
    await expect
      .poll(async () => (await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.messageId, a.id))).length)
      .toBe(1);
  });

  it("a malformed judge reply is a clear error and writes no row", async () => {
    const { answers } = await turnOf(owner.id, ["ans-a", "ans-b"]);
    const bad = models["judge@reply=not%20json%20at%20all"];
    await expect(judge().assessMessage(answers[0]!.id, { judgeModelId: bad })).rejects.toMatchObject({
      code: "upstream_error",
      message: "The judge model's reply is not JSON.",
    });
    // A compare whose second order fails still leaves nothing: rows are written after both parse.
    await expect(judge().assessTurn(answers[0]!.turnId!, { judgeModelId: bad })).rejects.toMatchObject({
      code: "upstream_error",
    });
    // JSON of the wrong shape (a single verdict where a compare is expected) names the field.
    await expect(
      judge().assessTurn(answers[0]!.turnId!, { judgeModelId: models[judgeName(single)] }),
    ).rejects.toThrow(/does not match the rubric's schema: answers/);
    for (const a of answers) expect(await rowsOf(a.id)).toEqual([]);
  });

  it("judges a compare in both orders and records a tie when they disagree", async () => {
    const { answers, turnId } = await turnOf(owner.id, ["ans-a", "ans-b"]);
    // The mock always says "A is best": A is the first answer in one order and the second in the other.
    const scores = await judge().assessTurn(turnId, { judgeModelId: models[judgeName(compare)] });
    const reqs = mock.requests();
    expect(reqs).toHaveLength(2);
    const [pa] = await rowsOf(answers[0]!.id);
    const [pb] = await rowsOf(answers[1]!.id);
    // Each score is the mean over both orders: Paris was A (9) then B (3) → 6.
    expect(pa).toMatchObject({ turnId, overallScore: 6, accuracyScore: 5.5, relevanceScore: 8 });
    expect(pb).toMatchObject({ turnId, overallScore: 6 });
    expect(pa?.criteria).toMatchObject({
      pairwise: {
        tie: true,
        winner: null,
        orders: [
          { order: [answers[0]!.id, answers[1]!.id], best: answers[0]!.id },
          { order: [answers[1]!.id, answers[0]!.id], best: answers[1]!.id },
        ],
      },
    });
    // The hash is of exactly the two prompts: the turn's order, then the reverse.
    const q = "What is the capital of France?";
    expect(pa?.promptHash).toBe(
      promptHash([comparePrompt(q, ["Paris.", "Lyon."]), comparePrompt(q, ["Lyon.", "Paris."])]),
    );
    expect(pb?.promptHash).toBe(pa?.promptHash);
    expect(scores.map((s) => s.pairwise)).toEqual(["tie", "tie"]);
  });

  it("refuses a judge that answered, and another user's answers are not found", async () => {
    const { answers, turnId } = await turnOf(owner.id, ["ans-a", judgeName(single)]);
    await expect(
      judge().assessMessage(answers[1]!.id, { judgeModelId: models[judgeName(single)] }),
    ).rejects.toMatchObject({ code: "bad_request", field: "judgeModelId" });
    await expect(
      judge().assessTurn(turnId, { judgeModelId: models[judgeName(single)] }),
    ).rejects.toMatchObject({
      field: "judgeModelId",
    });
    // No judge given and none in Settings.
    await expect(judge().assessMessage(answers[0]!.id)).rejects.toMatchObject({ field: "judgeModelId" });
    const other = await makeUser(db());
    const theirs = new QualityJudge(db(), gw.gateway, other.actor);
    await expect(
      theirs.assessMessage(answers[0]!.id, { judgeModelId: models["ans-b"] }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(mock.requests()).toHaveLength(0);
    expect(await judgeScoresFor(db(), other.id, [answers[0]!.id])).toEqual([]);
  });

  it("uses the default judge from Settings, and measures agreement with people", async () => {
    const user = await makeUser(db(), { role: "admin" });
    await expect(
      setQualityPreferences(db(), user.actor, { judgeModelId: randomUUID(), autoAssessCompare: true }, ctx),
    ).rejects.toMatchObject({ field: "judgeModelId" });
    await setQualityPreferences(
      db(),
      user.actor,
      { judgeModelId: models[judgeName(single)], autoAssessCompare: false },
      ctx,
    );
    expect(await qualityPreferences(db(), user.id)).toEqual({
      judgeModelId: models[judgeName(single)],
      autoAssessCompare: false,
    });
    const t1 = await turnOf(user.id, ["ans-a"]);
    const t2 = await turnOf(user.id, ["ans-b"]);
    const j = new QualityJudge(db(), gw.gateway, user.actor);
    await j.assessMessage(t1.answers[0]!.id);
    await j.assessMessage(t2.answers[0]!.id);
    const feedback = new FeedbackModel(db(), user.id);
    await feedback.score(t1.answers[0]!.id, { overall: 7.5 }); // judge 8: within 1
    await feedback.score(t2.answers[0]!.id, { overall: 4 }); // judge 8: off by 4
    expect(await judgeAgreement(db(), { kind: "user", userId: user.id })).toEqual({
      pairs: 2,
      withinOne: 1,
      meanAbsDiff: 2.25,
    });
    // People's scores shown in chat stay people's: the judge's row is not "the score".
    const fb = await feedback.forConversation(t1.conversation.id);
    expect(fb.scores).toEqual([expect.objectContaining({ overall: 7.5 })]);
  });
});
