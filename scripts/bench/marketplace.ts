/**
 * `npm run bench:marketplace` — marketplace search and purchases on PostgreSQL.
 *
 * - Seeds a fresh database (on 127.0.0.1:5432, or BENCH_POSTGRES_URL's server; dropped afterwards)
 *   with BENCH_LISTINGS (default 100,000) published listings generated server-side (names and
 *   descriptions from word lists, categories, tags, prices, ratings, usage counts) by 1,000 creators.
 * - Search: p50/p95 of lib/marketplace/browse.ts browseListings — exactly what /marketplace runs —
 *   over a mix of queries (full-text words, fuzzy name fragments, category, tags, free/paid, price
 *   range, minimum rating, every sort, pages 1–5), BENCH_SEARCHES (default 300) after a warm-up.
 * - Purchases: 20 concurrent buyers buying through lib/marketplace/purchases.ts purchaseTemplate
 *   (the whole transaction: purchase row, balanced 3-leg transfer with row locks, sales counter,
 *   audit row) for BENCH_PURCHASE_MS (default 10 s); purchases per second, then a ledger check.
 * Progress goes to stderr; the last line on stdout is one JSON object.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type Database, migrateDatabase, openPostgres } from "../../db/client";
import { users } from "../../db/schema";
import { seedCatalog } from "../../db/seed-catalog";
import type { Actor } from "../../lib/auth/actor";
import { ledgerImbalance } from "../../lib/billing/ledger";
import { grantCredits } from "../../lib/billing/wallet";
import { browseListings } from "../../lib/marketplace/browse";
import { purchaseTemplate } from "../../lib/marketplace/purchases";
import { TemplateModel } from "../../lib/marketplace/templates";

const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
const PURCHASE_MS = Number(process.env.BENCH_PURCHASE_MS ?? 10_000);
const BUYERS = 20;
const ctx = { ip: null, userAgent: "bench" };
const log = (...a: unknown[]) => console.error("[bench:marketplace]", ...a);

const WORDS = [
  "contract",
  "reviewer",
  "legal",
  "tutor",
  "math",
  "python",
  "coder",
  "sql",
  "analyst",
  "marketing",
  "copywriter",
  "seo",
  "email",
  "support",
  "agent",
  "travel",
  "planner",
  "recipe",
  "chef",
  "fitness",
  "coach",
  "resume",
  "career",
  "interview",
  "translator",
  "spanish",
  "french",
  "poet",
  "story",
  "novel",
  "research",
  "summarizer",
  "paper",
  "finance",
  "budget",
  "tax",
  "accountant",
  "startup",
  "pitch",
  "investor",
  "product",
  "manager",
  "roadmap",
  "designer",
  "ux",
  "brand",
  "naming",
  "security",
  "auditor",
  "devops",
  "kubernetes",
  "cloud",
  "data",
  "scientist",
  "statistics",
  "teacher",
  "history",
  "philosophy",
  "debate",
  "negotiation",
  "sales",
  "crm",
  "harbor",
  "pilot",
];
const CATEGORIES = [
  "writing",
  "coding",
  "research",
  "business",
  "marketing",
  "education",
  "productivity",
  "creative",
  "data",
  "support",
  "other",
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[idx] ?? 0) * 100) / 100;
}

const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T;

function randomQuery(): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  const r = Math.random();
  if (r < 0.45) q.q = `${pick(WORDS)}${Math.random() < 0.4 ? ` ${pick(WORDS)}` : ""}`;
  else if (r < 0.55) q.q = pick(WORDS).slice(0, 4); // a fragment: the fuzzy name match
  if (Math.random() < 0.35) q.category = pick(CATEGORIES);
  if (Math.random() < 0.2) q.tags = [pick(WORDS)];
  const price = Math.random();
  if (price < 0.15) q.price = "free";
  else if (price < 0.3) q.price = "paid";
  if (Math.random() < 0.15) {
    q.minPrice = 100;
    q.maxPrice = 1000;
  }
  if (Math.random() < 0.2) q.minRating = pick([3, 4]);
  q.sort = pick([undefined, "rating", "popular", "newest", "price_asc", "price_desc"]);
  q.page = Math.random() < 0.8 ? 1 : pick([2, 3, 4, 5]);
  return q;
}

async function seed(database: Database): Promise<{ buyers: Actor[]; targets: string[] }> {
  const db = database.db;
  await seedCatalog(db);
  log(`seeding ${LISTINGS.toLocaleString("en-US")} listings…`);
  const started = Date.now();
  await db.execute(sql`
    insert into users (email, name, password_hash)
    select 'creator' || g || '@bench.local', 'Creator ' || g, 'x' from generate_series(1, 1000) g`);
  const words = `{${WORDS.join(",")}}`;
  const cats = `{${CATEGORIES.join(",")}}`;
  await db.execute(sql`
    with creators as (select array_agg(id order by email) ids from users where email like 'creator%@bench.local'),
    w as (select ${words}::text[] words, ${cats}::text[] cats)
    insert into ai_templates (user_id, slug, name, description, category, tags, system_prompt,
      listing_status, is_marketplace, is_public, price_credits, rating, rating_count, usage_count,
      sales_count, published_at)
    select
      creators.ids[1 + (g % 1000)],
      'bench-' || g,
      initcap(w.words[1 + (g * 7) % array_length(w.words, 1)]) || ' ' ||
        initcap(w.words[1 + (g * 13 + 5) % array_length(w.words, 1)]) || ' ' || g,
      'Helps with ' || w.words[1 + (g * 17) % array_length(w.words, 1)] || ' and ' ||
        w.words[1 + (g * 29 + 3) % array_length(w.words, 1)] || ' for ' ||
        w.words[1 + (g * 31 + 11) % array_length(w.words, 1)] || ' teams.',
      w.cats[1 + (g * 3) % array_length(w.cats, 1)],
      jsonb_build_array(w.words[1 + (g * 11) % array_length(w.words, 1)], w.words[1 + (g * 19 + 2) % array_length(w.words, 1)]),
      'secret prompt ' || g,
      'published', true, (g % 4 = 0),
      case when g % 4 = 0 then 0 else 50 + (g * 37) % 2000 end,
      round((1 + (g * 53 % 400) / 100.0)::numeric, 2), (g * 7) % 300, (g * 97) % 50000, (g * 13) % 900,
      now() - ((g % 365) || ' days')::interval
    from generate_series(1, ${LISTINGS}) g, creators, w`);
  await db.execute(sql`analyze ai_templates`);
  log(`seeded in ${Math.round((Date.now() - started) / 1000)} s`);

  // Purchases: 20 buyers with credits, and listings made through the real code (with versions).
  const seller = await insertUser(database, "seller@bench.local");
  const admin = await insertUser(database, "admin@bench.local", "admin");
  const model = new TemplateModel(db, seller);
  const targets: string[] = [];
  for (let i = 0; i < 50; i++) {
    const t = await model.create({ name: `Bench product ${i}`, systemPrompt: "You help." }, ctx);
    await model.publishVersion(t.id, { changelog: "First release" }, ctx);
    await model.publishListing(t.id, { priceCredits: 10 }, ctx);
    targets.push(t.id);
  }
  const buyers: Actor[] = [];
  for (let i = 0; i < BUYERS; i++) {
    const b = await insertUser(database, `buyer${i}@bench.local`);
    await grantCredits(db, admin, { userId: b.id, amount: 10_000_000, reason: "bench" }, ctx);
    buyers.push(b);
  }
  return { buyers, targets };
}

async function insertUser(
  database: Database,
  email: string,
  role: "user" | "admin" = "user",
): Promise<Actor> {
  const [u] = await database.db
    .insert(users)
    .values({ email, name: email, passwordHash: "x", role })
    .returning();
  if (!u) throw new Error("no user");
  return { id: u.id, role };
}

async function main() {
  const server = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `prism_bench_market_${Date.now()}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { max: 24 });
  try {
    await migrateDatabase(database);
    const { buyers, targets } = await seed(database);
    const db = database.db;

    log("search…");
    for (let i = 0; i < 30; i++) await browseListings(db, randomQuery());
    const times: number[] = [];
    const textTimes: number[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const query = randomQuery();
      const t0 = performance.now();
      const page = await browseListings(db, query);
      const ms = performance.now() - t0;
      times.push(ms);
      if (query.q) textTimes.push(ms);
      if (process.env.BENCH_SLOW && ms > Number(process.env.BENCH_SLOW))
        log(`slow ${ms.toFixed(1)} ms`, JSON.stringify(query));
      if (i === 0) log(`first query returned ${page.items.length} of ${page.total}`);
    }

    log("purchases…");
    let done = 0;
    let failed = 0;
    const deadline = Date.now() + PURCHASE_MS;
    const started = performance.now();
    await Promise.all(
      buyers.map(async (buyer) => {
        // Each buyer walks the catalog; once they own everything they refund and buy again.
        let i = 0;
        while (Date.now() < deadline) {
          const templateId = targets[i % targets.length] as string;
          i++;
          try {
            await purchaseTemplate(db, buyer, { templateId, idempotencyKey: randomUUID() }, ctx);
            done++;
          } catch {
            failed++;
            await db.execute(
              sql`update template_purchases set payment_status = 'refunded', refunded_at = now() where buyer_id = ${buyer.id} and template_id = ${templateId} and payment_status = 'completed'`,
            );
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const books = await ledgerImbalance(db);
    const metrics = {
      engine: "postgres",
      listings: LISTINGS,
      search_p50_ms: percentile(times, 50),
      search_p95_ms: percentile(times, 95),
      search_text_p95_ms: percentile(textTimes, 95),
      searches: times.length,
      purchases_per_s: Math.round((done / seconds) * 10) / 10,
      purchases: done,
      concurrent_buyers: BUYERS,
      purchase_conflicts_reset: failed,
      unbalanced_transfers: books.unbalancedTransfers,
      balance_drift_accounts: books.driftAccounts,
    };
    const budgets = { search_p95_ms: 50 };
    const pass =
      metrics.search_p95_ms <= budgets.search_p95_ms &&
      books.unbalancedTransfers === 0 &&
      books.driftAccounts === 0;
    console.log(JSON.stringify({ bench: "marketplace", metrics, budgets, pass }));
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP_DB) log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
