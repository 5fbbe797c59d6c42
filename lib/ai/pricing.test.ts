import { describe, expect, it } from "vitest";
import {
  computeCost,
  creditsFor,
  estimateTokens,
  normalizeReportedUsage,
  toMicroUsd,
  worstCaseCost,
} from "./pricing";

const gpt4o = { input: 2.5, output: 10, cachedInput: 1.25 };
const sonnet = { input: 3, output: 15, cachedInput: 0.3 };

describe("cost", () => {
  it("prices input and output per million tokens, exactly", () => {
    const usage = normalizeReportedUsage("included-in-input", { input: 1000, output: 500 });
    // 1000 * 2.5/1e6 + 500 * 10/1e6 = 0.0025 + 0.005
    expect(computeCost(gpt4o, usage)).toBe("0.007500");
    expect(
      computeCost(
        { input: 0.15, output: 0.6 },
        { input: 7, output: 3, cachedInput: 0, cacheWrite: 0, estimated: false },
      ),
    ).toBe("0.000003");
  });

  it("OpenAI convention: cached tokens are inside prompt tokens", () => {
    const usage = normalizeReportedUsage("included-in-input", { input: 1000, output: 0, cacheRead: 400 });
    expect(usage).toMatchObject({ input: 1000, cachedInput: 400 });
    // 600 fresh * 2.5 + 400 cached * 1.25 = 1500 + 500 = 2000 per 1e6
    expect(computeCost(gpt4o, usage)).toBe("0.002000");
  });

  it("Anthropic convention: cached tokens are beside input tokens", () => {
    const usage = normalizeReportedUsage("separate", { input: 600, output: 100, cacheRead: 400 });
    expect(usage).toMatchObject({ input: 1000, cachedInput: 400 });
    // 600 * 3 + 400 * 0.3 + 100 * 15 = 1800 + 120 + 1500 = 3420 per 1e6
    expect(computeCost(sonnet, usage)).toBe("0.003420");
  });

  it("prices cache writes at the input price unless the model has a cache-write price", () => {
    const usage = normalizeReportedUsage("separate", { input: 100, output: 0, cacheWrite: 100 });
    expect(computeCost(sonnet, usage)).toBe("0.000600");
    expect(computeCost({ ...sonnet, cacheWrite: 3.75 }, usage)).toBe("0.000675");
  });

  it("without a cached price, cached tokens cost the input price", () => {
    const usage = normalizeReportedUsage("included-in-input", { input: 1000, output: 0, cacheRead: 1000 });
    expect(computeCost({ input: 1, output: 2 }, usage)).toBe("0.001000");
  });

  it("rounds half up to the micro-dollar and handles large counts without float error", () => {
    expect(
      computeCost(
        { input: 0.0375, output: 0 },
        { input: 13, output: 0, cachedInput: 0, cacheWrite: 0, estimated: false },
      ),
    ).toBe("0.000000");
    expect(
      computeCost(
        { input: 0.1, output: 0 },
        { input: 5, output: 0, cachedInput: 0, cacheWrite: 0, estimated: false },
      ),
    ).toBe("0.000001");
    expect(
      computeCost(
        { input: 15, output: 75 },
        { input: 2_000_000_000, output: 1_000_000_000, cachedInput: 0, cacheWrite: 0, estimated: false },
      ),
    ).toBe("105000.000000");
  });
});

describe("estimates", () => {
  it("estimates four characters a token when the provider reports nothing", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
  });

  it("worst-case cost uses the full output allowance", () => {
    expect(worstCaseCost(gpt4o, 1000, 1000)).toBe("0.012500");
  });
});

describe("credits", () => {
  it("converts USD to whole credits with markup, rounding half up", () => {
    expect(toMicroUsd("0.012345")).toBe(12_345n);
    expect(creditsFor("0.000000", 20)).toBe(0);
    expect(creditsFor("0.004999", 0)).toBe(0);
    expect(creditsFor("0.005000", 0)).toBe(1);
    expect(creditsFor("0.010000", 0)).toBe(1);
    expect(creditsFor("0.014999", 0)).toBe(1);
    expect(creditsFor("0.100000", 25)).toBe(13);
    expect(creditsFor("0.100000", 0)).toBe(10);
  });
});
