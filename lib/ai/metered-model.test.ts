import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiUsageLogs } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { withRequestId } from "@/lib/server/log";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { collect, makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import type { CallOutcome } from "./gateway";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const args = encodeURIComponent(JSON.stringify({ city: "Paris" }));
const LOOP = `mock-gpt@tool=weather|weather,tool_args=${args}`;
const SLOW = "mock-gpt@tps=20,tokens=200";
const weather = tool({
  description: "Weather of a city",
  inputSchema: jsonSchema<{ city: string }>({
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
  }),
  execute: async ({ city }) => `sunny in ${city}`,
});

describeEachEngine("metered model (AI SDK tool loop through the gateway)", ({ db }) => {
  let models: Record<string, string>;
  let anthropic: Record<string, string>;

  beforeAll(async () => {
    await seedCatalog(db());
    const owner = await makeUser(db(), { role: "admin" });
    ({ modelIds: models } = await mockIntegration(db(), owner.actor, mock.url, {
      provider: "openai",
      models: [LOOP, SLOW],
      pricing: { input: 2, output: 10 },
    }));
    ({ modelIds: anthropic } = await mockIntegration(db(), owner.actor, mock.url, {
      provider: "anthropic",
      models: [`mock-claude@tool=weather,tool_args=${args}`],
      pricing: { input: 3, output: 15 },
    }));
  });
  beforeEach(() => mock.reset());

  const logsOf = (userId: string) => db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, userId));

  for (const flavour of ["openai", "anthropic"] as const) {
    it(`meters every step of a tool loop as its own usage row (${flavour})`, async () => {
      const u = await makeUser(db());
      const { gateway } = makeGateway(db());
      const outcomes: CallOutcome[] = [];
      const modelId = flavour === "openai" ? models[LOOP]! : Object.values(anthropic)[0]!;
      const result = streamText({
        model: gateway.meteredModel({ actor: u.actor, modelId, context: { conversationId: null } }, (o) =>
          outcomes.push(o),
        ),
        tools: { weather },
        stopWhen: stepCountIs(8),
        prompt: "Weather in Paris?",
        maxOutputTokens: 200,
      });
      expect(await result.text).toBe("Tool result: sunny in Paris");
      const steps = flavour === "openai" ? 3 : 2;
      expect((await result.steps).length).toBe(steps);
      expect(outcomes.map((o) => o.status)).toEqual(Array(steps).fill("success"));
      await gateway.flush();
      const logs = await logsOf(u.id);
      expect(logs).toHaveLength(steps);
      expect(logs.every((l) => l.status === "success" && !l.estimated && l.tokensIn > 0)).toBe(true);
      expect(mock.requests().map((r) => r.toolResults)).toEqual(flavour === "openai" ? [0, 1, 2] : [0, 1]);
    });
  }

  it("prechecks every step: a refused call never reaches the provider", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const error = await generateText({
      model: gateway.meteredModel({ actor: u.actor, modelId: models[LOOP]!, costLimitUsd: 0.0000001 }),
      tools: { weather },
      prompt: "Weather?",
      maxRetries: 0,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "budget_exceeded" });
    expect(mock.requests()).toHaveLength(0);
  });

  it("an abort closes the upstream stream and meters the call as aborted", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const controller = new AbortController();
    const result = streamText({
      model: gateway.meteredModel({ actor: u.actor, modelId: models[SLOW]! }),
      prompt: "Tell me a long story",
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    let seen = 0;
    for await (const _ of result.textStream) {
      if (++seen === 3) controller.abort();
    }
    await gateway.flush();
    await expect.poll(() => mock.requests()[0]?.clientClosed).toBe(true);
    await expect.poll(async () => (await logsOf(u.id)).map((l) => l.status)).toEqual(["aborted"]);
  });

  it("generateText (doGenerate) is metered too", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    const result = await generateText({
      model: gateway.meteredModel({ actor: u.actor, modelId: models[LOOP]! }),
      tools: { weather },
      stopWhen: stepCountIs(8),
      prompt: "Weather?",
    });
    expect(result.text).toBe("Tool result: sunny in Paris");
    await gateway.flush();
    expect(await logsOf(u.id)).toHaveLength(3);
  });

  it("sends the id of the request being served upstream, on both call paths", async () => {
    const u = await makeUser(db());
    const { gateway } = makeGateway(db());
    await withRequestId("req-trace-0001", async () => {
      const stream = await gateway.stream({
        actor: u.actor,
        modelId: models[SLOW]!,
        messages: [{ role: "user", content: "hi" }],
        maxOutputTokens: 3,
      });
      await collect(stream);
      await generateText({
        model: gateway.meteredModel({ actor: u.actor, modelId: models[LOOP]! }),
        prompt: "hi",
      });
    });
    await gateway.flush();
    expect(mock.requests().map((r) => r.requestId)).toEqual(["req-trace-0001", "req-trace-0001"]);
  });
});
