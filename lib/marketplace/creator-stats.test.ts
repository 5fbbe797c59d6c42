import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, templatePurchases, users } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import type { Actor } from "@/lib/auth/actor";
import { grantCredits } from "@/lib/billing/wallet";
import { AppError } from "@/lib/errors";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { countUse } from "./access";
import { rateTemplate } from "./community";
import {
  type CreatorSeries,
  CreatorStatsRepo,
  daysEndingOn,
  fillDays,
  withCumulativeEarnings,
} from "./creator-stats";
import { purchaseTemplate, refundPurchase } from "./purchases";
import { TemplateModel } from "./templates";

/** A user row without the argon2 cost. */
async function quickUser(db: Db, name: string): Promise<Actor> {
  const [u] = await db
    .insert(users)
    .values({ email: `c${randomUUID().slice(0, 12)}@example.test`, name, passwordHash: "x" })
    .returning({ id: users.id });
  if (!u) throw new Error("no user");
  return { id: u.id, role: "user" };
}

async function template(db: Db, creator: Actor, name: string, price: number | null) {
  const model = new TemplateModel(db, creator);
  const t = await model.create({ name, systemPrompt: `You are ${name}.` }, ctx);
  if (price === null) return t; // a draft: no version, not listed
  await model.publishVersion(t.id, { changelog: "First" }, ctx);
  return model.publishListing(t.id, { priceCredits: price }, ctx);
}

const day = (series: CreatorSeries, d: string) => series.points.find((p) => p.day === d);

describe("creator series helpers", () => {
  it("lists the days ending on a date, across month and year ends", () => {
    expect(daysEndingOn("2026-01-02", 4)).toEqual(["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"]);
    expect(daysEndingOn("2024-03-01", 2)).toEqual(["2024-02-29", "2024-03-01"]);
  });

  it("fills every day, sums rows of the same day and drops days outside the range", () => {
    const points = fillDays(
      ["2026-01-01", "2026-01-02"],
      [
        { day: "2026-01-02", sales: 2, earnings: 140 },
        { day: "2026-01-02", refunds: 1, earnings: -70 },
        { day: "2025-12-31", uses: 9 },
      ],
    );
    expect(points).toEqual([
      { day: "2026-01-01", sales: 0, refunds: 0, earnings: 0, uses: 0 },
      { day: "2026-01-02", sales: 2, refunds: 1, earnings: 70, uses: 0 },
    ]);
    expect(withCumulativeEarnings(points).map((p) => p.cumulative)).toEqual([0, 70]);
  });
});

describeEachEngine("creator stats", ({ db }) => {
  // "Today" for the daily series: Jan 20, 2026, 04:00 in Los Angeles (UTC-8, no DST in January).
  const now = new Date("2026-01-20T12:00:00Z");
  let creator: Actor;
  let other: Actor;
  let paid: Awaited<ReturnType<typeof template>>;
  let free: Awaited<ReturnType<typeof template>>;
  let draft: Awaited<ReturnType<typeof template>>;
  let rival: Awaited<ReturnType<typeof template>>;

  beforeAll(async () => {
    await seedCatalog(db());
    const admin = await makeUser(db(), { role: "admin" });
    creator = await quickUser(db(), "Creator");
    other = await quickUser(db(), "Other creator");
    paid = await template(db(), creator, "Paid helper", 100);
    free = await template(db(), creator, "Free helper", 0);
    draft = await template(db(), creator, "Draft helper", null);
    rival = await template(db(), other, "Rival helper", 50);

    const buyers = await Promise.all(["b1", "b2", "b3", "b4"].map((n) => quickUser(db(), n)));
    const at: Record<string, string> = {
      b1: "2026-01-19T03:00:00Z", // Jan 18 in Los Angeles, Jan 19 in UTC
      b2: "2026-01-19T20:00:00Z", // Jan 19 everywhere
      b3: "2026-01-15T10:00:00Z", // refunded on Jan 16 (below)
      b4: "2025-11-01T12:00:00Z", // inside 90 days, outside 30
    };
    for (const [i, buyer] of buyers.entries()) {
      await grantCredits(db(), admin.actor, { userId: buyer.id, amount: 1000, reason: "test" }, ctx);
      const p = await purchaseTemplate(
        db(),
        buyer,
        { templateId: paid.id, idempotencyKey: randomUUID() },
        ctx,
      );
      const name = `b${i + 1}`;
      await rateTemplate(db(), buyer, paid.id, { rating: name === "b3" ? 1 : name === "b4" ? 4 : 5 }, ctx);
      if (name === "b3") await refundPurchase(db(), buyer, p.id, ctx);
      await db()
        .update(templatePurchases)
        .set({
          purchasedAt: new Date(at[name] as string),
          ...(name === "b3" ? { refundedAt: new Date("2026-01-16T10:00:00Z") } : {}),
        })
        .where(eq(templatePurchases.id, p.id));
    }
    // The rival's sale and use, on the same days: never part of the creator's numbers.
    const b1 = buyers[0] as Actor;
    const sold = await purchaseTemplate(
      db(),
      b1,
      { templateId: rival.id, idempotencyKey: randomUUID() },
      ctx,
    );
    await db()
      .update(templatePurchases)
      .set({ purchasedAt: new Date("2026-01-19T20:00:00Z") })
      .where(eq(templatePurchases.id, sold.id));

    const conversation = (userId: string, templateId: string | null, createdAt: string) =>
      db()
        .insert(conversations)
        .values({ userId, templateId, mode: "single", createdAt: new Date(createdAt) });
    await conversation(b1.id, free.id, "2026-01-19T05:00:00Z"); // Jan 18 in Los Angeles
    await conversation(buyers[1]?.id ?? "", free.id, "2026-01-19T06:00:00Z"); // Jan 18 in Los Angeles
    await conversation(b1.id, paid.id, "2026-01-20T10:00:00Z"); // Jan 20
    await conversation(b1.id, rival.id, "2026-01-19T20:00:00Z");
    await conversation(b1.id, null, "2026-01-19T20:00:00Z");
    for (let i = 0; i < 3; i++) await countUse(db(), free.id);
    await countUse(db(), rival.id);
  });

  it("totals per template: sales, earnings, refunds, uses, rating, version, status", async () => {
    const rows = await new CreatorStatsRepo(db(), creator).templates();
    expect(rows.map((r) => r.name)).toEqual(["Paid helper", expect.any(String), expect.any(String)]);
    expect(rows.map((r) => r.name).sort()).toEqual(["Draft helper", "Free helper", "Paid helper"]);
    const p = rows.find((r) => r.id === paid.id);
    expect(p).toMatchObject({
      slug: paid.slug,
      listingStatus: "published",
      deleted: false,
      priceCredits: 100,
      currentVersion: 1,
      sales: 3, // b1, b2, b4; b3 was refunded
      earnings: 210, // 3 × 70% of 100
      refunds: 1,
      refundedCredits: 100,
      uses: 0,
      rating: 4.67, // 5, 5, 4: the refunded buyer's rating was withdrawn
      ratingCount: 3,
    });
    expect(rows.find((r) => r.id === free.id)).toMatchObject({
      sales: 0,
      earnings: 0,
      uses: 3,
      priceCredits: 0,
    });
    expect(rows.find((r) => r.id === draft.id)).toMatchObject({
      currentVersion: null,
      listingStatus: "draft",
    });
  });

  it("daily series in the creator's time zone, 30 days", async () => {
    const series = await new CreatorStatsRepo(db(), creator).daily({ days: 30 }, "America/Los_Angeles", now);
    expect(series.points).toHaveLength(30);
    expect(series.from).toBe("2025-12-22");
    expect(series.to).toBe("2026-01-20");
    expect(day(series, "2026-01-18")).toEqual({
      day: "2026-01-18",
      sales: 1,
      refunds: 0,
      earnings: 70,
      uses: 2,
    });
    expect(day(series, "2026-01-19")).toEqual({
      day: "2026-01-19",
      sales: 1,
      refunds: 0,
      earnings: 70,
      uses: 0,
    });
    expect(day(series, "2026-01-15")).toMatchObject({ sales: 1, earnings: 70 });
    expect(day(series, "2026-01-16")).toMatchObject({ sales: 0, refunds: 1, earnings: -70 });
    expect(day(series, "2026-01-20")).toMatchObject({ uses: 1 });
    expect(series.totals).toEqual({ sales: 3, refunds: 1, earnings: 140, uses: 3 });
    // Every day not named above is zero.
    const busy = new Set(["2026-01-15", "2026-01-16", "2026-01-18", "2026-01-19", "2026-01-20"]);
    for (const p of series.points.filter((x) => !busy.has(x.day)))
      expect(p).toEqual({ day: p.day, sales: 0, refunds: 0, earnings: 0, uses: 0 });
  });

  it("90 days reaches older sales; net earnings over all of it equal the template totals", async () => {
    const repo = new CreatorStatsRepo(db(), creator);
    const series = await repo.daily({ days: "90" }, "America/Los_Angeles", now);
    expect(series.points).toHaveLength(90);
    expect(day(series, "2025-11-01")).toMatchObject({ sales: 1, earnings: 70 });
    expect(series.totals.sales).toBe(4);
    const totals = await repo.templates();
    expect(series.totals.earnings).toBe(totals.reduce((s, t) => s + t.earnings, 0));
  });

  it("days are cut in the given zone: the same sales fall on other days in UTC", async () => {
    const series = await new CreatorStatsRepo(db(), creator).daily({ days: 30 }, "UTC", now);
    expect(day(series, "2026-01-18")).toMatchObject({ sales: 0, uses: 0 });
    expect(day(series, "2026-01-19")).toMatchObject({ sales: 2, earnings: 140, uses: 2 });
    // An unknown zone falls back to UTC instead of failing.
    const fallback = await new CreatorStatsRepo(db(), creator).daily({ days: 30 }, "Mars/Olympus", now);
    expect(fallback.timezone).toBe("UTC");
    expect(fallback.points).toEqual(series.points);
  });

  it("never includes another creator's templates, sales or uses", async () => {
    const mine = new CreatorStatsRepo(db(), creator);
    expect((await mine.templates()).map((t) => t.id)).not.toContain(rival.id);
    const theirs = new CreatorStatsRepo(db(), other);
    const rows = await theirs.templates();
    expect(rows.map((t) => t.id)).toEqual([rival.id]);
    expect(rows[0]).toMatchObject({ sales: 1, earnings: 35, uses: 1 });
    const series = await theirs.daily({ days: 30 }, "UTC", now);
    expect(series.totals).toEqual({ sales: 1, refunds: 0, earnings: 35, uses: 1 });
    // A buyer with no templates sees nothing at all.
    const nobody = new CreatorStatsRepo(db(), await quickUser(db(), "Nobody"));
    expect(await nobody.templates()).toEqual([]);
    expect((await nobody.daily({}, "UTC", now)).totals).toEqual({
      sales: 0,
      refunds: 0,
      earnings: 0,
      uses: 0,
    });
  });

  it("deleted templates stay while they have sales; ranges other than 30 or 90 are refused", async () => {
    const model = new TemplateModel(db(), creator);
    await model.remove(draft.id, ctx);
    await model.remove(paid.id, ctx);
    const rows = await new CreatorStatsRepo(db(), creator).templates();
    expect(rows.map((r) => r.id)).not.toContain(draft.id);
    expect(rows.find((r) => r.id === paid.id)).toMatchObject({ deleted: true, sales: 3 });
    const err = await new CreatorStatsRepo(db(), creator).daily({ days: 7 }, "UTC", now).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("validation_failed");
    expect((err as AppError).message).toContain("days");
  });
});
