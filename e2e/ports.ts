/**
 * Fixed addresses the browser tests share with the server they start (e2e/server.ts).
 * E2E_MOCK_PORT moves the mock model server, so two checkouts can run their browser tests at once.
 */
export const MOCK_LLM_PORT = Number(process.env.E2E_MOCK_PORT ?? 4110);
export const MOCK_LLM_HOST = `127.0.0.1:${MOCK_LLM_PORT}`;
export const MOCK_LLM_URL = `http://${MOCK_LLM_HOST}`;

/** The webhook secret the e2e server runs with, so specs can sign Stripe events like Stripe does. */
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e";

/** The Prometheus scrape token the e2e server runs with (PRISM_METRICS_TOKEN). */
export const METRICS_TOKEN = "e2e-metrics-token-0123456789";

/** The MCP test server e2e/server.ts starts (E2E_MCP_PORT moves it), allowlisted for outbound calls. */
export const MCP_TEST_PORT = Number(process.env.E2E_MCP_PORT ?? 4112);
export const MCP_TEST_URL = `http://127.0.0.1:${MCP_TEST_PORT}/mcp`;
