import type { ModelOption } from "./types";

/** Answer length assumed by the estimate, in tokens. */
export const ASSUMED_OUTPUT_TOKENS = 500;

export type CostEstimate = {
  inputTokens: number;
  outputTokens: number;
  total: number;
  perModel: { id: string; name: string; cost: number; priced: boolean }[];
  /** Some chosen model has no price in the catalog: the total leaves it out. */
  unpriced: boolean;
};

/**
 * What a prompt may cost before it fans out (pure): input ≈ characters / 4 of the branch so far
 * plus the prompt, output assumed 500 tokens, at each model's catalog price per million tokens.
 */
export function estimateCost(
  models: readonly ModelOption[],
  branchChars: number,
  prompt: string,
): CostEstimate {
  const inputTokens = Math.ceil((branchChars + prompt.length) / 4);
  const outputTokens = ASSUMED_OUTPUT_TOKENS;
  const perModel = models.map((m) => {
    const priced = m.pricing.input !== undefined || m.pricing.output !== undefined;
    const cost = ((m.pricing.input ?? 0) * inputTokens + (m.pricing.output ?? 0) * outputTokens) / 1_000_000;
    return { id: m.id, name: m.displayName, cost, priced };
  });
  return {
    inputTokens,
    outputTokens,
    total: perModel.reduce((sum, m) => sum + m.cost, 0),
    perModel,
    unpriced: perModel.some((m) => !m.priced),
  };
}

/** "$0.0123": four decimals, more for amounts under a hundredth of a cent so they do not read as zero. */
export function formatEstimate(usd: number): string {
  if (usd === 0) return "$0.00";
  const digits = usd < 0.0001 ? 6 : 4;
  return `$${usd.toFixed(digits)}`;
}
