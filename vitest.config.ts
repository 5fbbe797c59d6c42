import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": root,
      // Next.js's "server-only" guard throws outside a React Server bundle; tests are server code.
      "server-only": `${root}lib/testing/server-only-stub.ts`,
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data*/**"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Tests never read or create the keys of a real instance's data folder.
    env: { PRISM_ENCRYPTION_KEY: `1:${randomBytes(32).toString("base64")}` },
  },
});
