import type { ModelPricing } from "@/db/schema";

/**
 * Token usage in one shape: `input` counts every prompt token (cached ones included),
 * `cachedInput` the part read from a prompt cache, `cacheWrite` the part written to one.
 */
export type NormalizedUsage = {
  input: number;
  output: number;
  cachedInput: number;
  cacheWrite: number;
  /** True when Prism counted the tokens itself because the provider reported none. */
  estimated: boolean;
};

/** How a provider reports cached prompt tokens. */
export type CachedTokenConvention = "included-in-input" | "separate";

/**
 * Normalises what a provider reported. OpenAI-style APIs count cached tokens inside prompt tokens
 * (`prompt_tokens` includes `cached_tokens`); Anthropic counts them beside (`input_tokens` excludes
 * `cache_read_input_tokens` and `cache_creation_input_tokens`).
 */
export function normalizeReportedUsage(
  convention: CachedTokenConvention,
  reported: { input: number; output: number; cacheRead?: number; cacheWrite?: number },
): NormalizedUsage {
  const cacheRead = reported.cacheRead ?? 0;
  const cacheWrite = reported.cacheWrite ?? 0;
  const input = convention === "separate" ? reported.input + cacheRead + cacheWrite : reported.input;
  return { input, output: reported.output, cachedInput: cacheRead, cacheWrite, estimated: false };
}

/** A rough token count (4 characters a token) for prompts and answers the provider did not meter. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

// Prices are USD per million tokens with at most 6 decimals. In integer "pico-dollars per token"
// (1e-12 USD) a price of p USD/M is p * 1e6, so sums are exact in BigInt and rounded once at the end.
function picoPerToken(pricePerMillion: number | undefined): bigint {
  return BigInt(Math.round((pricePerMillion ?? 0) * 1e6));
}

/** Cost in USD as a numeric(12,6) string, rounded half-up to the micro-dollar. */
export function computeCost(pricing: ModelPricing, usage: NormalizedUsage): string {
  const cached = Math.min(usage.cachedInput, usage.input);
  const writes = Math.min(usage.cacheWrite, usage.input - cached);
  const fresh = usage.input - cached - writes;
  const pico =
    BigInt(fresh) * picoPerToken(pricing.input) +
    BigInt(cached) * picoPerToken(pricing.cachedInput ?? pricing.input) +
    BigInt(writes) * picoPerToken(pricing.cacheWrite ?? pricing.input) +
    BigInt(usage.output) * picoPerToken(pricing.output);
  const micro = (pico + 500_000n) / 1_000_000n;
  return formatMicroUsd(micro);
}

/** Cost of a video of `seconds` at the model's per-second price. */
export function computeVideoCost(pricing: ModelPricing, seconds: number): string {
  return formatMicroUsd(BigInt(Math.round((pricing.perSecond ?? 0) * 1e6 * seconds)));
}

export function formatMicroUsd(micro: bigint): string {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}

/** USD string → micro-dollars (exact). */
export function toMicroUsd(usd: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{0,6})\d*)?$/.exec(usd.trim());
  if (!m) throw new Error(`not a USD amount: ${usd}`);
  const micro = BigInt(m[2] ?? "0") * 1_000_000n + BigInt((m[3] ?? "").padEnd(6, "0"));
  return m[1] ? -micro : micro;
}

/** Credits (1 credit = 0.01 USD) for a cost with a markup, rounded half up (not up: a call costing a thousandth of a cent must not cost a cent). */
export function creditsFor(costUsd: string, markupPercent: number): number {
  const micro = toMicroUsd(costUsd);
  if (micro <= 0n) return 0;
  const withMarkup = (micro * BigInt(Math.round((100 + markupPercent) * 100))) / 10_000n;
  return Number((withMarkup + 5_000n) / 10_000n);
}

/**
 * Worst-case cost of a request before it is sent: the prompt's estimated tokens plus the most
 * output it may produce. Used to enforce a template's cost limit per request.
 */
export function worstCaseCost(pricing: ModelPricing, promptTokens: number, maxOutputTokens: number): string {
  return computeCost(pricing, {
    input: promptTokens,
    output: maxOutputTokens,
    cachedInput: 0,
    cacheWrite: 0,
    estimated: true,
  });
}
