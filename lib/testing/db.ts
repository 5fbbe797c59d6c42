import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { type Database, type Db, type Engine, migrateDatabase, openPglite, openPostgres } from "@/db/client";

/** PGlite always; Postgres too when TEST_DATABASE_URL names a server. */
export const TEST_ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A fresh, migrated, empty database of its own: in-memory PGlite, or a new database on the server. */
export async function createTestDatabase(engine: Engine): Promise<Database> {
  if (engine === "pglite") {
    const database = await openPglite(null);
    await migrateDatabase(database);
    return database;
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `prism_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { max: 20 });
  await migrateDatabase(database);
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Runs a suite once per engine, each with its own fresh database.
 * `ctx.db()` is only valid inside tests and hooks.
 */
export function describeEachEngine(
  name: string,
  fn: (ctx: { engine: Engine; db: () => Db; database: () => Database }) => void,
): void {
  describe.each(TEST_ENGINES)(`${name} [%s]`, (engine) => {
    let database: Database | undefined;
    beforeAll(async () => {
      database = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await database?.close();
    });
    fn({
      engine,
      db: () => {
        if (!database) throw new Error("database not ready");
        return database.db;
      },
      database: () => {
        if (!database) throw new Error("database not ready");
        return database;
      },
    });
  });
}
