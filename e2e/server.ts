/**
 * Starts what the browser tests need: the mock model server on a fixed port, and a production
 * build of Prism on a fresh embedded database. Run by Playwright's webServer; stopped by it when
 * the run ends.
 */
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { startTestMcpServer } from "../lib/testing/mcp-server";
import { startMockLlm } from "../mock-llm/server";
import { MCP_TEST_PORT, METRICS_TOKEN, MOCK_LLM_PORT, STRIPE_WEBHOOK_SECRET } from "./ports";

const port = process.env.E2E_PORT ?? "3100";
const dataDir = path.resolve(".data-e2e");
rmSync(dataDir, { recursive: true, force: true });

// Specs point integrations at it (`MOCK_LLM_URL`); it lives as long as this process.
const mock = await startMockLlm({ port: MOCK_LLM_PORT });
console.log(`[e2e] mock model server on ${mock.url}`);
// A real MCP server (the official SDK, Streamable HTTP) for the tools spec.
const mcp = await startTestMcpServer(MCP_TEST_PORT);
console.log(`[e2e] MCP test server on ${mcp.url}`);

// Card top-ups stay off (no STRIPE_SECRET_KEY); the webhook is on so specs can post signed events.
const env = {
  ...process.env,
  PRISM_DATA_DIR: dataDir,
  DATABASE_URL: "",
  NODE_ENV: "production" as const,
  STRIPE_SECRET_KEY: "",
  STRIPE_WEBHOOK_SECRET,
  // The first-run guide's "local Ollama" is the mock server (it lists its models at /api/tags);
  // LM Studio is looked for on a port nothing listens on, so the guide shows it as not found.
  PRISM_OLLAMA_URL: mock.url,
  PRISM_LMSTUDIO_URL: "http://127.0.0.1:9",
  PRISM_METRICS_TOKEN: METRICS_TOKEN,
  // Users' MCP servers may not reach loopback unless the host is allowlisted, as an admin would.
  PRISM_OUTBOUND_ALLOWLIST: [process.env.PRISM_OUTBOUND_ALLOWLIST, `127.0.0.1:${MCP_TEST_PORT}`]
    .filter(Boolean)
    .join(","),
};
// E2E_SKIP_BUILD=1 reuses an existing build while iterating on specs locally.
if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn("npx", ["tsx", "server.ts", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => {
  void Promise.all([mock.close(), mcp.close()]).finally(() => process.exit(code ?? 0));
});
