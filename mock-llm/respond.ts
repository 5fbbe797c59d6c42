/**
 * The provider-independent response engine: timing (ttft / tps), streaming, and failure injection.
 */
import type { Behaviour } from "./behaviour";
import { type Ctx, SSE_HEADERS, sendError, sendJson } from "./http";

/** How a provider frames one streamed reply. */
export interface StreamPlan {
  tokens: readonly string[];
  /** Frames before the first token (role chunk / message_start …). */
  head(): string;
  /** The frame carrying one token. */
  token(text: string): string;
  /** Frames after the last token, given the tokens sent (finish chunk, usage, [DONE] / message_stop …). */
  tail(sent: number): string;
}

export interface ResponsePlan {
  /** Set when the client asked for a stream. */
  stream: StreamPlan | null;
  /** Reply tokens of a non-stream response (drives the tps delay and `tokensSent`). */
  tokenCount: number;
  /** The non-stream JSON body. */
  json(): unknown;
  /** Model name for error messages. */
  model: string;
}

/** The generation delay of a non-stream response: ttft, plus (tokens - 1) / tps when tps is set. */
export function nonStreamDelay(b: Behaviour, tokenCount: number): number {
  return b.ttftMs + (b.tps > 0 ? (Math.max(0, tokenCount - 1) * 1000) / b.tps : 0);
}

type Stop = { mode: "cut" | "hang"; after: number } | null;

function runStream(ctx: Ctx, b: Behaviour, plan: StreamPlan, stop: Stop): void {
  const { res, entry } = ctx;
  const total = stop ? Math.min(stop.after, plan.tokens.length) : plan.tokens.length;
  let sent = 0;
  const finish = (out: string): void => {
    entry.tokensSent = sent;
    if (stop === null) {
      res.end(out + plan.tail(sent));
      return;
    }
    if (stop.mode === "hang") {
      // Keep the socket open until the client closes it.
      if (out !== "") res.write(out);
      return;
    }
    // Let the written bytes reach the client before the connection is torn down.
    if (out === "") ctx.cut();
    else res.write(out, () => ctx.cut());
  };
  const begin = (): void => {
    ctx.writeHead(200, SSE_HEADERS);
    let out = plan.head();
    if (b.tps <= 0) {
      // Fast path: everything in one write, no per-token timers.
      for (; sent < total; sent++) out += plan.token(plan.tokens[sent]!);
      finish(out);
      return;
    }
    const interval = 1000 / b.tps;
    const start = performance.now();
    const pump = (): void => {
      const due = Math.min(total, 1 + Math.floor((performance.now() - start) / interval));
      for (; sent < due; sent++) out += plan.token(plan.tokens[sent]!);
      if (sent >= total) {
        finish(out);
        return;
      }
      if (out !== "") res.write(out);
      out = "";
      entry.tokensSent = sent;
      ctx.later(Math.max(1, start + sent * interval - performance.now()), pump);
    };
    pump();
  };
  ctx.later(b.ttftMs, begin);
}

/**
 * Sends `plan` according to `b`. `failNow` says whether this request is one that the `fail` directive
 * (and its `fail_times` counter) makes fail.
 */
export function respond(ctx: Ctx, b: Behaviour, plan: ResponsePlan, failNow: boolean): void {
  const fail = failNow ? b.fail : null;
  if (fail?.kind === "status") {
    ctx.later(b.ttftMs, () =>
      sendError(ctx, {
        status: fail.status,
        model: b.baseModel || plan.model,
        apiKey: ctx.entry.apiKey,
        retryAfter: b.retryAfter,
      }),
    );
    return;
  }
  if (plan.stream !== null) {
    if (fail?.kind === "hang" && b.hangAfter === null) return;
    const stop: Stop =
      fail?.kind === "cut"
        ? { mode: "cut", after: b.cutAfter }
        : fail?.kind === "hang"
          ? { mode: "hang", after: b.hangAfter ?? 0 }
          : null;
    runStream(ctx, b, plan.stream, stop);
    return;
  }
  if (fail?.kind === "hang") return;
  ctx.later(nonStreamDelay(b, plan.tokenCount), () => {
    if (fail?.kind === "cut") {
      // Headers and half the body, then the connection drops.
      const text = JSON.stringify(plan.json());
      ctx.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      ctx.res.write(text.slice(0, Math.floor(text.length / 2)), () => ctx.cut());
      return;
    }
    ctx.entry.tokensSent = plan.tokenCount;
    sendJson(ctx, 200, plan.json());
  });
}
