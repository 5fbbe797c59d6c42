import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { workflows } from "@/db/schema";
import { agentStep } from "@/lib/agents/workflow-step";
import type { CallOutcome, Gateway, GatewayRequest } from "@/lib/ai/gateway";
import { resolveModelRef } from "@/lib/ai/model-ref";
import type { Actor } from "@/lib/auth/actor";
import { fusionPrompt } from "@/lib/chat/fusion";
import { AppError } from "@/lib/errors";
import { resolveRunnable, systemPromptOf } from "@/lib/marketplace/access";
import { clientsFor, outboundPolicy } from "@/lib/net/policy";
import { JudgeOutputError, type JudgePrompt } from "@/lib/quality/rubric";
import { checkTerms, selectTerms, withTerms } from "@/lib/terminology/apply";
import type { StepConfigs, WorkflowStepDef } from "./definition";
import { pickByJudge } from "./judge-pick";
import { maskSecrets, renderText, renderValue, type TemplateScope } from "./template";
import { toolStep } from "./tool-step";
import { evaluateCondition, runTransform, StepInputError } from "./transform";

/** A failure class a retry policy can name. */
export type FailureClass = "429" | "5xx" | "timeout" | "network";

/** A step failed; `kind` says whether a retry policy may try again. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly kind: FailureClass | null,
    readonly retryAfterMs?: number,
    /** What the step resolved before it failed (masked), for the run log. */
    readonly input?: unknown,
  ) {
    super(message);
  }
}

export type StepOutcome =
  | {
      kind: "done";
      output: unknown;
      input: unknown;
      tokensIn: number;
      tokensOut: number;
      costUsd: number;
      detail?: Record<string, unknown>;
      /** The step succeeded although part of it failed (a model of a multi-model step). */
      partial?: boolean;
    }
  /** A sub-workflow: the step waits for the child run to end. */
  | { kind: "wait"; childRunId: string; input: unknown };

export type StepContext = {
  db: Db;
  gateway: Gateway;
  actor: Actor;
  run: { id: string; workflowId: string; depth: number; attempt: number };
  stepRun: { id: string; attempt: number };
  step: WorkflowStepDef;
  scope: TemplateScope;
  signal: AbortSignal;
  /** Starts a child run for a sub-workflow step (idempotent per step run). */
  startChild: (workflowId: string, input: Record<string, unknown>) => Promise<string>;
};

const usd = (s: string) => Number(s);

function failureOf(outcome: CallOutcome): StepFailure {
  const f = outcome.failure;
  const http = f?.httpStatus;
  const kind: FailureClass | null =
    outcome.status === "timeout" || f?.kind === "timeout"
      ? "timeout"
      : http === 429 || f?.kind === "rate_limited"
        ? "429"
        : (http ?? 0) >= 500 || f?.kind === "server"
          ? "5xx"
          : f?.kind === "unreachable"
            ? "network"
            : null;
  return new StepFailure(
    `${outcome.model.provider}/${outcome.model.name}: ${f?.message ?? "the call failed"}`,
    kind,
  );
}

/** Gateway refusals before any upstream call (budget, rate, access) fail the step with their reason. */
function refusal(err: unknown): never {
  if (err instanceof AppError) {
    const kind = err.code === "rate_limited" ? "429" : null;
    throw new StepFailure(err.message, kind, err.retryAfter ? err.retryAfter * 1000 : undefined);
  }
  throw err;
}

/** `ref` is `provider/model` as users write it, or `{ id }` for a catalog id (a template's default). */
async function callModel(
  ctx: StepContext,
  ref: string | { id: string },
  req: Omit<GatewayRequest, "actor" | "modelId" | "requestType" | "abortSignal" | "context">,
  signal = ctx.signal,
): Promise<CallOutcome> {
  const modelId =
    typeof ref === "string" ? (await resolveModelRef(ctx.db, ctx.actor, ref).catch(refusal)).id : ref.id;
  return ctx.gateway
    .generate({
      ...req,
      actor: ctx.actor,
      modelId,
      requestType: "workflow",
      abortSignal: signal,
      context: { workflowRunId: ctx.run.id, metadata: { stepId: ctx.step.id, stepRunId: ctx.stepRun.id } },
    })
    .catch(refusal);
}

function structured(text: string, schema: Record<string, unknown>): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  let value: unknown;
  try {
    value = JSON.parse((fenced?.[1] ?? text).trim());
  } catch {
    throw new StepFailure(
      "The model's answer is not JSON, though the step asks for structured output.",
      null,
    );
  }
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (err) {
    throw new StepFailure(`The step's JSON schema cannot be used: ${(err as Error).message}`, null);
  }
  const parsed = validator.safeParse(value);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new StepFailure(
      `The model's JSON does not match the schema: ${i?.path.join(".") || "value"}: ${i?.message}`,
      null,
    );
  }
  return parsed.data;
}

async function modelStep(ctx: StepContext, c: StepConfigs["model"]): Promise<StepOutcome> {
  const prompt = renderText(c.prompt, ctx.scope);
  const schemaNote = c.jsonSchema
    ? `\n\nAnswer with JSON only (no prose, no code fence) matching this JSON Schema:\n${JSON.stringify(c.jsonSchema)}`
    : "";
  const system = c.system ? renderText(c.system, ctx.scope) : undefined;
  const terms = c.terminology ? await selectTerms(ctx.db, ctx.gateway, ctx.actor, prompt) : null;
  const outcome = await callModel(ctx, c.model, {
    messages: [{ role: "user", content: prompt }],
    system: withTerms(system || schemaNote ? `${system ?? ""}${schemaNote}`.trim() : undefined, terms),
    temperature: c.temperature,
    maxOutputTokens: c.maxTokens,
  });
  if (outcome.status !== "success") throw failureOf(outcome);
  return {
    kind: "done",
    input: { model: c.model, system, prompt },
    output: c.jsonSchema ? structured(outcome.text, c.jsonSchema) : outcome.text,
    tokensIn: outcome.usage.input,
    tokensOut: outcome.usage.output,
    costUsd: usd(outcome.costUsd),
    detail: {
      model: `${outcome.model.provider}/${outcome.model.name}`,
      latencyMs: outcome.latencyMs,
      ttftMs: outcome.ttftMs,
      ...(terms ? { terms: checkTerms(terms, outcome.text) } : {}),
    },
  };
}

async function templateStep(ctx: StepContext, c: StepConfigs["template"]): Promise<StepOutcome> {
  const runnable = await resolveRunnable(ctx.db, ctx.actor, c.templateId).catch(refusal);
  const snap = runnable.snapshot;
  const prompt = renderText(c.prompt, ctx.scope);
  const ref = c.model ?? (snap.modelConfig.modelId ? { id: snap.modelConfig.modelId } : null);
  if (!ref) throw new StepFailure("The template names no default model; choose one in the step.", null);
  const outcome = await callModel(ctx, ref, {
    // The template's system prompt is built here, on the server, and never stored with the step.
    system: systemPromptOf(snap),
    messages: [{ role: "user", content: prompt }],
    temperature: snap.modelConfig.temperature,
    topP: snap.modelConfig.topP,
    maxOutputTokens: snap.modelConfig.maxTokens,
    costLimitUsd: snap.costLimitPerRequest ? Number(snap.costLimitPerRequest) : undefined,
  });
  if (outcome.status !== "success") throw failureOf(outcome);
  return {
    kind: "done",
    input: {
      templateId: c.templateId,
      version: runnable.version,
      model: c.model ?? "template default",
      prompt,
    },
    output: outcome.text,
    tokensIn: outcome.usage.input,
    tokensOut: outcome.usage.output,
    costUsd: usd(outcome.costUsd),
    detail: {
      model: `${outcome.model.provider}/${outcome.model.name}`,
      latencyMs: outcome.latencyMs,
      templateVersion: runnable.version,
    },
  };
}

type Answer = {
  model: string;
  text: string;
  costUsd: number;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  error?: string;
};

async function multiModelStep(ctx: StepContext, c: StepConfigs["multi_model"]): Promise<StepOutcome> {
  const prompt = renderText(c.prompt, ctx.scope);
  const system = c.system ? renderText(c.system, ctx.scope) : undefined;
  // "first" keeps the first answer and aborts the others (they are metered as aborted).
  const race = new AbortController();
  const signal = AbortSignal.any([ctx.signal, race.signal]);
  let first: Answer | null = null;
  const answers: Answer[] = await Promise.all(
    c.models.map(async (model): Promise<Answer> => {
      try {
        const o = await callModel(
          ctx,
          model,
          {
            system,
            messages: [{ role: "user", content: prompt }],
            temperature: c.temperature,
            maxOutputTokens: c.maxTokens,
          },
          signal,
        );
        const a: Answer = {
          model,
          text: o.text,
          costUsd: usd(o.costUsd),
          latencyMs: o.latencyMs,
          tokensIn: o.usage.input,
          tokensOut: o.usage.output,
        };
        if (o.status !== "success") return { ...a, error: failureOf(o).message };
        if (c.strategy === "first" && !first) {
          first = a;
          race.abort();
        }
        return a;
      } catch (err) {
        return {
          model,
          text: "",
          costUsd: 0,
          latencyMs: 0,
          tokensIn: 0,
          tokensOut: 0,
          error: (err as Error).message,
        };
      }
    }),
  );
  if (ctx.signal.aborted) throw new StepFailure("Cancelled.", null);
  const ok = answers.filter((a) => !a.error);
  const sum = (f: (a: Answer) => number) => answers.reduce((n, a) => n + f(a), 0);
  let tokensIn = sum((a) => a.tokensIn);
  let tokensOut = sum((a) => a.tokensOut);
  let costUsd = sum((a) => a.costUsd);
  const failed = answers.filter((a) => a.error && !(c.strategy === "first" && first));
  if (ok.length === 0) {
    throw new StepFailure(
      `Every model failed: ${answers.map((a) => `${a.model}: ${a.error}`).join("; ")}`,
      null,
    );
  }
  let output: unknown;
  const detail: Record<string, unknown> = {
    strategy: c.strategy,
    answers: answers.map(({ model, text, costUsd: cost, latencyMs, error }) => ({
      model,
      text,
      costUsd: cost,
      latencyMs,
      error: error ?? null,
    })),
  };
  const pick = (a: Answer) => ({ model: a.model, text: a.text });
  switch (c.strategy) {
    case "all":
      output = ok.map(pick);
      break;
    case "first":
      output = pick(first ?? (ok[0] as Answer));
      break;
    case "cheapest":
      output = pick(ok.reduce((a, b) => (b.costUsd < a.costUsd ? b : a)));
      break;
    case "fastest":
      output = pick(ok.reduce((a, b) => (b.latencyMs < a.latencyMs ? b : a)));
      break;
    case "fuse": {
      const judge = c.judgeModel as string;
      const fusion = fusionPrompt(
        prompt,
        ok.map((a) => ({ model: a.model, text: a.text })),
      );
      const o = await callModel(ctx, judge, {
        system: fusion.system,
        messages: [{ role: "user", content: fusion.user }],
      });
      tokensIn += o.usage.input;
      tokensOut += o.usage.output;
      costUsd += usd(o.costUsd);
      if (o.status !== "success") throw failureOf(o);
      output = { model: judge, text: o.text, sources: ok.map((a) => a.model) };
      break;
    }
    case "judge": {
      const judge = c.judgeModel as string;
      const ask = async (p: JudgePrompt) => {
        const o = await callModel(ctx, judge, {
          system: p.system,
          messages: [{ role: "user", content: p.user }],
        });
        tokensIn += o.usage.input;
        tokensOut += o.usage.output;
        costUsd += usd(o.costUsd);
        if (o.status !== "success") throw failureOf(o);
        return o.text;
      };
      const judged = await pickByJudge(
        prompt,
        ok.map((a) => a.text),
        ask,
      ).catch((err: unknown) => {
        throw err instanceof JudgeOutputError ? new StepFailure(err.message, null) : err;
      });
      output = { ...pick(ok[judged.best] as Answer), reason: judged.reason, tie: judged.tie };
      detail.verdict = { judge, ...judged.verdict };
      break;
    }
  }
  return {
    kind: "done",
    input: { models: c.models, strategy: c.strategy, system, prompt },
    output,
    tokensIn,
    tokensOut,
    costUsd,
    detail,
    partial: failed.length > 0,
  };
}

async function httpStep(ctx: StepContext, c: StepConfigs["http"]): Promise<StepOutcome> {
  const url = renderText(c.url, ctx.scope);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new StepInputError(`“${maskSecrets(url, ctx.scope.secrets)}” is not a URL.`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new StepInputError("Only http and https URLs can be called.");
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headers)) headers[k.toLowerCase()] = renderText(v, ctx.scope);
  // Stable across retries of this step in this epoch, so the receiver can drop duplicates.
  headers["idempotency-key"] ??= `${ctx.run.id}:${ctx.step.id}:${ctx.run.attempt}`;
  const body = c.body !== undefined && c.method !== "GET" ? renderText(c.body, ctx.scope) : undefined;
  if (body !== undefined && !headers["content-type"]) {
    headers["content-type"] = /^\s*[[{]/.test(body) ? "application/json" : "text/plain; charset=utf-8";
  }
  const input = maskSecrets({ method: c.method, url, headers, body }, ctx.scope.secrets);
  const fail = (message: string, kind: FailureClass | null, retryAfterMs?: number) =>
    new StepFailure(message, kind, retryAfterMs, input);
  const policy = await outboundPolicy(ctx.db, { shared: false });
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(c.timeoutMs)]);
  const started = performance.now();
  let res: Response;
  try {
    res = await clientsFor(policy).fetch(target, { method: c.method, headers, body, signal });
  } catch (err) {
    if (ctx.signal.aborted) throw fail("Cancelled.", null);
    if (signal.aborted) throw fail(`No answer from ${target.host} within ${c.timeoutMs} ms.`, "timeout");
    if (err instanceof AppError) throw fail(err.message, null);
    throw fail(`Could not reach ${target.host}: ${(err as Error).message}`, "network");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > c.maxResponseBytes) {
      await reader.cancel();
      throw new StepFailure(
        `The response from ${target.host} is larger than ${c.maxResponseBytes} bytes.`,
        null,
      );
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const isJson = (res.headers.get("content-type") ?? "").includes("json");
  let parsed: unknown = text;
  if (isJson) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    const kind: FailureClass | null = res.status === 429 ? "429" : res.status >= 500 ? "5xx" : null;
    const retryAfter = Number(res.headers.get("retry-after"));
    throw fail(
      `${c.method} ${target.host}${target.pathname} answered ${res.status}: ${maskSecrets(text.slice(0, 300), ctx.scope.secrets)}`,
      kind,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    );
  }
  return {
    kind: "done",
    input,
    output: {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: maskSecrets(parsed, ctx.scope.secrets),
    },
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    detail: { status: res.status, bytes: size, latencyMs: Math.round(performance.now() - started) },
  };
}

async function subworkflowStep(ctx: StepContext, c: StepConfigs["subworkflow"]): Promise<StepOutcome> {
  const [child] = await ctx.db
    .select({ userId: workflows.userId, deletedAt: workflows.deletedAt })
    .from(workflows)
    .where(eq(workflows.id, c.workflowId));
  if (!child || child.userId !== ctx.actor.id || child.deletedAt) {
    throw new StepFailure("The sub-workflow does not exist or is not yours.", null);
  }
  const input = Object.fromEntries(Object.entries(c.input).map(([k, v]) => [k, renderValue(v, ctx.scope)]));
  const childRunId = await ctx.startChild(c.workflowId, input);
  return {
    kind: "wait",
    childRunId,
    input: maskSecrets({ workflowId: c.workflowId, input }, ctx.scope.secrets),
  };
}

const pure = (input: unknown, output: unknown): StepOutcome => ({
  kind: "done",
  input,
  output,
  tokensIn: 0,
  tokensOut: 0,
  costUsd: 0,
});

/** Runs one step. Throws StepFailure (or StepInputError) when it fails. */
export async function executeStep(ctx: StepContext): Promise<StepOutcome> {
  const { step } = ctx;
  try {
    switch (step.type) {
      case "model":
        return await modelStep(ctx, step.config);
      case "template":
        return await templateStep(ctx, step.config);
      case "multi_model":
        return await multiModelStep(ctx, step.config);
      case "transform":
        return pure(
          { op: step.config.op },
          maskSecrets(runTransform(step.config, ctx.scope), ctx.scope.secrets),
        );
      case "condition": {
        const result = evaluateCondition(step.config, ctx.scope);
        return pure(
          maskSecrets(
            {
              left: renderValue(step.config.left, ctx.scope),
              operator: step.config.operator,
              right: step.config.right,
            },
            ctx.scope.secrets,
          ),
          { result, branch: result ? "true" : "false" },
        );
      }
      case "http":
        return await httpStep(ctx, step.config);
      case "delay":
        return pure(
          { seconds: step.config.seconds },
          { waitedSeconds: step.config.seconds, resumedAt: new Date().toISOString() },
        );
      case "subworkflow":
        return await subworkflowStep(ctx, step.config);
      case "tool":
        return await toolStep(ctx, step.config);
      case "agent":
        return await agentStep(ctx, step.config);
    }
  } catch (err) {
    if (err instanceof StepInputError) throw new StepFailure(err.message, null);
    throw err;
  }
}
