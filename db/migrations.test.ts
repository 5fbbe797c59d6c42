import { count, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { expect, it } from "vitest";
import { CATALOG } from "@/lib/ai/catalog";
import { DEFAULT_PLANS } from "@/lib/billing/plans";
import { RETENTION_DEFAULTS } from "@/lib/governance/retention-defaults";
import { describeEachEngine } from "@/lib/testing/db";
import { rowsOf } from "./client";
import * as schema from "./schema";
import { aiModels, aiProviders, packages, retentionPolicies } from "./schema";
import { seedCatalog } from "./seed-catalog";

const tables = Object.values(schema as Record<string, unknown>).filter((v): v is PgTable => is(v, PgTable));

describeEachEngine("migrations and seed", ({ db }) => {
  it("creates every table of the schema from empty", async () => {
    const rows = await db().execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const present = new Set(rowsOf<{ table_name: string }>(rows).map((r) => r.table_name));
    const expected = tables.map((t) => getTableConfig(t).name);
    expect(expected.length).toBeGreaterThan(40);
    for (const name of expected) expect(present, `table ${name}`).toContain(name);
  });

  it("seeds the catalog idempotently", async () => {
    const counts = async () => {
      const [[p], [m], [k], [r]] = await Promise.all([
        db().select({ n: count() }).from(aiProviders),
        db().select({ n: count() }).from(aiModels),
        db().select({ n: count() }).from(packages),
        db().select({ n: count() }).from(retentionPolicies),
      ]);
      return { providers: p?.n, models: m?.n, plans: k?.n, retention: r?.n };
    };
    await seedCatalog(db());
    const first = await counts();
    await seedCatalog(db());
    expect(await counts()).toEqual(first);
    expect(first).toEqual({
      providers: CATALOG.length,
      models: CATALOG.reduce((n, p) => n + p.models.length, 0),
      plans: DEFAULT_PLANS.length,
      retention: RETENTION_DEFAULTS.length,
    });
  });

  it("keeps an admin's price edit when the seed runs again", async () => {
    await seedCatalog(db());
    await db().execute(
      sql`update ai_models set pricing = '{"input": 99, "output": 99}' where name = 'gpt-4o'`,
    );
    await seedCatalog(db());
    const rows = await db().select({ name: aiModels.name, pricing: aiModels.pricing }).from(aiModels);
    expect(rows.find((r) => r.name === "gpt-4o")?.pricing).toEqual({ input: 99, output: 99 });
  });
});
