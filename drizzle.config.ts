import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; both PGlite and postgres.js apply them.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
  verbose: true,
});
