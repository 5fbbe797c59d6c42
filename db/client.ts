import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { dataDir } from "../lib/server/data-dir";
import * as schema from "./schema";
import { seedCatalog } from "./seed-catalog";

/** The one database handle type; both postgres.js and PGlite satisfy it, and so does a transaction. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Engine = "pglite" | "postgres";

export type Database = {
  db: Db;
  engine: Engine;
  close: () => Promise<void>;
  /**
   * SQL text straight to the driver: with values as one parameterised statement, without as a
   * script (several statements; the rows are the last one's). For pg-boss's own SQL.
   */
  raw: (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;
  /** LISTEN on a channel (in-process for PGlite); resolves to an unlisten function. */
  listen: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db/migrations");
const MIGRATION_LOCK = 727_001;

/**
 * JIT is off for the app's connections: its queries are short OLTP and dashboard reads over the
 * rollups, where compiling (tens of ms, more with the histogram sums) costs more than it saves.
 * work_mem is 32 MB, not 4: a dashboard groups up to tens of thousands of rollup rows by (day,
 * model) with ~50 sums each, and the planner cannot know how few groups come out (it assumes
 * about one per row); at 4 MB it then sorts and spills to disk instead of hashing in memory.
 */
export async function openPostgres(
  url: string,
  opts: { max?: number; jit?: boolean } = {},
): Promise<Database> {
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { jit: opts.jit ? "on" : "off", work_mem: "32MB" },
  });
  const db = drizzlePostgres(preparing(client), { schema });
  return {
    db,
    engine: "postgres",
    close: () => client.end({ timeout: 5 }),
    raw: async (text, values) => {
      if (values && values.length > 0)
        return [
          ...(await client.unsafe(text, values as postgres.ParameterOrJSON<never>[], { prepare: true })),
        ];
      // A script may BEGIN and COMMIT itself: it runs on a connection of its own.
      const conn = await client.reserve();
      const result = await conn
        .unsafe(text)
        .simple()
        .finally(() => conn.release());
      // A script answers one row list per statement.
      const last = Array.isArray(result[0]) || result.length === 0 ? (result.at(-1) ?? []) : result;
      return [...(Array.isArray(last) ? last : [])] as Record<string, unknown>[];
    },
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    },
  };
}

/**
 * drizzle asks postgres.js not to prepare its statements, and postgres.js then describes every
 * parameterised statement before running it: two round trips each. Prepared (named, cached per
 * connection by their text), a statement the connection has seen runs in one. Only statements with
 * parameters are prepared: their texts are the app's query shapes, a bounded set, while
 * statements that carry their values as literals (the usage dashboards) would each be new.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (
          query: string,
          params?: postgres.ParameterOrJSON<never>[],
          options?: postgres.UnsafeQueryOptions,
        ) => target.unsafe(query, params, { ...options, prepare: (params?.length ?? 0) > 0 });
      }
      if (prop === "begin") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target.begin as (...a: unknown[]) => Promise<unknown>)(
            ...args,
            (tx: postgres.TransactionSql) =>
              callback(preparing(tx as unknown as postgres.Sql) as unknown as postgres.TransactionSql),
          );
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** dataDir null = in-memory (tests). */
export async function openPglite(dir: string | null): Promise<Database> {
  const client = await PGlite.create({
    dataDir: dir ?? undefined,
    extensions: { pg_trgm },
  });
  const db = drizzlePglite(client, { schema });
  return {
    db,
    engine: "pglite",
    close: () => client.close(),
    raw: async (text, values) => {
      if (values && values.length > 0)
        return (await client.query<Record<string, unknown>>(text, values)).rows;
      const results = await client.exec(text);
      return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
    },
    listen: (channel, onPayload) => client.listen(channel, onPayload),
  };
}

/** Applies the committed migrations; on Postgres under an advisory lock so two instances never race. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.engine === "pglite") {
    // The drizzle PGlite migrator expects the concrete PGlite database type.
    await migratePglite(database.db as Parameters<typeof migratePglite>[0], {
      migrationsFolder: MIGRATIONS_FOLDER,
    });
    return;
  }
  const pg = database.db as Parameters<typeof migratePostgres>[0];
  await pg.execute(`select pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    await migratePostgres(pg, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await pg.execute(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}

async function openConfigured(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  const database = url ? await openPostgres(url) : await openPglite(path.join(dataDir(), "pglite"));
  try {
    await migrateDatabase(database);
    await seedCatalog(database.db);
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
  return database;
}

declare global {
  // One slot shared by every Next.js bundle in this process.
  var __prismDatabase: Promise<Database> | undefined;
}

/**
 * The application's database: opened, migrated and catalog-seeded once per process (at server start
 * from instrumentation.ts). Cached on globalThis because Next.js loads this module in several bundles
 * and PGlite must have exactly one owner of its data folder. A failed open is not cached.
 */
export function getDatabase(): Promise<Database> {
  if (!globalThis.__prismDatabase) {
    globalThis.__prismDatabase = openConfigured().catch((err) => {
      globalThis.__prismDatabase = undefined;
      throw err;
    });
  }
  return globalThis.__prismDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** `db.execute` returns postgres.js's row array or PGlite's `{ rows }`; this reads either. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}
