/**
 * `npm run bench:usage` — the usage dashboards over 5M usage rows on PostgreSQL, and what keeping the
 * hourly rollups costs the usage writer.
 *
 * - Seeds a dedicated database (default `postgres://postgres@127.0.0.1:5432/prism_bench_usage`, or
 *   BENCH_DATABASE_URL; it is dropped and re-created): catalog, 2,000 users (a few heavy ones), API
 *   keys, shared and user-owned integrations, templates, then BENCH_USAGE_ROWS (default 5,000,000)
 *   ai_usage_logs rows over the last 35 days, generated server-side (INSERT ... SELECT
 *   generate_series), and the rollups of exactly those rows at every grain (usage_daily per user and
 *   all users, usage_hourly_models, usage_hourly_user_models and their UTC-day grains
 *   usage_day_models, usage_day_user_models), built set-based the way the writer would have built
 *   them (checked against lib/usage/rollup.ts's buildRollups / buildModelRollups /
 *   buildUserModelRollups for a sample hour and day, and against the raw totals, before anything is
 *   measured). A database kept from a seed older than the day grains gets them from migration 0007.
 * - Times what /admin/usage and /usage load for the default 30-day view (lib/usage/page-data.ts
 *   usagePageData, exactly what the pages call, each in its viewer's zone as the pages do: the
 *   seeded admin and users live in Europe/Berlin): admin scope, the heaviest
 *   user (the headline) and the median user; p95 over BENCH_RUNS (default 100: with 30, the p95 was the second-slowest run, one scheduler hiccup on
 *   a 2-core machine) runs after 3 warm-ups.
 *   First, each of the three pages must equal (deep-equal) the same page read from usage_daily only
 *   (GrainOption "fine"), i.e. the coarse grains change nothing the user sees.
 * - Logs BENCH_WRITE_CALLS (default 20,000) calls through the real UsageWriter at full batches (500,
 *   the writer's default) and at batches of 50, timing every flush transaction and, inside it, the
 *   rollup upsert statements (plus buildRollups' CPU time); the same calls are also written with the
 *   rollup statements suppressed, for comparison. Those calls land 60 days before the seed (outside
 *   every dashboard window) and are deleted afterwards.
 *
 * Unlike the other benches, the database is KEPT after the run (about 5.5 GB at 5M rows) so that
 * BENCH_REUSE=1 can skip the seeding (8-10 minutes on 2 cores) when it holds the same number of rows
 * (marker table bench_usage_seed). Drop it with `dropdb -h 127.0.0.1 -U postgres prism_bench_usage`.
 * BENCH_EXPLAIN=1 prints EXPLAIN ANALYZE of every dashboard query to stderr. Progress goes to stderr;
 * the last line on stdout is one JSON object.
 */
import os from "node:os";
import { isDeepStrictEqual } from "node:util";
import { type SQLWrapper, sql as sqlTag } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { type Db, migrateDatabase, openPostgres, rowsOf } from "../../db/client";
import {
  ALL_HISTOGRAM_COLUMNS,
  HISTOGRAM_COLUMNS,
  type HistogramKind,
  LATENCY_BUCKETS_MS,
  ROLLUP_ADDITIVE_COLUMNS,
  type UsageRequestType,
  type UsageStatus,
} from "../../db/schema";
import { seedCatalog } from "../../db/seed-catalog";
import { formatMicroUsd, toMicroUsd } from "../../lib/ai/pricing";
import type { AnalyticsScope } from "../../lib/usage/analytics";
import { parseDashboardParams, usagePageData } from "../../lib/usage/page-data";
import {
  buildModelRollups,
  buildRollups,
  buildUserModelRollups,
  hourStart,
  type RollupMeasures,
  type RollupRow,
  type UsageRecord,
  utcDayStart,
} from "../../lib/usage/rollup";
import { UsageWriter } from "../../lib/usage/writer";
import { percentile } from "./sse-client";

const ROWS = Number(process.env.BENCH_USAGE_ROWS ?? 5_000_000);
const USERS = 2_000;
const DAYS = 35;
const CHUNK = 500_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUPS = 3;
const TIMEZONE = "Europe/Berlin";
const WRITE_CALLS = Number(process.env.BENCH_WRITE_CALLS ?? 20_000);
const WRITE_BATCHES = [500, 50];
const SEED_VERSION = 3;
/** Users below this index are the heavy ones (more API keys, mostly calling through them). */
const HEAVY_USERS = 20;
const TEMPLATES = 30;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Most used first; models not listed follow by name. */
const POPULAR_MODELS = [
  "gpt-4o-mini",
  "gpt-5-mini",
  "claude-sonnet-4-5",
  "gemini-2.5-flash",
  "gpt-4.1-mini",
  "claude-haiku-4-5",
  "gpt-5",
  "gpt-4o",
  "gemini-2.5-pro",
  "grok-4-fast-non-reasoning",
  "gpt-5-nano",
  "o4-mini",
  "claude-opus-4-5",
  "gemini-2.5-flash-lite",
  "sonar",
];

const log = (msg: string) => console.error(`[bench:usage] ${msg}`);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
type Sql = postgres.Sql;

function databaseUrls(): { url: string; server: string; name: string } {
  const url = new URL(
    process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/prism_bench_usage",
  );
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name in the URL: ${name}`);
  const server = new URL(url);
  server.pathname = "/postgres";
  return { url: url.toString(), server: server.toString(), name };
}

type Marker = { rows: number; users: number; version: number; seededAt: Date; counted: number };

/** What the bench database was seeded with, and how many usage rows of that seed it holds now. */
async function readMarker(url: string): Promise<Marker | null> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [m] = await sql<{ rows: string; users: number; version: number; seeded_at: Date }[]>`
      select rows, users, version, seeded_at from bench_usage_seed`;
    if (!m) return null;
    const [c] = await sql<{ n: string }[]>`
      select count(*) as n from ai_usage_logs where created_at >= ${new Date(m.seeded_at.getTime() - (DAYS + 1) * DAY)}`;
    return {
      rows: Number(m.rows),
      users: m.users,
      version: m.version,
      seededAt: m.seeded_at,
      counted: Number(c?.n),
    };
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** Indexes that back no constraint: dropped for the bulk load and rebuilt (same definitions) after. */
async function withoutIndexes<T>(sql: Sql, table: string, load: () => Promise<T>): Promise<T> {
  const indexes = await sql<{ name: string; def: string }[]>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`;
  for (const i of indexes) await sql.unsafe(`drop index "${i.name}"`);
  const result = await load();
  const started = performance.now();
  for (const i of indexes) await sql.unsafe(i.def);
  log(`rebuilt ${indexes.length} indexes of ${table} in ${Math.round(performance.now() - started)} ms`);
  return result;
}

async function seedEntities(sql: Sql, seedNow: Date): Promise<void> {
  const created = new Date(seedNow.getTime() - 90 * DAY);
  // Nobody signs in to the bench database: one constant (non-verifiable) hash instead of argon2 per user.
  const hash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtdXNhZ2U$YmVuY2gtdXNhZ2UtYmVuY2gtdXNhZ2UtYmVuY2g";
  const [admin] = await sql<{ id: string }[]>`
    insert into users (email, name, password_hash, role, timezone, created_at, updated_at)
    values ('bench-admin@prism.local', 'Bench admin', ${hash}, 'admin', ${TIMEZONE}, ${created}, ${created})
    returning id`;
  await sql`
    insert into users (email, name, password_hash, role, timezone, created_at, updated_at)
    select format('bench-user-%s@prism.local', lpad(g::text, 5, '0')), 'Bench user ' || g, ${hash}, 'user',
      ${TIMEZONE}, ${created}, ${created}
    from generate_series(0, ${USERS - 1}::int) g`;
  // One admin-shared integration per provider with catalog models; a quarter of the users bring
  // their own OpenAI and Anthropic keys.
  await sql`
    insert into ai_integrations (user_id, provider_id, platform, name, status)
    select null, p.id, p.slug, 'Bench shared ' || p.name, 'connected' from ai_providers p
    where exists (select 1 from ai_models m where m.provider_id = p.id and m.integration_id is null)`;
  await sql`
    insert into ai_integrations (user_id, provider_id, platform, name, status)
    select u.id, p.id, p.slug, 'Bench own ' || p.name, 'connected'
    from users u cross join ai_providers p
    where u.email like 'bench-user-%' and substring(u.email from 12 for 5)::int % 4 = 1
      and p.slug in ('openai', 'anthropic')`;
  // Heavy users have 3 API keys, every third user 1 or 2.
  await sql`
    insert into api_keys (user_id, name, key_prefix, key_hash, scopes, rate_limit)
    select u.id, 'bench-key-' || k, 'prism_bench', md5(u.id::text || ':' || k), '["chat","models"]'::jsonb, 1000
    from (select id, substring(email from 12 for 5)::int as idx from users where email like 'bench-user-%') u
    cross join lateral generate_series(0, case when u.idx < ${HEAVY_USERS} then 2 when u.idx % 3 = 0 then u.idx % 2 else -1 end) k`;
  await sql`
    insert into ai_templates (user_id, slug, name, system_prompt)
    select ${admin!.id}, format('bench-template-%s', lpad(g::text, 2, '0')), 'Bench template ' || g,
      'You are a helpful assistant.'
    from generate_series(0, ${TEMPLATES - 1}::int) g`;
}

/** Session-local lookup tables the generator joins (index → id), built from the seeded entities. */
async function lookupTables(sql: Sql): Promise<{ chat: number; embedding: number; video: number }> {
  await sql.unsafe(`
    create temp table bu as
      select substring(email from 12 for 5)::int as idx, id from users where email like 'bench-user-%';
    alter table bu add primary key (idx);
    create temp table bk as
      select u.idx as uidx, (row_number() over (partition by u.idx order by k.name) - 1)::int as k, k.id
      from api_keys k join bu u on u.id = k.user_id where k.name like 'bench-key-%';
    create temp table bkc as select uidx, count(*)::int as n from bk group by uidx;
    create temp table bi as
      select u.idx as uidx, i.provider_id, i.id from ai_integrations i join bu u on u.id = i.user_id
      where i.name like 'Bench own %';
    create temp table bs as
      select provider_id, id from ai_integrations where user_id is null and name like 'Bench shared %';
    create temp table bt as
      select (row_number() over (order by slug) - 1)::int as idx, id from ai_templates
      where slug like 'bench-template-%';
    analyze bu; analyze bk; analyze bkc; analyze bi; analyze bs; analyze bt;`);
  await sql`
    create temp table bm as
      select m.type as kind,
        (row_number() over (partition by m.type order by array_position(${sql.array(POPULAR_MODELS)}::text[], m.name) nulls last, m.name) - 1)::int as idx,
        m.id as model_id, m.provider_id, p.slug as provider_slug, m.name as model_name,
        coalesce((m.pricing->>'input')::numeric, 0) as pin, coalesce((m.pricing->>'output')::numeric, 0) as pout,
        coalesce((m.pricing->>'cachedInput')::numeric, (m.pricing->>'input')::numeric, 0) as pc,
        coalesce((m.pricing->>'perSecond')::numeric, 0) as psec
      from ai_models m join ai_providers p on p.id = m.provider_id
      where m.integration_id is null and m.type in ('chat', 'embedding', 'video')`;
  await sql`analyze bm`;
  const counts = await sql<
    { kind: string; n: number }[]
  >`select kind, count(*)::int as n from bm group by kind`;
  const n = (kind: string) => counts.find((c) => c.kind === kind)?.n ?? 0;
  const result = { chat: n("chat"), embedding: n("embedding"), video: n("video") };
  if (!result.chat || !result.embedding || !result.video)
    throw new Error("catalog lacks chat/embedding/video models");
  return result;
}

/**
 * Usage rows g in [from, to]: users by a power law (user 0 makes ~2% of all calls, the median user
 * ~50 a day), mostly chat on a handful of models per user, 4.5% failures, a third of the calls of
 * key-holding users through an API key (80% for heavy users), 6% through a template, uniform over
 * the 35 days before seedNow.
 */
function logsInsert(models: { chat: number; embedding: number; video: number }): string {
  return `
    insert into ai_usage_logs (user_id, api_key_id, provider_id, model_id, provider_slug, model_name, integration_id,
      template_id, request_type, tokens_in, tokens_out, tokens_cached, cost, credits, latency_ms, ttft_ms, status,
      error_message, estimated, created_at)
    select u.id, k.id, m.provider_id, m.model_id, m.provider_slug, m.model_name, coalesce(oi.id, si.id), t.id,
      x.request_type, tk.tin, tk.tout, tk.tc, cs.cost,
      case when oi.id is null then floor((round(cs.cost * 1000000) + 5000) / 10000)::int else 0 end,
      lt.latency, lt.ttft, x.status,
      case x.status when 'error' then 'Upstream error (HTTP 500)' when 'timeout' then 'No first token in time'
        when 'aborted' then 'Aborted by the client' end,
      x.status = 'aborted', $3::timestamptz - x.rtime * interval '${DAYS} days'
    from (
      select r.*,
        case when r.rt < 0.70 then 'chat' when r.rt < 0.88 then 'completion' when r.rt < 0.94 then 'workflow'
          when r.rt < 0.99 then 'embedding' else 'video' end as request_type,
        case when r.rt < 0.94 then 'chat' when r.rt < 0.99 then 'embedding' else 'video' end as kind,
        case when r.rs < 0.955 then 'success' when r.rs < 0.98 then 'error' when r.rs < 0.987 then 'timeout'
          else 'aborted' end as status
      from (
        select g, floor(${USERS} * power(random(), 2))::int as uidx, random() as rt, random() as rs,
          random() as rm, random() as rm2, random() as rk, random() as rk2, random() as rtp, random() as rtp2,
          random() as rin, random() as rout, random() as rc, random() as rc2, random() as rl, random() as rf,
          random() as rtime
        from generate_series($1::bigint, $2::bigint) g
      ) r
    ) x
    join bu u on u.idx = x.uidx
    join bm m on m.kind = x.kind and m.idx = case x.kind
      when 'embedding' then floor(${models.embedding} * x.rm)::int
      when 'video' then floor(${models.video} * x.rm)::int
      when 'chat' then case when x.rm2 < 0.5 then floor(${models.chat} * power(x.rm, 3))::int
        else (x.uidx * 7 + floor(4 * x.rm)::int) % ${models.chat} end end
    join bs si on si.provider_id = m.provider_id
    left join bi oi on oi.uidx = x.uidx and oi.provider_id = m.provider_id
    left join bkc kc on kc.uidx = x.uidx
    left join bk k on k.uidx = x.uidx and k.k = floor(x.rk2 * kc.n)::int
      and x.rk < case when x.uidx < ${HEAVY_USERS} then 0.8 else 0.3 end
    left join bt t on x.rtp < 0.06 and t.idx = floor(${TEMPLATES} * power(x.rtp2, 2))::int
    cross join lateral (
      select tin, case when x.kind <> 'chat' or x.status in ('error', 'timeout') then 0
          when x.status = 'aborted' then floor(5 + 400 * x.rout)::int
          else floor(10 + 2000 * power(x.rout, 2))::int end as tout,
        case when x.kind = 'chat' and x.rc < 0.3 then floor(tin * 0.8 * x.rc2)::int else 0 end as tc
      from (select case x.kind when 'video' then 0 when 'embedding' then floor(10 + 2000 * power(x.rin, 2))::int
        else floor(30 + 6000 * power(x.rin, 3))::int end as tin) i
    ) tk
    cross join lateral (
      select case when x.status in ('error', 'timeout') then 0::numeric
        when x.kind = 'video' then round(m.psec * (4 + floor(9 * x.rin)::int), 6)
        else round(((tk.tin - tk.tc) * m.pin + tk.tc * m.pc + tk.tout * m.pout) / 1000000, 6) end as cost
    ) cs
    cross join lateral (
      select case when x.kind <> 'chat' or x.status in ('error', 'timeout') then null else f.ttft end as ttft,
        case when x.status = 'timeout' then 30000 + floor(100000 * x.rl)::int
          when x.status = 'error' then floor(50 + 3000 * x.rl)::int
          when x.kind = 'video' then floor(20000 + 200000 * x.rl)::int
          when x.kind = 'embedding' then floor(40 + 800 * power(x.rl, 2))::int
          when x.status = 'aborted' then f.ttft + floor(500 + 20000 * x.rl)::int
          else f.ttft + floor(tk.tout * (8 + 30 * x.rl))::int end as latency
      from (select floor(120 + 3000 * power(x.rf, 3))::int as ttft) f
    ) lt`;
}

/**
 * The rollup grains the writer maintains, as columns of the seed's grouped logs: each key column of
 * the rollup table and the expression (over the logs, see rollupInsert) that fills it.
 */
const SEED_GRAINS = {
  // usage_daily per user: with key, integration and template.
  user: {
    table: "usage_daily",
    keys: [
      ["bucket_start", "bucket"],
      ["user_id", "user_id"],
      ["provider_id", "provider_id"],
      ["model_id", "model_id"],
      ["integration_id", "integration_id"],
      ["api_key_id", "api_key_id"],
      ["template_id", "template_id"],
      ["request_type", "request_type"],
    ],
  },
  // usage_daily all users: no user, no key, the integration only when it is admin-shared.
  all: {
    table: "usage_daily",
    keys: [
      ["bucket_start", "bucket"],
      ["user_id", "null::uuid"],
      ["provider_id", "provider_id"],
      ["model_id", "model_id"],
      ["integration_id", "shared_integration_id"],
      ["api_key_id", "null::uuid"],
      ["template_id", "template_id"],
      ["request_type", "request_type"],
    ],
  },
  models: {
    table: "usage_hourly_models",
    keys: [
      ["bucket_start", "bucket"],
      ["provider_id", "provider_id"],
      ["model_id", "model_id"],
    ],
  },
  // Hour first, like the other grains: the rows land in time order, as the writer appends them
  // (not clustered by user, which would flatter a user's reads).
  userModels: {
    table: "usage_hourly_user_models",
    keys: [
      ["bucket_start", "bucket"],
      ["user_id", "user_id"],
      ["provider_id", "provider_id"],
      ["model_id", "model_id"],
    ],
  },
} as const satisfies Record<string, { table: string; keys: readonly (readonly [string, string])[] }>;
type SeedGrain = keyof typeof SEED_GRAINS;

/**
 * Rollup rows of one grain for the logs in [$1, $2), as lib/usage/rollup.ts builds them: the UTC
 * hour and the grain's keys; histogram slot i counts values <= LATENCY_BUCKETS_MS[i] (and above the
 * previous bound), i.e. width_bucket(ms - 1, bounds) for integer ms.
 */
function rollupInsert(grain: SeedGrain): string {
  const { table, keys } = SEED_GRAINS[grain];
  const bounds = `array[${LATENCY_BUCKETS_MS.join(", ")}]::integer[]`;
  const slots = (kind: HistogramKind, slot: string) =>
    HISTOGRAM_COLUMNS[kind].map((_, i) => `count(*) filter (where ${slot} = ${i})`).join(", ");
  const groupBy = keys.map((_, i) => i + 1).join(", ");
  return `
    insert into ${table} (${keys.map(([column]) => column).join(", ")}, requests, success_count, error_count,
      timeout_count, aborted_count, tokens_in, tokens_out, tokens_cached, cost, credits, latency_sum_ms, latency_count,
      ttft_sum_ms, ttft_count, ${ALL_HISTOGRAM_COLUMNS.join(", ")})
    select ${keys.map(([, expression]) => expression).join(", ")}, count(*), count(*) filter (where status = 'success'),
      count(*) filter (where status = 'error'), count(*) filter (where status = 'timeout'),
      count(*) filter (where status = 'aborted'), sum(tokens_in), sum(tokens_out), sum(tokens_cached), sum(cost),
      sum(credits), coalesce(sum(latency_ms), 0), count(latency_ms), coalesce(sum(ttft_ms), 0), count(ttft_ms),
      ${slots("latency", "ls")}, ${slots("ttft", "fs")}
    from (
      select l.*, date_bin('1 hour', l.created_at, timestamptz '1970-01-01 00:00:00+00') as bucket,
        case when i.user_id is null then l.integration_id end as shared_integration_id,
        width_bucket(l.latency_ms - 1, ${bounds}) as ls, width_bucket(l.ttft_ms - 1, ${bounds}) as fs
      from ai_usage_logs l left join ai_integrations i on i.id = l.integration_id
      where l.created_at >= $1 and l.created_at < $2
    ) s
    group by ${groupBy}
    order by ${groupBy}`;
}

async function seed(url: string, server: string, name: string): Promise<Date> {
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end({ timeout: 5 });
  const database = await openPostgres(url, { max: 2 });
  try {
    await migrateDatabase(database);
    await seedCatalog(database.db);
  } finally {
    await database.close();
  }

  const seedNow = new Date();
  const sql = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 0 });
  try {
    await sql.unsafe(
      "set work_mem = '256MB'; set maintenance_work_mem = '1GB'; set synchronous_commit = off; select setseed(0.4242)",
    );
    try {
      // Foreign keys are not checked row by row during the load (the generator only uses ids it
      // just read); needs a superuser, otherwise the load is just slower.
      await sql`set session_replication_role = replica`;
    } catch {
      log("not a superuser: foreign keys are checked during the load (slower)");
    }
    await seedEntities(sql, seedNow);
    const models = await lookupTables(sql);
    log(`seeding ${ROWS.toLocaleString("en")} usage rows (${USERS} users, models ${JSON.stringify(models)})`);
    const insert = logsInsert(models);
    await withoutIndexes(sql, "ai_usage_logs", async () => {
      for (let from = 0; from < ROWS; from += CHUNK) {
        const to = Math.min(ROWS, from + CHUNK) - 1;
        const started = performance.now();
        const result = await sql.unsafe(insert, [from, to, seedNow.toISOString()]);
        if (result.count !== to - from + 1)
          throw new Error(`chunk ${from}: ${result.count} rows, wanted ${to - from + 1}`);
        log(`  rows ${(to + 1).toLocaleString("en")} (${Math.round(performance.now() - started)} ms)`);
      }
    });
    // Each rollup table is loaded without its secondary indexes, 5 whole UTC days of logs per
    // statement (whole days, so that no day-grain row is split between two statements).
    const first = utcDayStart(new Date(seedNow.getTime() - (DAYS + 1) * DAY));
    const end = new Date(hourStart(seedNow).getTime() + HOUR);
    const tables = [...new Set(Object.values(SEED_GRAINS).map((g) => g.table))];
    for (const table of tables) {
      log(`building the ${table} rollups`);
      const grains = (Object.keys(SEED_GRAINS) as SeedGrain[]).filter((g) => SEED_GRAINS[g].table === table);
      await withoutIndexes(sql, table, async () => {
        for (let from = first; from < end; from = new Date(from.getTime() + 5 * DAY)) {
          const to = new Date(Math.min(end.getTime(), from.getTime() + 5 * DAY));
          for (const grain of grains) {
            const started = performance.now();
            const result = await sql.unsafe(rollupInsert(grain), [from.toISOString(), to.toISOString()]);
            log(
              `  ${grain} grain ${from.toISOString().slice(0, 10)}: ${result.count} rows (${Math.round(performance.now() - started)} ms)`,
            );
          }
        }
      });
    }
    // The day grains, from the hour grains, as the writer keeps them: UTC days for all users, each
    // user's own days (the zone the trigger and the writer use) per user.
    const additive = ROLLUP_ADDITIVE_COLUMNS;
    const sums = additive.map((c) => `sum(h.${c})`).join(", ");
    for (const [table, statement] of [
      [
        "usage_day_models",
        `insert into usage_day_models (day, provider_id, model_id, ${additive.join(", ")})
        select (h.bucket_start at time zone 'UTC')::date, h.provider_id, h.model_id, ${sums}
        from usage_hourly_models h group by 1, 2, 3`,
      ],
      [
        "usage_day_user_models",
        `insert into usage_day_user_models (user_id, day, provider_id, model_id, ${additive.join(", ")})
        select h.user_id, (h.bucket_start at time zone z.zone)::date, h.provider_id, h.model_id, ${sums}
        from usage_hourly_user_models h join (select id, usage_day_zone(timezone) as zone from users) z on z.id = h.user_id
        group by 1, 2, 3, 4`,
      ],
    ] as const) {
      const started = performance.now();
      const result = await withoutIndexes(sql, table, () => sql.unsafe(statement));
      log(`built ${table}: ${result.count} rows (${Math.round(performance.now() - started)} ms)`);
    }
    await sql`reset session_replication_role`;
    log("vacuum analyze");
    await sql`vacuum (analyze) ai_usage_logs`;
    for (const table of new Set(Object.values(SEED_GRAINS).map((g) => g.table)))
      await sql.unsafe(`vacuum (analyze) ${table}`);
    await sql`vacuum (analyze) usage_day_models`;
    await sql`vacuum (analyze) usage_day_user_models`;
    await sql`analyze`;
    await verifyRollups(sql, seedNow);
    await sql`create table bench_usage_seed (rows bigint not null, users integer not null, version integer not null, seeded_at timestamptz not null)`;
    await sql`insert into bench_usage_seed values (${ROWS}, ${USERS}, ${SEED_VERSION}, ${seedNow})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return seedNow;
}

// ---------------------------------------------------------------------------------------------
// Rollup verification

type LogRow = {
  created_at: Date;
  user_id: string;
  api_key_id: string | null;
  provider_id: string | null;
  model_id: string | null;
  integration_id: string | null;
  shared: boolean;
  template_id: string | null;
  request_type: UsageRequestType;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  cost: string;
  credits: number;
  latency_ms: number | null;
  ttft_ms: number | null;
  status: UsageStatus;
};

function toRecord(r: LogRow): UsageRecord {
  return {
    userId: r.user_id,
    apiKeyId: r.api_key_id,
    providerId: r.provider_id,
    modelId: r.model_id,
    providerSlug: null,
    modelName: null,
    integrationId: r.integration_id,
    integrationShared: r.shared,
    conversationId: null,
    messageId: null,
    workflowRunId: null,
    templateId: r.template_id,
    sessionId: null,
    requestType: r.request_type,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    tokensCached: r.tokens_cached,
    cost: r.cost,
    credits: r.credits,
    latencyMs: r.latency_ms,
    ttftMs: r.ttft_ms,
    status: r.status,
    errorMessage: null,
    estimated: false,
    metadata: {},
    createdAt: r.created_at,
  };
}

const rollupKey = (
  r: Pick<
    RollupRow,
    | "bucketStart"
    | "userId"
    | "providerId"
    | "modelId"
    | "integrationId"
    | "apiKeyId"
    | "templateId"
    | "requestType"
  >,
) =>
  [
    r.bucketStart.toISOString(),
    r.userId,
    r.providerId,
    r.modelId,
    r.integrationId,
    r.apiKeyId,
    r.templateId,
    r.requestType,
  ].join("|");

/** Every measure column of a stored rollup row next to the one built in process. */
function measurePairs(e: RollupMeasures, s: Record<string, unknown>): [string, unknown, unknown][] {
  return [
    ["requests", e.requests, s.requests],
    ["success_count", e.successCount, s.success_count],
    ["error_count", e.errorCount, s.error_count],
    ["timeout_count", e.timeoutCount, s.timeout_count],
    ["aborted_count", e.abortedCount, s.aborted_count],
    ["tokens_in", e.tokensIn, Number(s.tokens_in)],
    ["tokens_out", e.tokensOut, Number(s.tokens_out)],
    ["tokens_cached", e.tokensCached, Number(s.tokens_cached)],
    ["cost", formatMicroUsd(e.costMicro), formatMicroUsd(toMicroUsd(String(s.cost)))],
    ["credits", e.credits, Number(s.credits)],
    ["latency_sum_ms", e.latencySumMs, Number(s.latency_sum_ms)],
    ["latency_count", e.latencyCount, s.latency_count],
    ["ttft_sum_ms", e.ttftSumMs, Number(s.ttft_sum_ms)],
    ["ttft_count", e.ttftCount, s.ttft_count],
    ["latency histogram", e.latencyHistogram.join(","), HISTOGRAM_COLUMNS.latency.map((c) => s[c]).join(",")],
    ["ttft histogram", e.ttftHistogram.join(","), HISTOGRAM_COLUMNS.ttft.map((c) => s[c]).join(",")],
  ];
}

/**
 * Fails loudly unless the set-based rollups are what the writer would have written: every column of
 * every row of one sample hour equals lib/usage/rollup.ts buildRollups (and buildModelRollups,
 * buildUserModelRollups) over that hour's logs, every day-grain row of its UTC day equals the day
 * rollups of that day's logs, a sample day's totals match the logs at every grain, and every grain
 * counts every row.
 */
async function verifyRollups(sql: Sql, seedNow: Date): Promise<void> {
  const logsBetween = (from: Date, to: Date) => sql<LogRow[]>`
    select l.created_at, l.user_id, l.api_key_id, l.provider_id, l.model_id, l.integration_id,
      (l.integration_id is not null and i.user_id is null) as shared, l.template_id, l.request_type, l.tokens_in,
      l.tokens_out, l.tokens_cached, l.cost, l.credits, l.latency_ms, l.ttft_ms, l.status
    from ai_usage_logs l left join ai_integrations i on i.id = l.integration_id
    where l.created_at >= ${from} and l.created_at < ${to}`;
  const hour = hourStart(new Date(seedNow.getTime() - 10 * DAY - 5 * HOUR));
  const logs = await logsBetween(hour, new Date(hour.getTime() + HOUR));
  const expected = buildRollups(logs.map(toRecord));
  const stored = await sql<Record<string, unknown>[]>`
    select * from usage_daily where bucket_start = ${hour}`;
  const byKey = new Map(
    stored.map((r) => [
      rollupKey({
        bucketStart: r.bucket_start as Date,
        userId: r.user_id as string | null,
        providerId: r.provider_id as string | null,
        modelId: r.model_id as string | null,
        integrationId: r.integration_id as string | null,
        apiKeyId: r.api_key_id as string | null,
        templateId: r.template_id as string | null,
        requestType: r.request_type as UsageRequestType,
      }),
      r,
    ]),
  );
  const problems: string[] = [];
  if (stored.length !== expected.length)
    problems.push(`${stored.length} rollup rows in the sample hour, buildRollups makes ${expected.length}`);
  for (const e of expected) {
    const key = rollupKey(e);
    const s = byKey.get(key);
    if (!s) {
      problems.push(`missing rollup row ${key}`);
      continue;
    }
    for (const [column, want, got] of measurePairs(e, s))
      if (want !== got)
        problems.push(`${key} ${column}: rollup ${String(got)}, buildRollups ${String(want)}`);
  }
  // The coarse grains: every row of the sample hour equals buildModelRollups /
  // buildUserModelRollups over its logs.
  const coarseKey = (...values: unknown[]) => values.map((v) => v ?? "").join("|");
  const coarse = [
    {
      table: "usage_hourly_models",
      expected: buildModelRollups(logs.map(toRecord)).map((e) => ({
        key: coarseKey(e.providerId, e.modelId),
        e,
      })),
      keyOf: (r: Record<string, unknown>) => coarseKey(r.provider_id, r.model_id),
    },
    {
      table: "usage_hourly_user_models",
      expected: buildUserModelRollups(logs.map(toRecord)).map((e) => ({
        key: coarseKey(e.userId, e.providerId, e.modelId),
        e,
      })),
      keyOf: (r: Record<string, unknown>) => coarseKey(r.user_id, r.provider_id, r.model_id),
    },
  ];
  // The day grains: every usage_day_models row of the sample hour's UTC day equals the writer's day
  // rollups of that day's logs, and every usage_day_user_models row of that date (a day in its
  // user's zone) equals the user's hour rows summed over that day, every measure and slot.
  const day = utcDayStart(hour);
  const date = day.toISOString().slice(0, 10);
  const dayLogs = (await logsBetween(day, new Date(day.getTime() + DAY))).map(toRecord);
  coarse.push({
    table: "usage_day_models",
    expected: buildModelRollups(dayLogs, "day").map((e) => ({ key: coarseKey(e.providerId, e.modelId), e })),
    keyOf: (r: Record<string, unknown>) => coarseKey(r.provider_id, r.model_id),
  });
  for (const { table, expected: rows, keyOf } of coarse) {
    const stored = table.startsWith("usage_day_")
      ? await sql<Record<string, unknown>[]>`select * from ${sql(table)} where day = ${date}::date`
      : await sql<Record<string, unknown>[]>`select * from ${sql(table)} where bucket_start = ${hour}`;
    const storedByKey = new Map(stored.map((r) => [keyOf(r), r]));
    if (stored.length !== rows.length)
      problems.push(`${stored.length} ${table} rows in the sample period, the writer makes ${rows.length}`);
    for (const { key, e } of rows) {
      const s = storedByKey.get(key);
      if (!s) {
        problems.push(`missing ${table} row ${key}`);
        continue;
      }
      for (const [column, want, got] of measurePairs(e, s))
        if (want !== got)
          problems.push(`${table} ${key} ${column}: rollup ${String(got)}, writer ${String(want)}`);
    }
  }
  const additive = ROLLUP_ADDITIVE_COLUMNS.join(", ");
  const [userDays] = await sql<{ rows: number; differing: number }[]>`
    with h as (
      select * from (
        select h.user_id, (h.bucket_start at time zone usage_day_zone(u.timezone))::date as day, h.provider_id, h.model_id,
          ${sql.unsafe(
            additive
              .split(",")
              .map((c) => `sum(h.${c.trim()})`)
              .join(", "),
          )}
        from usage_hourly_user_models h join users u on u.id = h.user_id
        where h.bucket_start >= ${new Date(day.getTime() - DAY)} and h.bucket_start < ${new Date(day.getTime() + 2 * DAY)}
        group by 1, 2, 3, 4
      ) g where g.day = ${date}::date
    ),
    d as (select user_id, day, provider_id, model_id, ${sql.unsafe(additive)} from usage_day_user_models where day = ${date}::date)
    select (select count(*)::int from d) as rows,
      (select count(*)::int from ((table d except table h) union all (table h except table d)) x) as differing`;
  if (!userDays || userDays.rows === 0 || userDays.differing !== 0)
    problems.push(
      `usage_day_user_models on ${date}: ${JSON.stringify(userDays)} (rows, rows differing from the hours)`,
    );
  // A sample day's totals at both grains, and every row counted once per grain.
  const dayFrom = new Date(hour.getTime() - 12 * HOUR);
  const dayTo = new Date(hour.getTime() + 12 * HOUR);
  const [raw] = await sql<{ n: string; cost: string; tin: string; tout: string; lat: string }[]>`
    select count(*) as n, sum(cost) as cost, sum(tokens_in) as tin, sum(tokens_out) as tout, coalesce(sum(latency_ms), 0) as lat
    from ai_usage_logs where created_at >= ${dayFrom} and created_at < ${dayTo}`;
  const grains = await sql<
    { grain: string; n: string; cost: string; tin: string; tout: string; lat: string }[]
  >`
    select case when user_id is null then 'all' else 'user' end as grain, sum(requests) as n, sum(cost) as cost,
      sum(tokens_in) as tin, sum(tokens_out) as tout, sum(latency_sum_ms) as lat
    from usage_daily where bucket_start >= ${dayFrom} and bucket_start < ${dayTo} group by 1
    union all
    select 'models', sum(requests), sum(cost), sum(tokens_in), sum(tokens_out), sum(latency_sum_ms)
    from usage_hourly_models where bucket_start >= ${dayFrom} and bucket_start < ${dayTo}
    union all
    select 'userModels', sum(requests), sum(cost), sum(tokens_in), sum(tokens_out), sum(latency_sum_ms)
    from usage_hourly_user_models where bucket_start >= ${dayFrom} and bucket_start < ${dayTo}`;
  for (const g of ["user", "all", "models", "userModels"]) {
    const got = grains.find((r) => r.grain === g);
    for (const column of ["n", "cost", "tin", "tout", "lat"] as const) {
      const want = raw?.[column];
      const have = got?.[column];
      if (want === undefined || have === undefined || Number(want) !== Number(have))
        problems.push(`sample day ${column} at the ${g} grain: rollups ${have}, logs ${want}`);
    }
  }
  const [all] = await sql<Record<string, string>[]>`
    select (select count(*) from ai_usage_logs) as logs,
      (select sum(requests) from usage_daily where user_id is not null) as user,
      (select sum(requests) from usage_daily where user_id is null) as all,
      (select sum(requests) from usage_hourly_models) as models,
      (select sum(requests) from usage_hourly_user_models) as user_models,
      (select sum(requests) from usage_day_models) as day_models,
      (select sum(requests) from usage_day_user_models) as day_user_models`;
  if (!all || Object.values(all).some((n) => n !== all.logs))
    problems.push(`requests per grain differ from the logs: ${JSON.stringify(all)}`);
  if (problems.length) {
    for (const p of problems.slice(0, 20)) log(`ROLLUP MISMATCH ${p}`);
    throw new Error(`the seeded rollups do not match the logs (${problems.length} problems)`);
  }
  log(
    `rollups verified: ${expected.length} usage_daily, ${coarse[0]?.expected.length} usage_hourly_models and ` +
      `${coarse[1]?.expected.length} usage_hourly_user_models rows of ${hour.toISOString()} equal what the ` +
      `writer builds from its ${logs.length} logs, ${coarse[2]?.expected.length} usage_day_models rows of that ` +
      `UTC day from its ${dayLogs.length}; ${userDays?.rows} usage_day_user_models rows of ${date} equal their hours; ` +
      `sample day and all ${all?.logs} requests match at every grain`,
  );
}

// ---------------------------------------------------------------------------------------------
// Dashboards

async function timeRuns(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUPS; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

/** Wraps db so every db.execute (the analytics queries) is also printed with EXPLAIN ANALYZE. */
function explaining(db: Db, sql: Sql, label: string): { db: Db; explain: () => Promise<void> } {
  const dialect = new PgDialect();
  const seen: { text: string; params: unknown[] }[] = [];
  const wrapped = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== "execute") return value.bind(target);
      return (query: SQLWrapper) => {
        const q = dialect.sqlToQuery(query.getSQL());
        seen.push({ text: q.sql, params: q.params });
        return value.call(target, query);
      };
    },
  });
  const explain = async () => {
    for (const q of seen) {
      const plan = await sql.unsafe(
        `explain (analyze, buffers) ${q.text}`,
        q.params as postgres.ParameterOrJSON<never>[],
      );
      log(`EXPLAIN ${label}:\n${q.text.trim()}\n${plan.map((r) => r["QUERY PLAN"]).join("\n")}`);
    }
  };
  return { db: wrapped, explain };
}

async function measureDashboards(url: string) {
  const database = await openPostgres(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const since = new Date(Date.now() - 30 * DAY);
    const users = await sql<{ user_id: string; requests: string }[]>`
      select user_id, sum(requests) as requests from usage_daily
      where user_id is not null and bucket_start >= ${since} group by user_id order by 2 desc, 1`;
    const heavy = users[0];
    const typical = users[Math.floor(users.length / 2)];
    if (!heavy || !typical) throw new Error("no per-user usage in the last 30 days");
    const params = parseDashboardParams({});
    // Each page in its viewer's zone, as the pages do (users.timezone): the admin's and the users'.
    const zoneOf = async (id: string) =>
      (await sql<{ timezone: string }[]>`select timezone from users where id = ${id}`)[0]?.timezone ?? "UTC";
    const zones: Record<string, string> = {
      admin: TIMEZONE,
      "heavy user": await zoneOf(heavy.user_id),
      "typical user": await zoneOf(typical.user_id),
    };
    const page = (db: Db, scope: AnalyticsScope, label: string) => () =>
      usagePageData(db, scope, params, zones[label] ?? TIMEZONE);
    const scopes: [string, AnalyticsScope][] = [
      ["admin", { kind: "admin" }],
      ["heavy user", { kind: "user", userId: heavy.user_id }],
      ["typical user", { kind: "user", userId: typical.user_id }],
    ];
    if (process.env.BENCH_EXPLAIN) {
      for (const [label, scope] of scopes) {
        const { db, explain } = explaining(database.db, sql, label);
        await page(db, scope, label)();
        await explain();
      }
    }
    // The coarse grains must show exactly what usage_daily shows: the whole page, every scope, over
    // 30 whole days (a fixed range: "30d" ends at the clock, which moves between the two reads).
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const fixed = parseDashboardParams({ range: "custom", from: day(since), to: day(new Date()) });
    for (const [label, scope] of scopes) {
      const zone = zones[label] ?? TIMEZONE;
      const coarse = await usagePageData(database.db, scope, fixed, zone);
      const fine = await usagePageData(database.db, scope, fixed, zone, { grain: "fine" });
      if (!isDeepStrictEqual(coarse, fine))
        throw new Error(`the ${label} dashboard differs between the coarse and the fine rollup grains`);
    }
    log("every dashboard equals its usage_daily (fine grain) answer");
    const load = os.loadavg()[0] ?? 0;
    const times: Record<string, number[]> = {};
    for (const [label, scope] of scopes) {
      times[label] = await timeRuns(page(database.db, scope, label));
      log(
        `${label} 30-day dashboard: p50 ${round(percentile(times[label]!, 50))} ms, p95 ${round(percentile(times[label]!, 95))} ms`,
      );
    }
    const [jit] = rowsOf<{ jit: string }>(await database.db.execute(sqlTag`show jit`));
    const [modelRows] = await sql<{ models: number; models30: number; days30: number }[]>`
      select count(*)::int as models, count(*) filter (where bucket_start >= ${since})::int as models30,
        (select count(*)::int from usage_day_models where day >= ${since}::date) as days30
      from usage_hourly_models`;
    const [userModelRows] = await sql<
      { all: number; heavy: number; typical: number; heavyDays: number; typicalDays: number }[]
    >`
      select count(*)::int as all,
        count(*) filter (where user_id = ${heavy.user_id} and bucket_start >= ${since})::int as heavy,
        count(*) filter (where user_id = ${typical.user_id} and bucket_start >= ${since})::int as typical,
        (select count(*)::int from usage_day_user_models where user_id = ${heavy.user_id} and day >= ${since}::date) as "heavyDays",
        (select count(*)::int from usage_day_user_models where user_id = ${typical.user_id} and day >= ${since}::date) as "typicalDays"
      from usage_hourly_user_models`;
    const [rollupRows] = await sql<
      { all: number; all30: number; user: number; heavy: number; typical: number }[]
    >`
      select count(*) filter (where user_id is null)::int as all,
        count(*) filter (where user_id is null and bucket_start >= ${since})::int as all30,
        count(*) filter (where user_id is not null)::int as user,
        count(*) filter (where user_id = ${heavy.user_id} and bucket_start >= ${since})::int as heavy,
        count(*) filter (where user_id = ${typical.user_id} and bucket_start >= ${since})::int as typical
      from usage_daily`;
    return {
      times,
      heavyRequests: Number(heavy.requests),
      typicalRequests: Number(typical.requests),
      rollupRows: rollupRows!,
      modelRows: modelRows!,
      userModelRows: userModelRows!,
      jit: String(jit?.jit),
      zones,
      loadAverage: load,
    };
  } finally {
    await sql.end({ timeout: 5 });
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Writer

type Entities = {
  users: string[];
  keys: Map<string, string[]>;
  own: Map<string, string>;
  shared: Map<string, string>;
  models: Record<
    "chat" | "embedding" | "video",
    { id: string; providerId: string; slug: string; name: string; pricing: Record<string, number> }[]
  >;
  templates: string[];
};

async function loadEntities(sql: Sql): Promise<Entities> {
  const users = await sql<{ id: string; email: string }[]>`
    select id, email from users where email like 'bench-user-%' order by email`;
  const keys = await sql<{ id: string; user_id: string }[]>`
    select id, user_id from api_keys where name like 'bench-key-%' order by name`;
  const integrations = await sql<{ id: string; user_id: string | null; provider_id: string }[]>`
    select id, user_id, provider_id from ai_integrations where name like 'Bench %'`;
  const models = await sql<
    {
      id: string;
      provider_id: string;
      slug: string;
      name: string;
      type: string;
      pricing: Record<string, number>;
    }[]
  >`
    select m.id, m.provider_id, p.slug, m.name, m.type, m.pricing from ai_models m join ai_providers p on p.id = m.provider_id
    where m.integration_id is null order by array_position(${sql.array(POPULAR_MODELS)}::text[], m.name) nulls last, m.name`;
  const templates = await sql<
    { id: string }[]
  >`select id from ai_templates where slug like 'bench-template-%' order by slug`;
  const keysByUser = new Map<string, string[]>();
  for (const k of keys) keysByUser.set(k.user_id, [...(keysByUser.get(k.user_id) ?? []), k.id]);
  const pick = (type: string) =>
    models
      .filter((m) => m.type === type)
      .map((m) => ({ id: m.id, providerId: m.provider_id, slug: m.slug, name: m.name, pricing: m.pricing }));
  return {
    users: users.map((u) => u.id),
    keys: keysByUser,
    own: new Map(integrations.filter((i) => i.user_id).map((i) => [`${i.user_id}|${i.provider_id}`, i.id])),
    shared: new Map(integrations.filter((i) => !i.user_id).map((i) => [i.provider_id, i.id])),
    models: { chat: pick("chat"), embedding: pick("embedding"), video: pick("video") },
    templates: templates.map((t) => t.id),
  };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Calls like the seeded ones (same distributions), in time order over `spanMs` from `start`. */
function makeRecords(e: Entities, count: number, start: Date, spanMs: number, seed: number): UsageRecord[] {
  const random = mulberry32(seed);
  const records: UsageRecord[] = [];
  for (let i = 0; i < count; i++) {
    const uidx = Math.floor(USERS * random() ** 2);
    const userId = e.users[uidx]!;
    const rt = random();
    const requestType: UsageRequestType =
      rt < 0.7
        ? "chat"
        : rt < 0.88
          ? "completion"
          : rt < 0.94
            ? "workflow"
            : rt < 0.99
              ? "embedding"
              : "video";
    const kind = rt < 0.94 ? "chat" : rt < 0.99 ? "embedding" : "video";
    const rs = random();
    const status: UsageStatus =
      rs < 0.955 ? "success" : rs < 0.98 ? "error" : rs < 0.987 ? "timeout" : "aborted";
    const list = e.models[kind];
    const rm = random();
    const midx =
      kind !== "chat"
        ? Math.floor(list.length * rm)
        : random() < 0.5
          ? Math.floor(list.length * rm ** 3)
          : (uidx * 7 + Math.floor(4 * rm)) % list.length;
    const model = list[midx]!;
    const own = e.own.get(`${userId}|${model.providerId}`);
    const integrationId = own ?? e.shared.get(model.providerId) ?? null;
    const keys = e.keys.get(userId) ?? [];
    const apiKeyId =
      keys.length && random() < (uidx < HEAVY_USERS ? 0.8 : 0.3)
        ? keys[Math.floor(random() * keys.length)]!
        : null;
    const templateId = random() < 0.06 ? e.templates[Math.floor(TEMPLATES * random() ** 2)]! : null;
    const failed = status === "error" || status === "timeout";
    const tin =
      kind === "video"
        ? 0
        : kind === "embedding"
          ? Math.floor(10 + 2000 * random() ** 2)
          : Math.floor(30 + 6000 * random() ** 3);
    const tout =
      kind !== "chat" || failed
        ? 0
        : status === "aborted"
          ? Math.floor(5 + 400 * random())
          : Math.floor(10 + 2000 * random() ** 2);
    const tc = kind === "chat" && random() < 0.3 ? Math.floor(tin * 0.8 * random()) : 0;
    const p = model.pricing;
    const costMicro = failed
      ? 0
      : kind === "video"
        ? Math.round((p.perSecond ?? 0) * 1e6 * (4 + Math.floor(9 * random())))
        : Math.round(
            (tin - tc) * (p.input ?? 0) + tc * (p.cachedInput ?? p.input ?? 0) + tout * (p.output ?? 0),
          );
    const ttft0 = Math.floor(120 + 3000 * random() ** 3);
    const ttftMs = kind !== "chat" || failed ? null : ttft0;
    const rl = random();
    const latencyMs =
      status === "timeout"
        ? 30000 + Math.floor(100000 * rl)
        : status === "error"
          ? Math.floor(50 + 3000 * rl)
          : kind === "video"
            ? Math.floor(20000 + 200000 * rl)
            : kind === "embedding"
              ? Math.floor(40 + 800 * rl ** 2)
              : status === "aborted"
                ? ttft0 + Math.floor(500 + 20000 * rl)
                : ttft0 + Math.floor(tout * (8 + 30 * rl));
    records.push({
      userId,
      apiKeyId,
      providerId: model.providerId,
      modelId: model.id,
      providerSlug: model.slug,
      modelName: model.name,
      integrationId,
      integrationShared: !own,
      conversationId: null,
      messageId: null,
      workflowRunId: null,
      templateId,
      sessionId: null,
      requestType,
      tokensIn: tin,
      tokensOut: tout,
      tokensCached: tc,
      cost: formatMicroUsd(BigInt(costMicro)),
      credits: own ? 0 : Math.floor((costMicro + 5000) / 10000),
      latencyMs,
      ttftMs,
      status,
      errorMessage: failed ? "Upstream error" : null,
      estimated: status === "aborted",
      metadata: {},
      createdAt: new Date(start.getTime() + Math.floor((i * spanMs) / count)),
    });
  }
  return records;
}

type FlushStats = { transactions: number; txMs: number; rollupStatements: number; rollupSqlMs: number };

/**
 * The writer's database, instrumented: each transaction is timed (BEGIN to COMMIT), and inside it the
 * rollup upserts (the writer's `INSERT INTO usage_daily` / `usage_hourly_models` / `usage_hourly_user_models`
 * / `usage_day_models` / `usage_day_user_models` statements) are timed, or suppressed when
 * skipRollups is set. Everything else passes through untouched.
 */
function instrumented(db: Db, stats: FlushStats, skipRollups: boolean): Db {
  const dialect = new PgDialect();
  const wrapTx = <T extends object>(tx: T): T =>
    new Proxy(tx, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop !== "execute") return value.bind(target);
        return async (query: SQLWrapper) => {
          if (
            !/^\s*insert into (usage_daily|usage_(hourly|day)_(user_)?models)\b/i.test(
              dialect.sqlToQuery(query.getSQL()).sql,
            )
          )
            return value.call(target, query);
          stats.rollupStatements++;
          if (skipRollups) return [];
          const started = performance.now();
          try {
            return await value.call(target, query);
          } finally {
            stats.rollupSqlMs += performance.now() - started;
          }
        };
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== "transaction") return value.bind(target);
      return async (fn: (tx: object) => Promise<unknown>, config?: unknown) => {
        const started = performance.now();
        try {
          return await value.call(target, (tx: object) => fn(wrapTx(tx)), config);
        } finally {
          stats.transactions++;
          stats.txMs += performance.now() - started;
        }
      };
    },
  });
}

async function writeAll(writer: UsageWriter, records: UsageRecord[], batch: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < records.length; i += batch) {
    for (const r of records.slice(i, i + batch)) writer.enqueue(r);
    await writer.flush();
  }
  return performance.now() - started;
}

type WriteResult = {
  /** Per 1,000 calls: flush wall time with rollups, and with the rollup statements suppressed. */
  withMs: number;
  withoutMs: number;
  /** Per 1,000 calls: the rollup upsert statements, and buildRollups' CPU time. */
  rollupSqlMs: number;
  buildMs: number;
  rollupStatementsPerFlush: number;
};

async function measureWriter(url: string, seedNow: Date) {
  const database = await openPostgres(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  // 60 days before the seed (a UTC midnight; three days per batch size, so that no user's day
  // holds calls of two): no dashboard window reaches it, and it is deleted afterwards.
  const base = utcDayStart(new Date(seedNow.getTime() - 60 * DAY));
  const cleanup = async () => {
    const end = new Date(base.getTime() + 3 * WRITE_BATCHES.length * DAY);
    await sql`delete from ai_usage_logs where created_at >= ${base} and created_at < ${end}`;
    for (const table of ["usage_daily", "usage_hourly_models", "usage_hourly_user_models"])
      await sql`delete from ${sql(table)} where bucket_start >= ${base} and bucket_start < ${end}`;
    for (const table of ["usage_day_models", "usage_day_user_models"])
      await sql`delete from ${sql(table)} where day >= ${base}::date - 1 and day <= ${end}::date`;
  };
  const rounds = 8;
  const perRound = Math.ceil(WRITE_CALLS / rounds);
  const calls = perRound * rounds;
  try {
    await cleanup();
    const entities = await loadEntities(sql);
    const results = new Map<number, WriteResult>();
    for (const [n, batch] of WRITE_BATCHES.entries()) {
      const stats: FlushStats = { transactions: 0, txMs: 0, rollupStatements: 0, rollupSqlMs: 0 };
      const skipped: FlushStats = { transactions: 0, txMs: 0, rollupStatements: 0, rollupSqlMs: 0 };
      const opts = { maxBatch: batch, flushIntervalMs: 60_000 };
      const withRollups = new UsageWriter(instrumented(database.db, stats, false), opts);
      const withoutRollups = new UsageWriter(instrumented(database.db, skipped, true), opts);
      // Each writer gets its own hour (of its batch size's own UTC day); calls arrive in time order
      // within it, like live traffic.
      const hourA = new Date(base.getTime() + 3 * n * DAY);
      const hourB = new Date(hourA.getTime() + HOUR);
      const span = HOUR / (rounds + 1);
      // Warm-up (not counted), then alternate rounds so that drift on the machine hits both alike.
      await writeAll(withRollups, makeRecords(entities, 1_000, hourA, span, 7 * batch), batch);
      await writeAll(withoutRollups, makeRecords(entities, 1_000, hourB, span, 7 * batch + 1), batch);
      for (const s of [stats, skipped])
        Object.assign(s, { transactions: 0, txMs: 0, rollupStatements: 0, rollupSqlMs: 0 });
      let withMs = 0;
      let withoutMs = 0;
      let buildMs = 0;
      for (let r = 0; r < rounds; r++) {
        const offset = (r + 1) * span;
        const a = makeRecords(entities, perRound, new Date(hourA.getTime() + offset), span, 1000 * batch + r);
        const b = makeRecords(entities, perRound, new Date(hourB.getTime() + offset), span, 1000 * batch + r);
        withMs += await writeAll(withRollups, a, batch);
        withoutMs += await writeAll(withoutRollups, b, batch);
        // The in-process part of rollup maintenance, on the same batches.
        const started = performance.now();
        for (let i = 0; i < a.length; i += batch) {
          buildRollups(a.slice(i, i + batch));
          buildModelRollups(a.slice(i, i + batch));
          buildUserModelRollups(a.slice(i, i + batch));
          buildModelRollups(a.slice(i, i + batch), "day");
        }
        buildMs += performance.now() - started;
      }
      // The writer's hour is consistent (logs = every grain), the suppressed one has no rollups.
      // (The day grains' row of that UTC day counts hour A only.)
      const [check] = await sql<(Record<string, string | null> & { skipped: string })[]>`
        select (select count(*) from ai_usage_logs where created_at >= ${hourA} and created_at < ${hourB}) as logs,
          (select sum(requests) from usage_daily where user_id is not null and bucket_start = ${hourA}) as user,
          (select sum(requests) from usage_daily where user_id is null and bucket_start = ${hourA}) as all,
          (select sum(requests) from usage_hourly_models where bucket_start = ${hourA}) as models,
          (select sum(requests) from usage_hourly_user_models where bucket_start = ${hourA}) as user_models,
          (select sum(requests) from usage_day_models where day = ${hourA}::date) as day_models,
          (select sum(requests) from usage_day_user_models
            where day between (${hourA}::date - 1) and (${hourA}::date + 1)) as day_user_models,
          (select (select count(*) from usage_daily where bucket_start = ${hourB})
            + (select count(*) from usage_hourly_models where bucket_start = ${hourB})
            + (select count(*) from usage_hourly_user_models where bucket_start = ${hourB})) as skipped`;
      const { skipped: unrolled, ...grains } = check ?? { skipped: "?" };
      if (unrolled !== "0" || Object.values(grains).some((v) => v !== grains.logs))
        throw new Error(`writer rollups do not match its logs: ${JSON.stringify(check)}`);
      if (withRollups.rejected.length || withoutRollups.rejected.length)
        throw new Error("the writer rejected records");
      const per1000 = (ms: number) => (ms / calls) * 1000;
      const result: WriteResult = {
        withMs: per1000(withMs),
        withoutMs: per1000(withoutMs),
        rollupSqlMs: per1000(stats.rollupSqlMs),
        buildMs: per1000(buildMs),
        rollupStatementsPerFlush: stats.rollupStatements / stats.transactions,
      };
      results.set(batch, result);
      log(
        `writer, batches of ${batch}: ${round(result.withMs)} ms per 1,000 calls with rollups (rollup SQL ` +
          `${round(result.rollupSqlMs)}, buildRollups ${round(result.buildMs)}; transactions ` +
          `${round(per1000(stats.txMs))}, ${round(result.rollupStatementsPerFlush, 1)} rollup statements a flush), ` +
          `${round(result.withoutMs)} with the rollup statements suppressed`,
      );
    }
    return { results, calls };
  } finally {
    await cleanup().catch((err) => log(`cleanup failed: ${String(err)}`));
    // The kept database is read again by the next BENCH_REUSE run: vacuumed here, so that it does
    // not depend on autovacuum (off on some servers) to find the tables as the seed left them.
    const started = performance.now();
    await sql`vacuum (analyze) ai_usage_logs, usage_daily, usage_hourly_models, usage_hourly_user_models, usage_day_models, usage_day_user_models`.catch(
      (err) => log(`vacuum failed: ${String(err)}`),
    );
    log(`vacuumed the written tables (${Math.round(performance.now() - started)} ms)`);
    await sql.end({ timeout: 5 });
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { url, server, name } = databaseUrls();
  let seedNow: Date;
  let seedMs: number | null = null;
  const marker = process.env.BENCH_REUSE ? await readMarker(url) : null;
  if (
    marker &&
    marker.rows === ROWS &&
    marker.counted === ROWS &&
    marker.users === USERS &&
    marker.version === SEED_VERSION
  ) {
    seedNow = marker.seededAt;
    log(`reusing ${name}: ${ROWS.toLocaleString("en")} rows seeded ${seedNow.toISOString()}`);
    // Migrations added since the seed (their backfills run over the seeded rows, as on a real upgrade).
    const started = performance.now();
    const database = await openPostgres(url, { max: 2 });
    try {
      await migrateDatabase(database);
    } finally {
      await database.close();
    }
    log(`migrations up to date (${Math.round(performance.now() - started)} ms)`);
  } else {
    if (process.env.BENCH_REUSE) log(`${name} holds no matching seed; seeding it again`);
    const started = performance.now();
    seedNow = await seed(url, server, name);
    seedMs = performance.now() - started;
    log(`seeded in ${Math.round(seedMs / 1000)} s`);
  }
  const seedAgeHours = (Date.now() - seedNow.getTime()) / HOUR;
  if (seedAgeHours > 24)
    log(
      `the seed is ${Math.round(seedAgeHours)} h old: the 30-day window covers ${round(30 - seedAgeHours / 24, 1)} days of it`,
    );

  const dashboards = await measureDashboards(url);
  const writer = await measureWriter(url, seedNow);

  const p95 = (label: string) => round(percentile(dashboards.times[label] ?? [], 95));
  const p50 = (label: string) => round(percentile(dashboards.times[label] ?? [], 50));
  const full = writer.results.get(WRITE_BATCHES[0]!)!;
  const small = writer.results.get(WRITE_BATCHES[1]!)!;
  const metrics = {
    engine: "postgres",
    usage_rows: ROWS,
    users: USERS,
    rollup_rows_all_users: dashboards.rollupRows.all,
    rollup_rows_all_users_models: dashboards.modelRows.models,
    rollup_rows_per_user: dashboards.rollupRows.user,
    rollup_rows_per_user_models: dashboards.userModelRows.all,
    seed_ms: seedMs === null ? null : Math.round(seedMs),
    seed_age_hours: round(seedAgeHours),
    runs: RUNS,
    cpus: os.cpus().length,
    load_average_1m: round(dashboards.loadAverage),
    admin_dashboard_p50_ms: p50("admin"),
    admin_dashboard_p95_ms: p95("admin"),
    admin_dashboard_hour_rows_30d: dashboards.modelRows.models30,
    admin_dashboard_day_rows_30d: dashboards.modelRows.days30,
    all_users_fine_grain_rows_30d: dashboards.rollupRows.all30,
    app_connection_jit: dashboards.jit,
    dashboard_zones: dashboards.zones,
    user_dashboard_p50_ms: p50("heavy user"),
    user_dashboard_p95_ms: p95("heavy user"),
    user_dashboard_requests_30d: dashboards.heavyRequests,
    user_dashboard_hour_rows_30d: dashboards.userModelRows.heavy,
    user_dashboard_day_rows_30d: dashboards.userModelRows.heavyDays,
    user_fine_grain_rows_30d: dashboards.rollupRows.heavy,
    typical_user_dashboard_p50_ms: p50("typical user"),
    typical_user_dashboard_p95_ms: p95("typical user"),
    typical_user_requests_30d: dashboards.typicalRequests,
    typical_user_dashboard_hour_rows_30d: dashboards.userModelRows.typical,
    typical_user_dashboard_day_rows_30d: dashboards.userModelRows.typicalDays,
    write_calls: writer.calls,
    write_batch: WRITE_BATCHES[0],
    write_ms_per_1000_calls: round(full.withMs),
    write_without_rollups_ms_per_1000_calls: round(full.withoutMs),
    rollup_ms_per_1000_calls: round(full.rollupSqlMs + full.buildMs),
    rollup_sql_ms_per_1000_calls: round(full.rollupSqlMs),
    rollup_build_ms_per_1000_calls: round(full.buildMs),
    rollup_share_of_write: round((full.rollupSqlMs + full.buildMs) / full.withMs, 3),
    write_batch_small: WRITE_BATCHES[1],
    write_ms_per_1000_calls_small_batches: round(small.withMs),
    write_without_rollups_ms_per_1000_calls_small_batches: round(small.withoutMs),
    rollup_ms_per_1000_calls_small_batches: round(small.rollupSqlMs + small.buildMs),
  };
  const budgets = { admin_dashboard_p95_ms: 100, user_dashboard_p95_ms: 20 };
  const pass =
    metrics.admin_dashboard_p95_ms <= budgets.admin_dashboard_p95_ms &&
    metrics.user_dashboard_p95_ms <= budgets.user_dashboard_p95_ms;
  console.log(JSON.stringify({ bench: "usage", metrics, budgets, pass }));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
