import { z } from "zod";

/**
 * Validated environment. Imported by next.config.ts so a bad variable fails at start with its name.
 * Everything is optional: with nothing set Prism runs on an embedded PGlite database under ./.data.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** The HTTP port of `npm start` / server.ts (default 3000). */
  PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  PRISM_DATA_DIR: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Comma-separated `version:base64key` pairs; the highest version encrypts. */
  PRISM_ENCRYPTION_KEY: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Comma-separated hosts outbound calls may reach even on private addresses (plus the admin's list). */
  PRISM_OUTBOUND_ALLOWLIST: z.string().optional(),
  /** In-process workflow step slots (default 4); 0 = none (separate `npm run worker` processes). */
  PRISM_WORKERS: z.coerce.number().int().min(0).max(256).optional(),
  /** Step slots of an `npm run worker` process (default 8). */
  PRISM_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /** How long a stopping app instance lets streams in flight finish (default 20000 ms). */
  PRISM_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  /** How long a stopping `npm run worker` waits for its steps in flight (default 25000 ms). */
  PRISM_WORKER_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  /** How long a claimed workflow step stays leased without a heartbeat (default 30000). */
  PRISM_WORKFLOW_LEASE_MS: z.coerce.number().int().min(500).max(600_000).optional(),
  /** The instance's public address (https://prism.example.com): absolute URLs for social previews. */
  PRISM_PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** Where the first-run guide looks for a local Ollama (default http://127.0.0.1:11434). */
  PRISM_OLLAMA_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** Where the first-run guide looks for a local LM Studio server (default http://127.0.0.1:1234). */
  PRISM_LMSTUDIO_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** Turns on /api/metrics (Prometheus); scrapers send it as a bearer token. */
  PRISM_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** "1" lets admins register stdio MCP servers (a fixed command Prism runs; off by default). */
  PRISM_MCP_STDIO: z.enum(["0", "1"], { error: "must be 0 or 1" }).optional(),
  /** How long one MCP tool call may run (default 30000 ms). */
  PRISM_MCP_TOOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  PRISM_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof schema>;

/** Every variable Prism reads (docs/deploy.md documents each; lib/deploy.test.ts checks both). */
export const ENV_KEYS = Object.keys(schema.shape) as (keyof Env)[];

function parse(): Env {
  const raw = Object.fromEntries(Object.entries(process.env).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = schema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

export const env: Env = parse();
