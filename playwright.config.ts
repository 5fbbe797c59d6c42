import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * Browser tests run against a production build on a fresh embedded database (./.data-e2e),
 * in the system Chromium (Debian's /usr/bin/chromium): the bundled browser download is not reachable.
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // The foundation spec starts from an empty instance (its first account becomes the admin), so it
  // runs before the other specs, whatever their file names; the first-run spec needs that admin and
  // no model yet, so it runs next.
  projects: [
    { name: "foundation", testMatch: /foundation\.spec\.ts$/ },
    { name: "firstrun", testMatch: /firstrun\.spec\.ts$/, dependencies: ["foundation"] },
    {
      name: "features",
      testIgnore: /(foundation|firstrun)\.spec\.ts$/,
      dependencies: ["firstrun"],
    },
  ],
  webServer: {
    command: "tsx e2e/server.ts",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(PORT) },
  },
});
