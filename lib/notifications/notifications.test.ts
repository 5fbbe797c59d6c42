import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { aiIntegrations, aiProviders, notifications, users } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { usageRecord } from "@/lib/testing/usage-records";
import { BudgetAlerts } from "@/lib/usage/budget";
import { SpendTracker } from "@/lib/usage/spend";
import { UsageWriter } from "@/lib/usage/writer";
import { NotificationModel } from "./notifications";

describeEachEngine("notifications", ({ db }) => {
  let alice = "";
  let bob = "";

  beforeAll(async () => {
    await seedCatalog(db());
    alice = (await makeUser(db())).id;
    bob = (await makeUser(db())).id;
    const base = new Date("2026-05-10T12:00:00Z").getTime();
    await db()
      .insert(notifications)
      .values([
        ...Array.from({ length: 5 }, (_, i) => ({
          userId: alice,
          kind: "test",
          title: `Alice ${i}`,
          createdAt: new Date(base + i * 1000),
        })),
        // Same instant: the cursor must still neither skip nor repeat one.
        { userId: alice, kind: "test", title: "Alice tie a", createdAt: new Date(base + 10_000) },
        { userId: alice, kind: "test", title: "Alice tie b", createdAt: new Date(base + 10_000) },
        {
          userId: bob,
          kind: "test",
          title: "Bob 0",
          createdAt: new Date(base),
          data: { href: "//evil.test" },
        },
      ]);
  });

  it("shows a user only their own, newest first, page by page", async () => {
    const mine = new NotificationModel(db(), alice);
    expect(await mine.unreadCount()).toBe(7);
    const first = await mine.list({ limit: 3 });
    expect(first.more).toBe(true);
    expect(first.items.slice(2).map((n) => n.title)).toEqual(["Alice 4"]);
    const seen = [...first.items];
    let page = first;
    while (page.more) {
      page = await mine.list({ limit: 3, before: page.items.at(-1)?.id });
      seen.push(...page.items);
    }
    expect(seen.map((n) => n.title).sort()).toEqual(
      ["Alice 0", "Alice 1", "Alice 2", "Alice 3", "Alice 4", "Alice tie a", "Alice tie b"].sort(),
    );
    expect(new Set(seen.map((n) => n.id)).size).toBe(7);
    expect(seen.at(-1)?.title).toBe("Alice 0");

    const theirs = await new NotificationModel(db(), bob).list();
    expect(theirs.items.map((n) => n.title)).toEqual(["Bob 0"]);
    // Only same-site paths become links.
    expect(theirs.items[0]?.href).toBeNull();
    // Another user's id as a cursor reveals nothing.
    expect((await new NotificationModel(db(), bob).list({ before: seen[0]?.id })).items).toEqual([]);
  });

  it("marks read only the owner's notifications", async () => {
    const mine = new NotificationModel(db(), alice);
    const theirs = new NotificationModel(db(), bob);
    const [a] = (await mine.list({ limit: 1 })).items;
    expect(await theirs.markRead({ ids: [a?.id] })).toBe(0);
    expect(await mine.unreadCount()).toBe(7);
    expect(await theirs.markAllRead()).toBe(1);
    expect(await mine.unreadCount()).toBe(7);

    expect(await mine.markRead({ ids: [a?.id] })).toBe(1);
    expect(await mine.markRead({ ids: [a?.id] })).toBe(0);
    expect(await mine.unreadCount()).toBe(6);
    expect((await mine.list({ limit: 1 })).items[0]).toMatchObject({ id: a?.id, read: true });
    expect(await mine.markAllRead()).toBe(6);
    expect(await mine.unreadCount()).toBe(0);

    await expect(mine.markRead({ ids: ["nope"] })).rejects.toMatchObject({ field: "ids.0" });
    await expect(mine.markRead({ ids: [] })).rejects.toMatchObject({ field: "ids" });
  });

  it("lists the gateway's 80% budget alert, linking to the usage page", async () => {
    const carol = (await makeUser(db())).id;
    await db().update(users).set({ monthlyBudgetUsd: "1.000000" }).where(eq(users.id, carol));
    // The cap counts spend on admin-shared integrations: Carol's calls went through one.
    const [provider] = await db().select().from(aiProviders).where(eq(aiProviders.slug, "openai"));
    const [shared] = await db()
      .insert(aiIntegrations)
      .values({ userId: null, providerId: provider!.id, platform: "openai", name: "shared" })
      .returning();
    const writer = new UsageWriter(db());
    const call = {
      createdAt: new Date(),
      cost: "0.850000",
      integrationId: shared!.id,
      integrationShared: true,
    };
    writer.enqueue(usageRecord({ userId: carol, ...call }));
    // The same spend on Dave's own integration is not counted toward his cap: no alert.
    const dave = (await makeUser(db())).id;
    await db().update(users).set({ monthlyBudgetUsd: "1.000000" }).where(eq(users.id, dave));
    writer.enqueue(usageRecord({ userId: dave, ...call, integrationId: null, integrationShared: false }));
    await writer.flush();
    const alerts = new BudgetAlerts(db(), new SpendTracker(db(), writer));
    expect(await alerts.check(dave)).toBe(false);
    expect(await alerts.check(carol)).toBe(true);

    const mine = new NotificationModel(db(), carol);
    expect(await mine.unreadCount()).toBe(1);
    const [alert] = (await mine.list()).items;
    expect(alert).toMatchObject({
      kind: "budget_warning",
      title: "You have used 85% of your monthly budget",
      href: "/usage",
      read: false,
    });
    expect(alert?.body).toMatch(/\$0\.85 of \$1\.00 \(set by an admin\)/);
    expect((await new NotificationModel(db(), alice).list()).items.map((n) => n.kind)).not.toContain(
      "budget_warning",
    );
  });
});
