import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { aiModels, aiTemplates, conversations, packages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { invalidateLimits } from "@/lib/billing/limits";
import { grantCredits } from "@/lib/billing/wallet";
import { ChatRunner, type TurnEvent } from "@/lib/chat/turn";
import { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { purchaseTemplate, refundPurchase } from "./purchases";
import { startTemplateConversation } from "./start-chat";
import { TemplateModel } from "./templates";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const PROMPT = "You are Harbor Pilot. HIDDEN-INSTRUCTIONS-91 guide ships.";

describeEachEngine("chatting with a template", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let creator: Awaited<ReturnType<typeof makeUser>>;
  let model: string;
  let templateId: string;

  beforeAll(async () => {
    await seedCatalog(db());
    for (const p of await db().select().from(packages))
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, monthlyCredits: 0, requestsPerMinute: 1000 } })
        .where(eq(packages.id, p.id));
    invalidateLimits(db());
    admin = await makeUser(db(), { role: "admin" });
    creator = await makeUser(db(), { name: "Creator" });
    ({
      modelIds: { "pilot@reply=aye": model = "" },
    } = await mockIntegration(db(), admin.actor, mock.url, { models: ["pilot@reply=aye"] }));
    const templates = new TemplateModel(db(), creator.actor);
    const t = await templates.create(
      {
        name: "Harbor Pilot",
        systemPrompt: PROMPT,
        personalityConfig: { tone: "calm" },
        knowledgeSources: [{ type: "text", title: "Tides", content: "High tide at noon." }],
        modelConfig: { modelId: model, temperature: 0.3 },
      },
      ctx,
    );
    await templates.publishVersion(t.id, { changelog: "First release" }, ctx);
    await templates.publishListing(t.id, { priceCredits: 25 }, ctx);
    templateId = t.id;
  });
  beforeEach(() => mock.reset());

  async function send(actor: { id: string; role: "user" | "admin" | "enterprise" }, conversationId: string) {
    const { gateway } = makeGateway(db(), { maxRetries: 0 });
    const events: TurnEvent[] = [];
    const job = await new ChatRunner(db(), gateway, actor).send({
      conversationId,
      parentId: null,
      content: "Where do I dock?",
      targets: [{ modelId: model, integrationId: null }],
    });
    await job((e) => events.push(e), new AbortController().signal);
    await gateway.flush();
    return events;
  }

  it("a buyer's chat runs the template's prompt on the server; the buyer never receives it", async () => {
    const buyer = await makeUser(db());
    await expect(startTemplateConversation(db(), buyer.actor, templateId)).rejects.toMatchObject({
      code: "payment_required",
    });
    await grantCredits(db(), admin.actor, { userId: buyer.id, amount: 25, reason: "test" }, ctx);
    const purchase = await purchaseTemplate(
      db(),
      buyer.actor,
      { templateId, idempotencyKey: randomUUID() },
      ctx,
    );
    const conversationId = await startTemplateConversation(db(), buyer.actor, templateId);
    const events = await send(buyer.actor, conversationId);
    expect(events.find((e) => e.type === "done")).toMatchObject({ status: "complete" });
    expect(JSON.stringify(events)).not.toContain("HIDDEN-INSTRUCTIONS");
    const call = mock.requests().find((r) => r.path.endsWith("/chat/completions"));
    expect(call?.system).toContain("HIDDEN-INSTRUCTIONS-91");
    expect(call?.system).toContain("Tone: calm.");
    expect(call?.system).toContain("High tide at noon.");
    expect(call?.temperature).toBe(0.3);
    const [t] = await db().select().from(aiTemplates).where(eq(aiTemplates.id, templateId));
    expect(t?.usageCount).toBe(1);
    const [conv] = await db().select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conv?.templateVersionId).not.toBeNull();

    // After a refund the conversation can no longer run the template.
    await refundPurchase(db(), buyer.actor, purchase.id, ctx);
    const refused = await send(buyer.actor, conversationId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("payment_required");
  });

  it("a user without the purchase cannot start or hijack a template conversation", async () => {
    const outsider = await makeUser(db());
    await expect(startTemplateConversation(db(), outsider.actor, templateId)).rejects.toMatchObject({
      code: "payment_required",
    });
    // Even a conversation row pointing at the template (e.g. created before a refund) does not run it.
    const [conv] = await db()
      .insert(conversations)
      .values({ userId: outsider.id, templateId, mode: "single" })
      .returning();
    const refused = await send(outsider.actor, conv?.id ?? "").catch((e: unknown) => e);
    expect((refused as AppError).code).toBe("payment_required");
    expect(mock.requests()).toHaveLength(0);
  });

  it("the template's cost limit per request is enforced by the gateway", async () => {
    const templates = new TemplateModel(db(), creator.actor);
    const t = await templates.create(
      { name: "Frugal", systemPrompt: "Be brief.", costLimitPerRequest: 0.0001 },
      ctx,
    );
    await db()
      .update(aiModels)
      .set({ pricing: { input: 5, output: 15 } })
      .where(eq(aiModels.id, model));
    const conversationId = await startTemplateConversation(db(), creator.actor, t.id);
    await grantCredits(db(), admin.actor, { userId: creator.id, amount: 1000, reason: "test" }, ctx);
    const events = await send(creator.actor, conversationId);
    const done = events.find((e) => e.type === "done");
    expect(done).toMatchObject({ status: "error" });
    expect(done && "error" in done ? done.error : "").toMatch(/above the limit of \$0\.0001 per request/);
    expect(mock.requests()).toHaveLength(0);
    await db()
      .update(aiModels)
      .set({ pricing: { input: 0, output: 0 } })
      .where(eq(aiModels.id, model));
  });
});
