import type { LanguageModelV3 } from "@ai-sdk/provider";
import { embedMany, type ModelMessage } from "ai";
import type { Db } from "@/db/client";
import type { UsageRequestType, UsageStatus } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { balanceOf } from "@/lib/billing/ledger";
import { effectiveLimits } from "@/lib/billing/limits";
import { ensureMonthlyAllowance } from "@/lib/billing/wallet";
import { AppError } from "@/lib/errors";
import type { RequestLimiter } from "@/lib/rate-limit/limiter";
import { metrics } from "@/lib/server/metrics";
import { shared } from "@/lib/server/shared";
import { getSetting } from "@/lib/settings";
import type { BudgetAlerts } from "@/lib/usage/budget";
import type { UsageRecord } from "@/lib/usage/rollup";
import { nextMonthStartUtc, type SpendTracker } from "@/lib/usage/spend";
import type { UsageWriter } from "@/lib/usage/writer";
import type { ProviderHealth } from "./health";
import { type CallControl, type MeteredRequest, meteredModel } from "./metered-model";
import {
  computeCost,
  creditsFor,
  estimateTokens,
  formatMicroUsd,
  type NormalizedUsage,
  toMicroUsd,
  worstCaseCost,
} from "./pricing";
import { describeProviderFailure, type FailureKind } from "./provider-errors";
import { embeddingModel, languageModel } from "./providers";
import { type ResolvedTarget, resolveTarget } from "./resolve";
import { fromProviderUsage, generateOnce, openStream, toProviderPrompt } from "./upstream";

type ProviderUsage = Omit<NormalizedUsage, "estimated">;

/** What a caller asks the gateway to do. */
export type GatewayRequest = {
  actor: Actor;
  modelId: string;
  integrationId?: string | null;
  messages: ModelMessage[];
  system?: string;
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  requestType?: UsageRequestType;
  /** Cancels the call (e.g. the browser went away); the upstream request is closed too. */
  abortSignal?: AbortSignal;
  /** Refuse before calling when the worst case could cost more (a template's limit). */
  costLimitUsd?: number;
  /** The API key making the call, whose own requests-per-minute limit applies too. */
  apiKey?: { id: string; rateLimit: number; monthlyBudgetUsd?: string | null };
  /** Attribution for the usage row. */
  context?: {
    apiKeyId?: string | null;
    conversationId?: string | null;
    messageId?: string | null;
    workflowRunId?: string | null;
    templateId?: string | null;
    sessionId?: string | null;
    metadata?: Record<string, unknown>;
  };
};

export type CallOutcome = {
  status: UsageStatus;
  text: string;
  usage: NormalizedUsage;
  costUsd: string;
  credits: number;
  ttftMs: number | null;
  latencyMs: number;
  failure: { kind: FailureKind; message: string; httpStatus?: number } | null;
  model: { id: string; name: string; provider: string };
  integrationId: string;
};

export type GatewayOptions = {
  /** No first token within this long → timeout (default 60 s). */
  firstTokenTimeoutMs?: number;
  /** The whole call may take this long (default 10 min). */
  totalTimeoutMs?: number;
  /** Retries on connection errors, 429 and 5xx before the first token (default 2). */
  maxRetries?: number;
};

export type GatewayDeps = {
  db: Db;
  writer: UsageWriter;
  spend: SpendTracker;
  limiter: RequestLimiter;
  health: ProviderHealth;
  /** The 80% budget notification (optional: tests of other behaviour leave it out). */
  alerts?: BudgetAlerts;
  options?: GatewayOptions;
};

/** A streamed call: iterate it for text deltas; `outcome` settles when it ends, however it ends. */
export type GatewayStream = AsyncIterable<string> & { outcome: Promise<CallOutcome> };

const DEFAULT_MAX_OUTPUT = 4096;

/**
 * The one entry point for model calls. Before any upstream request it resolves the integration,
 * checks the plan's budget and rate limit and the request's cost limit; then it calls the provider
 * through the AI SDK with timeouts, retries before the first token, and abort propagation; and
 * whatever happens it meters the call into exactly one usage row (written in batches).
 */
export class Gateway {
  private readonly firstTokenTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRetries: number;

  constructor(private readonly deps: GatewayDeps) {
    this.firstTokenTimeoutMs = deps.options?.firstTokenTimeoutMs ?? 60_000;
    this.totalTimeoutMs = deps.options?.totalTimeoutMs ?? 600_000;
    this.maxRetries = deps.options?.maxRetries ?? 2;
  }

  /** Checks that must pass before anything is sent upstream; throws a clear AppError otherwise. */
  async precheck(req: GatewayRequest): Promise<ResolvedTarget> {
    return (await this.check(req)).target;
  }

  /**
   * The prechecks, and whether the call is charged to the wallet. Which limits apply:
   * - the plan's monthly cost cap counts spend on admin-shared integrations only (paid in credits);
   *   a user's own integrations are governed by the budgets that user sets (an API key's monthly
   *   cap, a template's cost limit per request);
   * - the plan's requests per minute apply to every call;
   * - administrators are exempt from both (and from the compare width) unless Admin → Settings says
   *   otherwise, and their shared calls are metered but not charged unless the settings say so.
   */
  async check(req: GatewayRequest): Promise<{ target: ResolvedTarget; charged: boolean }> {
    const { db, spend, limiter } = this.deps;
    const target = await resolveTarget(db, req.actor, req.modelId, req.integrationId);
    const limits = await effectiveLimits(db, req.actor.id);
    const sharedIntegration = target.integration.userId === null;
    const charged = sharedIntegration && limits.chargedForShared;
    if (sharedIntegration && !limits.exempt) {
      const spent = await spend.monthToDateMicroUsd(`s:${req.actor.id}`);
      const cap = toMicroUsd(limits.monthlyCostCapUsd.toFixed(6));
      if (spent >= cap) {
        const resets = nextMonthStartUtc().toISOString().slice(0, 10);
        throw new AppError(
          "budget_exceeded",
          `You have reached your monthly budget of $${limits.monthlyCostCapUsd.toFixed(2)} (${capOrigin(limits)}) for shared integrations and credits. It resets on ${resets} (UTC). Calls through your own provider keys (Settings → Integrations) are not counted.`,
          {
            details: {
              cap: "user_monthly",
              scope: "shared_integrations",
              capSource: limits.capSource,
              capUsd: limits.monthlyCostCapUsd,
              spentUsd: formatMicroUsd(spent),
              resetsAt: resets,
            },
          },
        );
      }
    }
    if (charged && isPriced(target.model.pricing)) {
      // Calls on admin-shared integrations are paid from the wallet (cost + markup).
      const balance = await walletBalance(db, req.actor.id);
      if (balance <= 0) {
        throw new AppError(
          "payment_required",
          "Your credits are used up: calls on shared integrations are paid from your wallet. Top up in Wallet, wait for next month's allowance, or add your own provider key in Settings → Integrations.",
          { details: { cap: "wallet", balance } },
        );
      }
    }
    if (req.costLimitUsd !== undefined) {
      const prompt = estimateTokens(promptText(req));
      const worst = worstCaseCost(
        target.model.pricing,
        prompt,
        req.maxOutputTokens ?? target.model.maxOutputTokens ?? DEFAULT_MAX_OUTPUT,
      );
      if (toMicroUsd(worst) > toMicroUsd(req.costLimitUsd.toFixed(6))) {
        throw new AppError(
          "budget_exceeded",
          `This request could cost up to $${Number(worst).toFixed(4)}, above the limit of $${req.costLimitUsd.toFixed(4)} per request. Shorten it or lower the maximum answer length.`,
          { details: { cap: "per_request", limitUsd: req.costLimitUsd, worstCaseUsd: worst } },
        );
      }
    }
    if (!limits.exempt) {
      const rate = await limiter.consume(`user:${req.actor.id}`, limits.requestsPerMinute);
      if (!rate.allowed) {
        throw new AppError(
          "rate_limited",
          `Too many requests: your ${limits.planName} plan allows ${limits.requestsPerMinute} per minute. Try again in ${rate.retryAfterSeconds} s.`,
          {
            retryAfter: rate.retryAfterSeconds,
            details: { limit: limits.requestsPerMinute, scope: "user", plan: limits.planSlug },
          },
        );
      }
    }
    if (req.apiKey?.monthlyBudgetUsd != null) {
      const keySpent = await spend.monthToDateMicroUsd(`k:${req.apiKey.id}`);
      if (keySpent >= toMicroUsd(req.apiKey.monthlyBudgetUsd)) {
        const resets = nextMonthStartUtc().toISOString().slice(0, 10);
        throw new AppError(
          "budget_exceeded",
          `This API key reached its monthly cap of $${Number(req.apiKey.monthlyBudgetUsd).toFixed(2)}. It resets on ${resets} (UTC).`,
          {
            details: {
              cap: "api_key_monthly",
              capUsd: Number(req.apiKey.monthlyBudgetUsd),
              spentUsd: formatMicroUsd(keySpent),
              resetsAt: resets,
            },
          },
        );
      }
    }
    if (req.apiKey) {
      const keyRate = await limiter.consume(`key:${req.apiKey.id}`, req.apiKey.rateLimit);
      if (!keyRate.allowed) {
        throw new AppError(
          "rate_limited",
          `Too many requests for this API key: it allows ${req.apiKey.rateLimit} per minute. Try again in ${keyRate.retryAfterSeconds} s.`,
          {
            retryAfter: keyRate.retryAfterSeconds,
            details: { limit: req.apiKey.rateLimit, scope: "api_key" },
          },
        );
      }
    }
    return { target, charged };
  }

  /** Streams a completion. Prechecks run (and may throw) before the first iteration. */
  async stream(req: GatewayRequest): Promise<GatewayStream> {
    const { target, charged } = await this.check(req);
    const started = performance.now();
    const control = new Control(req.abortSignal, this.firstTokenTimeoutMs, this.totalTimeoutMs);
    let resolveOutcome!: (o: CallOutcome) => void;
    const outcome = new Promise<CallOutcome>((r) => {
      resolveOutcome = r;
    });
    const self = this;
    let text = "";
    let ttftMs: number | null = null;
    let usage: ProviderUsage | null = null;
    let error: unknown = null;
    let finished = false;

    async function* run(): AsyncGenerator<string> {
      try {
        const parts = await openStream(target.connection, target.model.name, req.system, req.messages, {
          temperature: req.temperature,
          topP: req.topP,
          maxOutputTokens: req.maxOutputTokens,
          abortSignal: control.signal,
          maxRetries: self.maxRetries,
        });
        for await (const part of parts) {
          if (part.type === "text") {
            if (ttftMs === null) {
              ttftMs = Math.round(performance.now() - started);
              control.firstToken();
            }
            text += part.delta;
            yield part.delta;
          } else if (part.type === "finish") {
            usage = part.usage;
            finished = true;
          } else {
            error = part.error;
            break;
          }
        }
        if (!finished && !error) error = new Error("The provider ended the stream without finishing.");
      } catch (err) {
        error = err;
      } finally {
        // Reached on completion, failure, or when the consumer stops iterating early.
        // A failed stream is cleaned up, not "aborted": its status stays error.
        if (!finished && !control.signal.aborted) control.abort(error ? "cleanup" : "consumer");
        control.dispose();
        resolveOutcome(
          self.finish(req, target, { text, ttftMs, usage, error, finished, control, started, charged }),
        );
      }
    }
    const iterable = run();
    return Object.assign(iterable, { outcome });
  }

  /** A non-streaming completion, metered the same way. Throws nothing for provider failures: see outcome.status. */
  async generate(req: GatewayRequest): Promise<CallOutcome> {
    const { target, charged } = await this.check(req);
    const started = performance.now();
    const control = new Control(req.abortSignal, this.totalTimeoutMs, this.totalTimeoutMs);
    try {
      const result = await generateOnce(
        languageModel(target.connection, target.model.name),
        toProviderPrompt(req.system, req.messages),
        {
          temperature: req.temperature,
          topP: req.topP,
          maxOutputTokens: req.maxOutputTokens,
          abortSignal: control.signal,
          maxRetries: this.maxRetries,
        },
      );
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
      const latency = Math.round(performance.now() - started);
      return this.finish(req, target, {
        text,
        ttftMs: latency,
        usage: fromProviderUsage(result.usage),
        error: null,
        finished: true,
        control,
        started,
        charged,
      });
    } catch (error) {
      return this.finish(req, target, {
        text: "",
        ttftMs: null,
        usage: null,
        error,
        finished: false,
        control,
        started,
        charged,
      });
    } finally {
      control.dispose();
    }
  }

  /** Embeddings for a list of texts, metered as one `embedding` usage row. */
  async embed(
    req: Omit<GatewayRequest, "messages"> & { values: string[] },
  ): Promise<{ embeddings: number[][]; outcome: CallOutcome }> {
    const asChat: GatewayRequest = {
      ...req,
      messages: [{ role: "user", content: req.values.join("\n") }],
      requestType: "embedding",
    };
    const { target, charged } = await this.check(asChat);
    const started = performance.now();
    const control = new Control(req.abortSignal, this.totalTimeoutMs, this.totalTimeoutMs);
    try {
      const result = await embedMany({
        model: embeddingModel(target.connection, target.model.name),
        values: req.values,
        maxRetries: this.maxRetries,
        abortSignal: control.signal,
      });
      const usage: ProviderUsage = { input: result.usage.tokens, output: 0, cachedInput: 0, cacheWrite: 0 };
      const outcome = this.finish(asChat, target, {
        text: "",
        ttftMs: null,
        usage,
        error: null,
        finished: true,
        control,
        started,
        charged,
      });
      return { embeddings: result.embeddings, outcome };
    } catch (error) {
      const outcome = this.finish(asChat, target, {
        text: "",
        ttftMs: null,
        usage: null,
        error,
        finished: false,
        control,
        started,
        charged,
      });
      throw new AppError(
        outcome.status === "timeout" ? "upstream_timeout" : "upstream_error",
        outcome.failure?.message ?? "Embedding failed.",
      );
    } finally {
      control.dispose();
    }
  }

  /**
   * A metered AI SDK model bound to `req` (actor, model, attribution, limits): for tool loops and
   * structured output through `streamText` / `generateText`, or a provider-level relay. Each call it
   * makes is prechecked and metered like `stream`; `onOutcome` gets every call's outcome.
   */
  meteredModel(req: MeteredRequest, onOutcome?: (outcome: CallOutcome) => void): LanguageModelV3 {
    return meteredModel(
      {
        check: (r) => this.check(r),
        control: (signal) => new Control(signal, this.firstTokenTimeoutMs, this.totalTimeoutMs),
        maxRetries: this.maxRetries,
        finish: (r, target, input) => this.finish(r, target, input),
      },
      req,
      req.modelId,
      onOutcome,
    );
  }

  /** Turns how a call ended into its outcome and queues its usage row (never on the caller's path). */
  private finish(
    req: GatewayRequest,
    target: ResolvedTarget,
    r: {
      text: string;
      ttftMs: number | null;
      usage: ProviderUsage | null;
      error: unknown;
      finished: boolean;
      control: CallControl;
      started: number;
      /** Charged to the wallet (a shared integration, and not an administrator exempt from charges). */
      charged: boolean;
    },
  ): CallOutcome {
    const latencyMs = Math.round(performance.now() - r.started);
    const failure =
      r.finished && !r.error
        ? null
        : describeProviderFailure(r.error, {
            timedOut: r.control.timedOut,
            aborted: r.control.abortedBy === "caller" || r.control.abortedBy === "consumer",
            host: hostOf(target),
          });
    const status: UsageStatus = failure ? failure.status : "success";
    const usage = normalize(r.usage, req, r.text);
    const costUsd = computeCost(target.model.pricing, usage);
    const shared = target.integration.userId === null;
    // Uncharged shared calls (an administrator's) are metered with their cost, and no credits.
    const credits = r.charged ? creditsFor(costUsd, this.markupPercent) : 0;
    const record: UsageRecord = {
      userId: req.actor.id,
      apiKeyId: req.apiKey?.id ?? req.context?.apiKeyId ?? null,
      providerId: target.provider.id,
      modelId: target.model.id,
      providerSlug: target.provider.slug,
      modelName: target.model.name,
      integrationId: target.integration.id,
      integrationShared: shared,
      conversationId: req.context?.conversationId ?? null,
      messageId: req.context?.messageId ?? null,
      workflowRunId: req.context?.workflowRunId ?? null,
      templateId: req.context?.templateId ?? null,
      sessionId: req.context?.sessionId ?? null,
      requestType: req.requestType ?? "chat",
      tokensIn: usage.input,
      tokensOut: usage.output,
      tokensCached: usage.cachedInput,
      cost: costUsd,
      credits,
      latencyMs,
      ttftMs: r.ttftMs,
      status,
      errorMessage: failure?.message ?? null,
      estimated: usage.estimated,
      metadata: {
        ...req.context?.metadata,
        ...(failure ? { failureKind: failure.kind, httpStatus: failure.httpStatus } : {}),
      },
      createdAt: new Date(),
    };
    this.deps.writer.enqueue(record);
    this.deps.health.record(target.provider.id, failure?.kind ?? null);
    const provider = { provider: target.provider.slug };
    metrics.gatewayCalls.inc({ ...provider, status });
    if (failure) metrics.gatewayErrors.inc({ ...provider, kind: failure.kind });
    if (r.ttftMs !== null) metrics.gatewayTtft.observe(provider, r.ttftMs / 1000);
    if (this.deps.alerts && Number(costUsd) > 0) {
      void this.deps.alerts
        .check(req.actor.id)
        .catch((err) => console.error("[prism] budget alert check failed", err));
    }
    return {
      status,
      text: r.text,
      usage,
      costUsd,
      credits,
      ttftMs: r.ttftMs,
      latencyMs,
      failure: failure
        ? { kind: failure.kind, message: failure.message, httpStatus: failure.httpStatus }
        : null,
      model: { id: target.model.id, name: target.model.name, provider: target.provider.slug },
      integrationId: target.integration.id,
    };
  }

  private markupPercent = 0;

  /** Refreshes settings the gateway reads on its hot path (called at start and periodically). */
  async refreshSettings(): Promise<void> {
    this.markupPercent = await getSetting(this.deps.db, "sharedMarkupPercent");
  }

  /** Writes every queued usage row now (shutdown, tests). */
  flush(): Promise<void> {
    return this.deps.writer.flush();
  }
}

const walletMemo = shared(
  "gateway-wallet",
  () => new Map<string, { balance: Promise<number>; at: number }>(),
);

/**
 * A user's wallet balance for the shared-integration precheck, remembered for a second (concurrent
 * calls share one lookup): the hot path must not query it on every call. A stale positive balance
 * lets a call or two through; the charge then takes what is left and never takes the wallet below
 * zero (lib/billing/usage-charge.ts).
 */
function walletBalance(db: Db, userId: string): Promise<number> {
  const hit = walletMemo.get(userId);
  if (hit && Date.now() - hit.at < 1_000) return hit.balance;
  const balance = ensureMonthlyAllowance(db, userId).then(() => balanceOf(db, userId));
  if (walletMemo.size > 50_000) walletMemo.clear();
  walletMemo.set(userId, { balance, at: Date.now() });
  balance.catch(() => walletMemo.delete(userId));
  return balance;
}

/** Why a cap applies: the plan's own number, or one an admin set for this user. */
function capOrigin(limits: { capSource: string; planName: string }): string {
  return limits.capSource === "plan" ? `${limits.planName} plan` : "set by an admin";
}

function isPriced(p: { input?: number; output?: number; cachedInput?: number; perSecond?: number }): boolean {
  return (p.input ?? 0) > 0 || (p.output ?? 0) > 0 || (p.cachedInput ?? 0) > 0 || (p.perSecond ?? 0) > 0;
}

function hostOf(target: ResolvedTarget): string | undefined {
  try {
    return new URL(target.connection.baseUrl ?? "http://x").host;
  } catch {
    return undefined;
  }
}

function promptText(req: Pick<GatewayRequest, "messages" | "system">): string {
  let text = req.system ?? "";
  for (const m of req.messages) {
    if (typeof m.content === "string") text += m.content;
    else for (const part of m.content) if ("text" in part && typeof part.text === "string") text += part.text;
  }
  return text;
}

/** The provider's numbers when it reported any; otherwise Prism's estimate, marked as such. */
function normalize(usage: ProviderUsage | null, req: GatewayRequest, text: string): NormalizedUsage {
  if (usage) return { ...usage, estimated: false };
  return {
    input: estimateTokens(promptText(req)),
    output: estimateTokens(text),
    cachedInput: 0,
    cacheWrite: 0,
    estimated: true,
  };
}

/** One call's cancellation: the caller's signal, a first-token timeout and a total timeout. */
class Control implements CallControl {
  private readonly controller = new AbortController();
  private firstTimer: NodeJS.Timeout | null;
  private totalTimer: NodeJS.Timeout;
  private readonly onCallerAbort = () => this.abort("caller");
  abortedBy: "caller" | "consumer" | "timeout" | "cleanup" | null = null;

  constructor(
    private readonly caller: AbortSignal | undefined,
    firstTokenMs: number,
    totalMs: number,
  ) {
    this.firstTimer = setTimeout(() => this.abort("timeout"), firstTokenMs);
    this.totalTimer = setTimeout(() => this.abort("timeout"), totalMs);
    if (caller?.aborted) this.abort("caller");
    else caller?.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.abortedBy === "timeout";
  }

  firstToken(): void {
    if (this.firstTimer) clearTimeout(this.firstTimer);
    this.firstTimer = null;
  }

  abort(by: "caller" | "consumer" | "timeout" | "cleanup"): void {
    if (this.abortedBy) return;
    this.abortedBy = by;
    this.controller.abort(
      new DOMException(
        by === "timeout" ? "timed out" : "aborted",
        by === "timeout" ? "TimeoutError" : "AbortError",
      ),
    );
  }

  dispose(): void {
    if (this.firstTimer) clearTimeout(this.firstTimer);
    clearTimeout(this.totalTimer);
    this.caller?.removeEventListener("abort", this.onCallerAbort);
  }
}
