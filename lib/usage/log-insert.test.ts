import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { aiUsageLogs } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { usageRecord } from "@/lib/testing/usage-records";
import { arrayLiteral, insertUsageLogs } from "./log-insert";
import type { UsageRecord } from "./rollup";

const record = (userId: string, over: Partial<UsageRecord> = {}): UsageRecord =>
  usageRecord({
    userId,
    createdAt: new Date("2026-11-22T10:00:00.123Z"),
    modelName: "gpt-4o",
    tokensIn: 10,
    tokensOut: 20,
    cost: "0.000123",
    latencyMs: 100,
    ttftMs: 10,
    ...over,
  });

it("writes array literals PostgreSQL reads back exactly", () => {
  expect(arrayLiteral(["a", null, 'say "hi"', "back\\slash", 3, true])).toBe(
    '{"a",NULL,"say \\"hi\\"","back\\\\slash",3,true}',
  );
});

describeEachEngine("usage rows inserted as one unnest statement", ({ db }) => {
  beforeAll(async () => {
    await seedCatalog(db());
  });

  it("round-trips every column, including awkward text, nulls and JSON", async () => {
    const u = await makeUser(db());
    const awkward = 'He said "NULL", {braces}, commas, back\\slash\\" and ünïcødé 🙂\nnew line';
    const rows = [
      record(u.id, {
        errorMessage: awkward,
        sessionId: "NULL",
        metadata: { failureKind: "server", nested: { quote: '"', list: [1, null, "x"] } },
        status: "error",
        ttftMs: null,
        latencyMs: 0,
        estimated: true,
        cost: "12.345678",
        credits: 1235,
        requestType: "completion",
      }),
      record(u.id, { modelName: null, providerSlug: null, sessionId: "", errorMessage: "nul\u0000byte" }),
    ];
    await insertUsageLogs(db(), rows);
    const got = await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, u.id));
    const first = got.find((r) => r.status === "error");
    const second = got.find((r) => r.status === "success");
    expect(got).toHaveLength(2);
    expect(first).toMatchObject({
      errorMessage: awkward,
      sessionId: "NULL",
      metadata: { failureKind: "server", nested: { quote: '"', list: [1, null, "x"] } },
      ttftMs: null,
      latencyMs: 0,
      estimated: true,
      cost: "12.345678",
      credits: 1235,
      requestType: "completion",
      providerSlug: "openai",
      tokensIn: 10,
      tokensOut: 20,
      apiKeyId: null,
    });
    expect(first?.createdAt.toISOString()).toBe("2026-11-22T10:00:00.123Z");
    expect(second).toMatchObject({
      modelName: null,
      providerSlug: null,
      sessionId: "",
      errorMessage: "nulbyte",
    });
  });

  it("rejects a row that breaks a constraint, like the row-by-row insert did", async () => {
    const u = await makeUser(db());
    await expect(insertUsageLogs(db(), [record(u.id, { tokensIn: -1 })])).rejects.toThrow();
    expect(await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, u.id))).toHaveLength(0);
  });
});
