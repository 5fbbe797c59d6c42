import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { UsageRecord } from "./rollup";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Scalar = string | number | boolean | null;

/** ai_usage_logs columns the writer fills (id is generated), with their types and values. */
const COLUMNS: readonly { name: string; type: string; of: (r: UsageRecord) => Scalar }[] = [
  { name: "user_id", type: "uuid", of: (r) => r.userId },
  { name: "api_key_id", type: "uuid", of: (r) => r.apiKeyId },
  { name: "provider_id", type: "uuid", of: (r) => r.providerId },
  { name: "model_id", type: "uuid", of: (r) => r.modelId },
  { name: "provider_slug", type: "text", of: (r) => r.providerSlug },
  { name: "model_name", type: "text", of: (r) => r.modelName },
  { name: "integration_id", type: "uuid", of: (r) => r.integrationId },
  { name: "conversation_id", type: "uuid", of: (r) => r.conversationId },
  { name: "message_id", type: "uuid", of: (r) => r.messageId },
  { name: "workflow_run_id", type: "uuid", of: (r) => r.workflowRunId },
  { name: "template_id", type: "uuid", of: (r) => r.templateId },
  { name: "session_id", type: "text", of: (r) => r.sessionId },
  { name: "request_type", type: "text", of: (r) => r.requestType },
  { name: "tokens_in", type: "integer", of: (r) => r.tokensIn },
  { name: "tokens_out", type: "integer", of: (r) => r.tokensOut },
  { name: "tokens_cached", type: "integer", of: (r) => r.tokensCached },
  { name: "cost", type: "numeric", of: (r) => r.cost },
  { name: "credits", type: "integer", of: (r) => r.credits },
  { name: "latency_ms", type: "integer", of: (r) => r.latencyMs },
  { name: "ttft_ms", type: "integer", of: (r) => r.ttftMs },
  { name: "status", type: "text", of: (r) => r.status },
  { name: "error_message", type: "text", of: (r) => r.errorMessage },
  { name: "estimated", type: "boolean", of: (r) => r.estimated },
  { name: "metadata", type: "jsonb", of: (r) => JSON.stringify(r.metadata ?? {}) },
  { name: "created_at", type: "timestamptz", of: (r) => r.createdAt.toISOString() },
];

const INSERT_HEAD = sql.raw(
  `insert into ai_usage_logs (${COLUMNS.map((c) => c.name).join(", ")}) select * from unnest(`,
);

/** One PostgreSQL array literal: every element quoted (quotes and backslashes escaped), NULL bare. */
export function arrayLiteral(values: readonly Scalar[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null || v === undefined) out += "NULL";
    // PostgreSQL text cannot hold NUL; everything else is kept byte for byte.
    else if (typeof v === "string") out += `"${v.replace(/\0/g, "").replace(/[\\"]/g, "\\$&")}"`;
    else out += String(v);
  }
  return `${out}}`;
}

/**
 * Inserts a batch of usage rows with one parameter per column (`unnest` of typed arrays) instead of
 * one per value: a 500-row batch is 25 parameters, not 12,500, which is most of what building and
 * sending the statement costs the server process.
 */
export async function insertUsageLogs(tx: Tx | Db, records: readonly UsageRecord[]): Promise<void> {
  if (records.length === 0) return;
  const arrays = COLUMNS.map((c) => sql`${arrayLiteral(records.map(c.of))}::${sql.raw(c.type)}[]`);
  await tx.execute(sql`${INSERT_HEAD}${sql.join(arrays, sql`, `)})`);
}
