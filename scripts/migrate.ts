/**
 * `npm run db:migrate`: applies the migrations and seeds the catalog, then exits. Run once per
 * deploy before app instances and workers start (compose.yaml's `migrate` service). App instances
 * migrate at start too, under an advisory lock, so a forgotten run is harmless, never a race.
 */
import { getDatabase } from "../db/client";

const database = await getDatabase();
console.log(`[prism] migrations applied and catalog seeded (${database.engine})`);
await database.close();
process.exit(0);
