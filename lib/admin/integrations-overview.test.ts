import { beforeAll, expect, it } from "vitest";
import { aiIntegrations, aiProviders } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { usageRecord } from "@/lib/testing/usage-records";
import { UsageWriter } from "@/lib/usage/writer";
import { IntegrationsOverview } from "./integrations-overview";

const now = new Date("2026-05-10T12:30:00Z");

describeEachEngine("admin integrations overview", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let alice: Awaited<ReturnType<typeof makeUser>>;
  let bob: Awaited<ReturnType<typeof makeUser>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await seedCatalog(db());
    admin = await makeUser(db(), { role: "admin" });
    alice = await makeUser(db(), { name: "Alice Owner" });
    bob = await makeUser(db(), { name: "Bob Owner" });
    const providers = await db().select({ id: aiProviders.id, slug: aiProviders.slug }).from(aiProviders);
    const provider = (slug: string) => providers.find((p) => p.slug === slug)?.id ?? "";
    const add = async (
      key: string,
      v: { userId: string | null; platform: string; status: "connected" | "error" | "disconnected" },
    ) => {
      const [row] = await db()
        .insert(aiIntegrations)
        .values({
          userId: v.userId,
          providerId: provider(v.platform),
          platform: v.platform,
          name: key,
          credentialsEncrypted: "v1.secret-envelope",
          keyVersion: 1,
          keyHint: "sk-…abcd",
          status: v.status,
          lastSyncAt: v.status === "disconnected" ? null : new Date("2026-05-10T08:00:00Z"),
          lastError: v.status === "error" ? "The provider refused the key (401)." : null,
        })
        .returning({ id: aiIntegrations.id });
      ids[key] = row?.id ?? "";
    };
    await add("Shared OpenAI", { userId: null, platform: "openai", status: "connected" });
    await add("Alice Anthropic", { userId: alice.id, platform: "anthropic", status: "error" });
    await add("Alice OpenAI", { userId: alice.id, platform: "openai", status: "connected" });
    await add("Bob Ollama", { userId: bob.id, platform: "ollama", status: "disconnected" });

    const writer = new UsageWriter(db());
    const recent = new Date("2026-05-10T10:00:00Z");
    // The shared integration: 3 calls by Alice and 2 by Bob, one failing.
    for (let i = 0; i < 5; i++)
      writer.enqueue(
        usageRecord({
          userId: i < 3 ? alice.id : bob.id,
          integrationId: ids["Shared OpenAI"],
          integrationShared: true,
          createdAt: recent,
          ...(i === 0 ? { status: "error" as const } : {}),
        }),
      );
    // Alice's own: 4 calls, 2 timeouts; plus 6 calls 2 days ago, outside the window.
    for (let i = 0; i < 4; i++)
      writer.enqueue(
        usageRecord({
          userId: alice.id,
          integrationId: ids["Alice Anthropic"],
          createdAt: recent,
          ...(i < 2 ? { status: "timeout" as const } : {}),
        }),
      );
    for (let i = 0; i < 6; i++)
      writer.enqueue(
        usageRecord({
          userId: alice.id,
          integrationId: ids["Alice Anthropic"],
          createdAt: new Date("2026-05-08T10:00:00Z"),
        }),
      );
    await writer.flush();
    expect(writer.rejected).toEqual([]);
  });

  it("is for admins only", async () => {
    expect(() => new IntegrationsOverview(db(), alice.actor)).toThrow(/Only administrators/);
  });

  it("lists every integration with owner, status, last error and 24 h calls, errors first, never a key", async () => {
    const { rows, total } = await new IntegrationsOverview(db(), admin.actor).list({}, now);
    expect(total).toBe(4);
    expect(rows.map((r) => r.name)).toEqual([
      "Alice Anthropic",
      "Alice OpenAI",
      "Bob Ollama",
      "Shared OpenAI",
    ]);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName["Alice Anthropic"]).toMatchObject({
      owner: { id: alice.id, email: alice.email, name: "Alice Owner" },
      provider: "anthropic",
      providerName: "Anthropic",
      status: "error",
      lastError: "The provider refused the key (401).",
      calls24h: 4,
      errors24h: 2,
    });
    // Counted once (all-users grain), not once per user.
    expect(byName["Shared OpenAI"]).toMatchObject({ owner: null, calls24h: 5, errors24h: 1 });
    expect(byName["Bob Ollama"]).toMatchObject({ calls24h: 0, errors24h: 0, lastSyncAt: null });
    const text = JSON.stringify(rows);
    expect(text).not.toContain("sk-");
    expect(text).not.toContain("secret-envelope");
    for (const r of rows) expect(Object.keys(r)).not.toEqual(expect.arrayContaining(["keyHint"]));
  });

  it("filters by owner, provider, status and search, and paginates", async () => {
    const repo = new IntegrationsOverview(db(), admin.actor);
    const names = async (q: Parameters<typeof repo.list>[0]) =>
      (await repo.list(q, now)).rows.map((r) => r.name);
    expect(await names({ owner: "shared" })).toEqual(["Shared OpenAI"]);
    expect(await names({ owner: "user", provider: "openai" })).toEqual(["Alice OpenAI"]);
    expect(await names({ status: "disconnected" })).toEqual(["Bob Ollama"]);
    expect(await names({ q: bob.email.slice(0, 9) })).toEqual(["Bob Ollama"]);
    expect(await names({ q: "alice owner" })).toEqual(["Alice Anthropic", "Alice OpenAI"]);
    expect(await names({ q: "%" })).toEqual([]);
    const page2 = await repo.list({ pageSize: 3, page: 2 }, now);
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.rows.map((r) => r.name)).toEqual(["Shared OpenAI"]);
    await expect(repo.list({ status: "broken" as "error" })).rejects.toMatchObject({ field: "status" });
  });
});
