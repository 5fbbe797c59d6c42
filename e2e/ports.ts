/** Fixed addresses the browser tests share with the server they start (e2e/server.ts). */
export const MOCK_LLM_PORT = 4110;
export const MOCK_LLM_URL = "http://127.0.0.1:4110";

/** The webhook secret the e2e server runs with, so specs can sign Stripe events like Stripe does. */
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e";
