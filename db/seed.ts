/**
 * `npm run db:seed` — idempotent catalog seed (providers, models, prices, plans, retention).
 * `npm run db:seed -- --demo` — also creates demo accounts, only when asked; never on a real instance by default.
 */
import { eq } from "drizzle-orm";
import { registerUser } from "../lib/auth/accounts";
import { getDatabase } from "./client";
import { users } from "./schema";

const DEMO_USERS = [
  { name: "Demo Admin", email: "admin@demo.prism.local", role: "admin" as const },
  { name: "Demo Creator", email: "creator@demo.prism.local", role: "user" as const },
  { name: "Demo Buyer", email: "buyer@demo.prism.local", role: "user" as const },
];
export const DEMO_PASSWORD = "prism-demo-2026";

async function main() {
  const demo = process.argv.includes("--demo");
  const database = await getDatabase(); // opens, migrates and seeds the catalog
  const { db } = database;
  if (demo) {
    for (const u of DEMO_USERS) {
      const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.email, u.email));
      if (exists) continue;
      const created = await registerUser(
        db,
        { name: u.name, email: u.email, password: DEMO_PASSWORD },
        { ip: null, userAgent: "db:seed" },
      );
      await db.update(users).set({ role: u.role }).where(eq(users.id, created.id));
    }
    console.log(
      `[prism] demo accounts ready (password: ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => u.email).join(", ")}`,
    );
  }
  console.log(`[prism] seed complete on ${database.engine}`);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
