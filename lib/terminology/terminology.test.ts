import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLogs, packages, terminologyEntries, users } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { invalidateLimits } from "@/lib/billing/limits";
import { ConversationModel } from "@/lib/chat/conversations";
import { ChatRunner, type TurnEvent } from "@/lib/chat/turn";
import { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { embedPending, usersWithPendingEmbeddings } from "./embeddings";
import { applyImport, planImport } from "./import";
import { parseImport, toCsv, toJson } from "./io";
import { searchEntries } from "./search";
import { TerminologyModel } from "./store";
import { applyUsageCounts, recordTermUse } from "./usage-counts";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describeEachEngine("terminology dictionary", ({ db }) => {
  let models: Record<string, string>;

  beforeAll(async () => {
    await seedCatalog(db());
    for (const p of await db().select().from(packages)) {
      await db()
        .update(packages)
        .set({ limits: { ...p.limits, maxModelsPerCompare: 8, requestsPerMinute: 1000 } })
        .where(eq(packages.id, p.id));
    }
    invalidateLimits(db());
    const admin = await makeUser(db(), { role: "admin" });
    ({ modelIds: models } = await mockIntegration(db(), admin.actor, mock.url, {
      models: [
        "mock-embed",
        "writer-us@reply=The%20color%20palette%20is%20ready.",
        "writer-uk@reply=The%20colour%20palette%20is%20ready.",
        "fuser@reply=Both%20agree%20on%20the%20color.",
      ],
      pricing: { input: 1, output: 2 },
    }));
  });
  beforeEach(() => mock.reset());

  describe("entries", () => {
    it("creates, edits and deletes entries with every field, audited; a duplicate term names the existing entry", async () => {
      const u = await makeUser(db());
      const dict = new TerminologyModel(db(), u.actor);
      const api = await dict.create(
        {
          term: "API",
          definition: "Application programming interface",
          context: "technical",
          variants: ["APIs", "api"],
          forbiddenVariants: ["interface thing"],
          caseSensitive: true,
          language: "en-us",
          usageExamples: ["Call the API."],
          tags: ["dev"],
          isPublic: true,
          notes: "Always upper case",
        },
        ctx,
      );
      expect(api).toMatchObject({
        term: "API",
        language: "en-US",
        caseSensitive: true,
        variants: ["APIs", "api"],
      });
      const dup = await expectAppError(dict.create({ term: "api", definition: "again" }, ctx), "conflict");
      expect(dup.field).toBe("term");
      expect(dup.details).toMatchObject({ existingId: api.id, href: `/terminology/${api.id}` });

      const sdk = await dict.create({ term: "SDK", definition: "Software kit", relatedIds: [api.id] }, ctx);
      const page = await dict.get(api.id);
      expect(page.relatedFrom.map((r) => r.term)).toEqual(["SDK"]);
      expect((await dict.get(sdk.id)).related.map((r) => r.term)).toEqual(["API"]);

      const edited = await dict.update(
        api.id,
        { definition: "An interface for programs", tags: ["dev", "core"] },
        ctx,
      );
      expect(edited).toMatchObject({
        definition: "An interface for programs",
        tags: ["dev", "core"],
        term: "API",
      });
      await expectAppError(dict.update(sdk.id, { term: "Api" }, ctx), "conflict");
      await expectAppError(dict.update(sdk.id, { nonsense: 1 }, ctx), "validation_failed");
      await expectAppError(dict.update(sdk.id, { forbiddenVariants: ["SDK"] }, ctx), "validation_failed");

      expect(await dict.bulkTag({ ids: [api.id, sdk.id], add: ["glossary"], remove: ["core"] }, ctx)).toBe(2);
      expect((await dict.list({ tag: "glossary" })).total).toBe(2);
      expect((await dict.tags()).find((t) => t.tag === "glossary")?.count).toBe(2);

      expect(await dict.remove([api.id], ctx)).toBe(1);
      expect((await dict.get(sdk.id)).related).toEqual([]);
      const actions = (await db().select().from(auditLogs).where(eq(auditLogs.userId, u.id))).map(
        (a) => a.action,
      );
      expect(actions).toEqual(expect.arrayContaining(["create", "update", "bulk_tag", "delete"]));
    });

    it("lists with filters and sorts", async () => {
      const u = await makeUser(db());
      const dict = new TerminologyModel(db(), u.actor);
      await dict.create({ term: "beta", definition: "b", context: "business", isPublic: true }, ctx);
      const alpha = await dict.create({ term: "Alpha", definition: "a", context: "technical" }, ctx);
      await db().update(terminologyEntries).set({ frequency: 9 }).where(eq(terminologyEntries.id, alpha.id));
      expect((await dict.list()).entries.map((e) => e.term)).toEqual(["Alpha", "beta"]);
      expect((await dict.list({ context: "business" })).entries.map((e) => e.term)).toEqual(["beta"]);
      expect((await dict.list({ visibility: "public" })).entries.map((e) => e.term)).toEqual(["beta"]);
      expect((await dict.list({ sort: "frequency" })).entries[0]?.term).toBe("Alpha");
      await expectAppError(dict.list({ sort: "loudest" as "term" }), "validation_failed");
    });

    it("keeps users apart: another user's entries are invisible and untouchable; public ones are readable and copyable, never writable", async () => {
      const owner = await makeUser(db());
      const other = await makeUser(db());
      const mine = new TerminologyModel(db(), owner.actor);
      const theirs = new TerminologyModel(db(), other.actor);
      const priv = await mine.create({ term: "Secret", definition: "private" }, ctx);
      const pub = await mine.create({ term: "Shared", definition: "public one", isPublic: true }, ctx);

      await expectAppError(theirs.get(priv.id), "not_found");
      await expectAppError(theirs.get(pub.id), "not_found");
      await expectAppError(theirs.update(pub.id, { definition: "hijacked" }, ctx), "not_found");
      expect(await theirs.remove([priv.id, pub.id], ctx)).toBe(0);
      await expectAppError(
        theirs.create({ term: "X", definition: "y", relatedIds: [priv.id] }, ctx),
        "validation_failed",
      );
      expect((await theirs.list()).total).toBe(0);
      expect((await searchEntries(db(), null, other.actor, "Secret")).hits).toEqual([]);

      const visible = await theirs.publicList();
      expect(visible.map((e) => e.term)).toContain("Shared");
      expect(visible.map((e) => e.term)).not.toContain("Secret");
      expect((await mine.publicList()).map((e) => e.id)).not.toContain(pub.id);
      await expectAppError(theirs.copyPublic([priv.id], ctx), "not_found");
      expect(await theirs.copyPublic([pub.id], ctx)).toEqual({ copied: ["Shared"], skipped: [] });
      expect(await theirs.copyPublic([pub.id], ctx)).toEqual({ copied: [], skipped: ["Shared"] });
      const copy = (await theirs.list()).entries[0];
      expect(copy).toMatchObject({ term: "Shared", isPublic: false, userId: other.id });
      expect((await mine.get(pub.id)).definition).toBe("public one");
    });
  });

  describe("import and export", () => {
    const enc = (text: string) => new TextEncoder().encode(text);
    const parse = (text: string, filename = "terms.csv") => {
      const parsed = parseImport({ bytes: enc(text), filename });
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed;
    };

    it("imports 10,000 rows, upserting by term, and previews what it will do", async () => {
      const u = await makeUser(db());
      await new TerminologyModel(db(), u.actor).create({ term: "term-5", definition: "old" }, ctx);
      const lines = ["term,definition,tags,related_terms"];
      for (let i = 0; i < 10_000; i++)
        lines.push(`term-${i},Definition ${i},t${i % 3},${i > 0 ? `term-${i - 1}` : ""}`);
      const parsed = parse(lines.join("\n"));
      const plan = await planImport(db(), u.actor, parsed);
      expect(plan).toMatchObject({ create: 9_999, update: 1, reject: 0 });
      const result = await applyImport(db(), u.actor, parsed, "skip", ctx);
      expect(result).toMatchObject({ created: 9_999, updated: 1, rejected: 0 });
      const dict = new TerminologyModel(db(), u.actor);
      expect((await dict.list()).total).toBe(10_000);
      const five = (await searchEntries(db(), null, u.actor, "term-5")).hits.find((h) => h.term === "term-5");
      expect(five?.definition).toBe("Definition 5");
      expect((await dict.get(five!.id)).related.map((r) => r.term)).toEqual(["term-4"]);
      const audit = await db().select().from(auditLogs).where(eq(auditLogs.userId, u.id));
      expect(audit.find((a) => a.action === "import")?.metadata).toMatchObject({
        created: 9_999,
        updated: 1,
      });
    });

    it("all or nothing writes nothing when a row is bad; skip writes the good rows and reports the bad one", async () => {
      const u = await makeUser(db());
      const parsed = parse(
        "term,definition,context\nfine,ok,technical\n,missing term,technical\nodd,ok,galactic\n",
      );
      expect(parsed.errors.map((e) => [e.row, e.field])).toEqual([
        [3, "term"],
        [4, "context"],
      ]);
      const all = await expectAppError(applyImport(db(), u.actor, parsed, "all", ctx), "validation_failed");
      expect(all.message).toContain("row 3");
      expect((await new TerminologyModel(db(), u.actor).list()).total).toBe(0);
      expect(await applyImport(db(), u.actor, parsed, "skip", ctx)).toMatchObject({
        created: 1,
        rejected: 2,
      });
    });

    it("exports CSV and JSON that re-import unchanged", async () => {
      const u = await makeUser(db());
      const dict = new TerminologyModel(db(), u.actor);
      const a = await dict.create(
        {
          term: "=SUM(A1)",
          definition: 'Quotes "and", commas\nand lines',
          variants: ["a|b", "c"],
          forbiddenVariants: ["-bad"],
          tags: ["x"],
          caseSensitive: true,
          language: "de-CH",
          usageExamples: ["Ünïcödé ✓"],
          isPublic: true,
          pinned: true,
          notes: "@note",
        },
        ctx,
      );
      await dict.create({ term: "plain", definition: "p", relatedIds: [a.id] }, ctx);
      const exported = await dict.exportAll();
      for (const [text, name] of [
        [toCsv(exported), "x.csv"],
        [toJson(exported), "x.json"],
      ] as const) {
        const v = await makeUser(db());
        const parsed = parse(text, name);
        expect(parsed.errors).toEqual([]);
        await applyImport(db(), v.actor, parsed, "all", ctx);
        expect(await new TerminologyModel(db(), v.actor).exportAll()).toEqual(exported);
      }
    });
  });

  describe("search", () => {
    it("finds by exact term, by a typo and by meaning (embeddings through the gateway, one model only)", async () => {
      const u = await makeUser(db());
      const dict = new TerminologyModel(db(), u.actor);
      await dict.create({ term: "Terminology", definition: "The words a field uses" }, ctx);
      await dict.create({ term: "Automobile", definition: "A road vehicle with an engine" }, ctx);
      await dict.create({ term: "Invoice", definition: "A bill sent to a buyer" }, ctx);
      await dict.create({ term: "Kubernetes", definition: "Container orchestration" }, ctx);

      const { gateway } = makeGateway(db(), { maxRetries: 0 });
      // No embedding model: lexical only, and the result says so.
      const lexical = await searchEntries(db(), gateway, u.actor, "Terminology");
      expect(lexical.semantic).toBe("off");
      expect(lexical.hits[0]?.term).toBe("Terminology");
      expect(lexical.hits[0]?.matchedBy).toEqual(expect.arrayContaining(["text", "typo"]));
      expect((await searchEntries(db(), gateway, u.actor, "terminolgy")).hits[0]?.term).toBe("Terminology");
      expect((await searchEntries(db(), gateway, u.actor, "kuber")).hits[0]?.term).toBe("Kubernetes");

      await db()
        .update(users)
        .set({ preferences: { embeddingModelId: models["mock-embed"] } })
        .where(eq(users.id, u.id));
      expect(await usersWithPendingEmbeddings(db())).toContain(u.id);
      const done = await embedPending(db(), gateway, u.id);
      expect(done).toMatchObject({ embedded: 4, remaining: false });
      expect(await usersWithPendingEmbeddings(db())).not.toContain(u.id);
      const byMeaning = await searchEntries(db(), gateway, u.actor, "car");
      expect(byMeaning.semantic).toBe("on");
      expect(byMeaning.hits[0]).toMatchObject({ term: "Automobile", matchedBy: ["meaning"] });
      expect((await searchEntries(db(), gateway, u.actor, "payment")).hits[0]?.term).toBe("Invoice");
      // The calls were metered as embedding requests.
      const calls = mock.requests().filter((r) => r.path === "/v1/embeddings");
      expect(calls.length).toBeGreaterThanOrEqual(2);
      await gateway.flush();

      // An edit clears the entry's vector; the next batch embeds it again.
      const [car] = (await dict.list()).entries.filter((e) => e.term === "Automobile");
      const edited = await dict.update(car!.id, { definition: "A car" }, ctx);
      expect(edited.hasEmbedding).toBe(false);
      expect((await embedPending(db(), gateway, u.id)).embedded).toBe(1);
    });
  });

  describe("in every answer", () => {
    it("adds the relevant terms to every model's and the fuser's system prompt, and checks each answer", async () => {
      const u = await makeUser(db());
      const dict = new TerminologyModel(db(), u.actor);
      const color = await dict.create(
        { term: "color", definition: "US spelling of the visual property", forbiddenVariants: ["colour"] },
        ctx,
      );
      await dict.create({ term: "brand kit", definition: "Logos and fonts", pinned: true }, ctx);
      await dict.create({ term: "unrelated", definition: "Never mentioned" }, ctx);
      const conv = await new ConversationModel(db(), u.id).create({ mode: "multi" });
      const { gateway } = makeGateway(db(), { maxRetries: 0 });
      const runner = new ChatRunner(db(), gateway, u.actor);
      const events: TurnEvent[] = [];
      const job = await runner.send({
        conversationId: conv.id,
        parentId: null,
        content: "Which color should the palette use?",
        targets: [
          { modelId: models["writer-us@reply=The%20color%20palette%20is%20ready."]!, integrationId: null },
          { modelId: models["writer-uk@reply=The%20colour%20palette%20is%20ready."]!, integrationId: null },
        ],
      });
      await job((e) => events.push(e), new AbortController().signal);

      const chats = mock.requests().filter((r) => r.path === "/v1/chat/completions");
      const systemOf = (r: (typeof chats)[number]) => r.system ?? "";
      const answerCalls = chats.filter((r) => r.stream && r.model?.startsWith("writer"));
      expect(answerCalls).toHaveLength(2);
      for (const call of answerCalls) {
        expect(systemOf(call)).toContain("- color: US spelling");
        expect(systemOf(call)).toContain("Do not write “colour”");
        expect(systemOf(call)).toContain("- brand kit: Logos and fonts");
        expect(systemOf(call)).not.toContain("unrelated");
      }
      const starts = events.filter((e) => e.type === "start");
      expect(
        starts.every(
          (s) =>
            s.type === "start" &&
            s.terms
              .map((t) => t.term)
              .sort()
              .join() === "brand kit,color",
        ),
      ).toBe(true);
      const done = events.filter((e): e is Extract<TurnEvent, { type: "done" }> => e.type === "done");
      const byScore = done
        .map((d) => d.terms?.check.items.find((i) => i.entryId === color.id)?.status)
        .sort();
      expect(byScore).toEqual(["forbidden_used", "used"]);
      const uk = done.find((d) => d.terms?.check.items.some((i) => i.status === "forbidden_used"));
      const item = uk?.terms?.check.items.find((i) => i.entryId === color.id);
      expect(item?.forbidden).toEqual([{ start: 4, end: 10, text: "colour", replacement: "color" }]);
      expect(uk?.terms?.check.score).toBe(0);

      // Stored on the message; the fuser gets the terms too.
      const msgs = await new ConversationModel(db(), u.id).messages(conv.id);
      const stored = msgs.find((m) => m.id === uk?.messageId);
      expect((stored?.metadata.terms as { check: { score: number } } | undefined)?.check.score).toBe(0);
      mock.reset();
      const turnId = msgs.find((m) => m.turnId)?.turnId;
      const fuse = await runner.fuse({
        conversationId: conv.id,
        turnId,
        fuserModelId: models["fuser@reply=Both%20agree%20on%20the%20color."],
      });
      await fuse(() => {}, new AbortController().signal);
      const fuserCall = mock.requests().find((r) => r.model?.startsWith("fuser"));
      expect(fuserCall && systemOf(fuserCall)).toContain("- color: US spelling");

      // Turned off for the conversation: no terms.
      await new ConversationModel(db(), u.id).update(conv.id, { useTerminology: false });
      mock.reset();
      const off = await new ChatRunner(db(), gateway, u.actor).send({
        conversationId: (await new ConversationModel(db(), u.id).get(conv.id)).id,
        parentId: null,
        content: "color again",
        targets: [
          { modelId: models["writer-us@reply=The%20color%20palette%20is%20ready."]!, integrationId: null },
        ],
      });
      await off(() => {}, new AbortController().signal);
      const plain = mock.requests().find((r) => r.path === "/v1/chat/completions");
      expect(plain && systemOf(plain)).not.toContain("color: US spelling");
      await gateway.flush();
    });

    it("counts uses in batches: prompts' mentions fold into frequency and last used", async () => {
      const u = await makeUser(db());
      const dict = new TerminologyModel(db(), u.actor);
      const a = await dict.create({ term: "alpha", definition: "a" }, ctx);
      const b = await dict.create({ term: "beta", definition: "b" }, ctx);
      const later = new Date(Date.now() + 60_000);
      await recordTermUse(db(), u.id, [a.id, b.id]);
      await recordTermUse(db(), u.id, [a.id], later);
      expect((await dict.get(a.id)).frequency).toBe(1);
      expect(await applyUsageCounts(db(), u.id)).toBe(2);
      const after = await dict.get(a.id);
      expect(after.frequency).toBe(3);
      expect(after.lastUsedAt.getTime()).toBe(later.getTime());
      expect((await dict.get(b.id)).frequency).toBe(2);
      expect(await applyUsageCounts(db(), u.id)).toBe(0);
    });
  });
});
