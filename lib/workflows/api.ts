import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type WorkflowRun, webhookDeliveries, workflows } from "@/db/schema";
import type { ApiKeyPrincipal } from "@/lib/api-keys/keys";
import { requireScope } from "@/lib/api-keys/keys";
import { decryptSecret, SECRET_PURPOSE } from "@/lib/crypto/secrets";
import { AppError, assertId } from "@/lib/errors";
import { createRun, loadVersion } from "./engine";
import { applyInputSchema } from "./input";
import type { JobQueue } from "./queue";
import { WorkflowRunsModel } from "./runs";
import { verifyWebhook } from "./signature";

/** A run as the public API shows it. */
export function runView(run: WorkflowRun) {
  return {
    object: "workflow.run",
    id: run.id,
    workflow_id: run.workflowId,
    status: run.status,
    trigger: run.triggerType,
    steps_completed: run.stepsCompleted,
    steps_total: run.stepsTotal,
    attempt: run.attempt,
    input: run.input,
    output: run.output,
    error: run.errorMessage,
    tokens: { input: run.tokensIn, output: run.tokensOut },
    cost_usd: run.cost,
    queued_at: run.queuedAt.toISOString(),
    started_at: run.startedAt?.toISOString() ?? null,
    completed_at: run.completedAt?.toISOString() ?? null,
  };
}

const MAX_WAIT_SECONDS = 60;

export function waitSeconds(url: URL): number {
  const raw = url.searchParams.get("wait");
  if (raw === null || raw === "") return 0;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > MAX_WAIT_SECONDS) {
    throw new AppError("validation_failed", `wait: give seconds from 0 to ${MAX_WAIT_SECONDS}.`, {
      field: "wait",
    });
  }
  return n;
}

/** POST /api/v1/workflows/{id}/runs: scope workflows:run, Idempotency-Key honoured, optional ?wait=. */
export async function startRunByApi(
  db: Db,
  queue: JobQueue,
  principal: ApiKeyPrincipal,
  workflowId: string,
  body: unknown,
  idempotencyKey: string | null,
  wait: number,
) {
  requireScope(principal, "workflows:run");
  assertId(workflowId, "That workflow");
  if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 200)) {
    throw new AppError("validation_failed", "Idempotency-Key: use 1 to 200 characters.", {
      field: "Idempotency-Key",
    });
  }
  if (body !== null && body !== undefined && (typeof body !== "object" || Array.isArray(body))) {
    throw new AppError("validation_failed", 'The body must be a JSON object such as {"input": {...}}.', {
      field: "input",
    });
  }
  const [wf] = await db
    .select({ triggers: workflows.triggers })
    .from(workflows)
    .where(
      and(
        eq(workflows.id, workflowId),
        eq(workflows.userId, principal.actor.id),
        isNull(workflows.deletedAt),
      ),
    );
  if (!wf) throw new AppError("not_found", "That workflow was not found.");
  if (wf.triggers.api?.enabled === false) {
    throw new AppError(
      "forbidden",
      "The API trigger of this workflow is off; turn it on in the workflow's Triggers tab.",
    );
  }
  const runs = new WorkflowRunsModel(db, principal.actor, queue);
  const input = (body as { input?: unknown } | null)?.input ?? {};
  const { run, created } = await runs.start(workflowId, input, {
    trigger: "api",
    idempotencyKey: idempotencyKey ? `api:${idempotencyKey}` : null,
    apiKeyId: principal.key.id,
  });
  const final = wait > 0 ? await runs.wait(run.id, wait) : run;
  return { status: created ? 202 : 200, body: { ...runView(final), idempotent_replay: !created } };
}

export async function getRunByApi(
  db: Db,
  queue: JobQueue,
  principal: ApiKeyPrincipal,
  workflowId: string,
  runId: string,
  wait: number,
) {
  requireScope(principal, "workflows:run");
  assertId(workflowId, "That workflow");
  const runs = new WorkflowRunsModel(db, principal.actor, queue);
  const run = wait > 0 ? await runs.wait(runId, wait) : await runs.run(runId);
  if (run.workflowId !== workflowId) throw new AppError("not_found", "That run was not found.");
  return runView(run);
}

const KEPT_HEADERS = ["content-type", "user-agent", "webhook-id", "webhook-timestamp"];
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * A Standard Webhooks delivery: verified on the raw bytes before anything is parsed, recorded in
 * webhook_deliveries whatever the outcome, deduplicated on webhook-id (the first run is answered).
 */
export async function receiveWebhook(
  db: Db,
  queue: JobQueue,
  workflowId: string,
  headers: Headers,
  raw: Buffer,
): Promise<{ status: number; body: Record<string, unknown> }> {
  if (!/^[0-9a-f-]{36}$/i.test(workflowId)) return { status: 404, body: { error: "No webhook here." } };
  const [wf] = await db
    .select()
    .from(workflows)
    .where(and(eq(workflows.id, workflowId), isNull(workflows.deletedAt)));
  if (!wf?.triggers.webhook?.enabled || !wf.webhookSecretEncrypted) {
    return {
      status: 404,
      body: { error: "No webhook here: the workflow does not exist or its webhook trigger is off." },
    };
  }
  const kept = Object.fromEntries(
    KEPT_HEADERS.flatMap((h) => (headers.get(h) ? [[h, String(headers.get(h)).slice(0, 300)]] : [])),
  );
  const record = (values: Omit<typeof webhookDeliveries.$inferInsert, "workflowId" | "userId" | "headers">) =>
    db.insert(webhookDeliveries).values({ workflowId, userId: wf.userId, headers: kept, ...values });
  const secret = decryptSecret(wf.webhookSecretEncrypted, SECRET_PURPOSE.workflowWebhookSecret);
  const verdict = verifyWebhook(secret, headers, raw);
  if (!verdict.ok) {
    await record({
      signatureValid: false,
      status: "rejected",
      error: verdict.reason,
      deliveryId: verdict.id?.slice(0, 200) ?? null,
    });
    return { status: 401, body: { error: verdict.reason } };
  }
  let payload: unknown;
  try {
    payload = raw.length ? JSON.parse(raw.toString("utf8")) : {};
  } catch {
    payload = { body: raw.toString("utf8") };
  }
  const reject = async (status: number, error: string) => {
    await record({ signatureValid: true, status: "rejected", error, deliveryId: null, payload });
    return { status, body: { error } };
  };
  if (wf.status !== "active") return reject(409, `The workflow is ${wf.status}.`);
  if (!wf.currentVersionId) return reject(409, "The workflow has no saved version.");
  const { definition } = await loadVersion(db, wf.currentVersionId);
  const body =
    payload && typeof payload === "object" && !Array.isArray(payload) ? payload : { body: payload };
  const input = applyInputSchema(definition.inputSchema, body);
  if (!input.ok) return reject(422, `input.${input.issues[0]?.field}: ${input.issues[0]?.message}`);
  const { run, created } = await createRun(db, queue, {
    workflowId,
    userId: wf.userId,
    versionId: wf.currentVersionId,
    triggerType: "webhook",
    triggerData: { webhookId: verdict.id, timestamp: verdict.timestamp },
    input: input.value,
    idempotencyKey: `webhook:${verdict.id}`,
  });
  await record({
    signatureValid: true,
    status: created ? "accepted" : "duplicate",
    runId: run.id,
    deliveryId: verdict.id,
    payload,
  });
  return { status: created ? 202 : 200, body: { run_id: run.id, status: run.status, duplicate: !created } };
}
