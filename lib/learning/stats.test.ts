import { describe, expect, it } from "vitest";
import { parseInsightsParams, periodStart } from "./filters";
import { statementsOf, winRatePoints } from "./statements";
import {
  confidenceOf,
  meanInterval,
  mergeSums,
  modelStats,
  qualityPerDollar,
  rankModels,
  type SignalSums,
} from "./stats";

const sums = (over: Partial<SignalSums>): SignalSums => ({
  modelKey: "m",
  modelId: "m",
  provider: "openai",
  modelName: "m",
  label: "Model M",
  category: "general",
  answers: 0,
  compares: 0,
  voted: 0,
  wins: 0,
  scoreN: 0,
  scoreSum: 0,
  scoreSumSq: 0,
  judgeN: 0,
  judgeSum: 0,
  costSum: 0,
  regenerated: 0,
  termN: 0,
  termSum: 0,
  fused: 0,
  fusedKept: 0,
  lastSeen: null,
  ...over,
});

describe("meanInterval", () => {
  it("is the mean ± 1.96 · sample SD / √n", () => {
    // 4, 6, 8: mean 6, sample variance ((−2)² + 0 + 2²) / 2 = 4, SD 2, half-width 1.96·2/√3.
    const r = meanInterval(3, 18, 16 + 36 + 64);
    expect(r.mean).toBe(6);
    const half = (1.96 * 2) / Math.sqrt(3);
    expect(r.interval?.lower).toBeCloseTo(6 - half, 12);
    expect(r.interval?.upper).toBeCloseTo(6 + half, 12);
  });

  it("has no interval below two values and no mean without values", () => {
    expect(meanInterval(1, 7, 49)).toEqual({ mean: 7, interval: null });
    expect(meanInterval(0, 0, 0)).toEqual({ mean: null, interval: null });
  });

  it("clamps to the score range and survives equal values", () => {
    // 8 and 10: mean 9, SD √2, half-width 1.96 → 7.04 to 10.96, clamped to 10.
    expect(meanInterval(2, 18, 164).interval).toEqual({ lower: 9 - 1.96, upper: 10 });
    // Equal values: SD 0 (rounding must not produce NaN).
    expect(meanInterval(3, 3 * 7.3, 3 * 7.3 * 7.3).interval).toEqual({ lower: 7.3, upper: 7.3 });
  });
});

describe("quality per dollar", () => {
  it("is the mean score divided by the mean cost per answer", () => {
    expect(qualityPerDollar(8, 0.002)).toBe(4000);
    expect(qualityPerDollar(8, 0)).toBeNull();
    expect(qualityPerDollar(null, 0.002)).toBeNull();
    expect(qualityPerDollar(8, null)).toBeNull();
  });

  it("uses every answer's cost and the scored answers' scores", () => {
    // 4 answers costing $0.01 in all; 2 scored 6 and 8 → 7 ÷ 0.0025 = 2800.
    const s = modelStats(sums({ answers: 4, costSum: 0.01, scoreN: 2, scoreSum: 14, scoreSumSq: 100 }));
    expect(s.costPerAnswer).toBeCloseTo(0.0025, 15);
    expect(s.qualityPerDollar).toBeCloseTo(2800, 9);
  });
});

describe("modelStats", () => {
  it("computes the win rate with its Wilson interval, rates and means", () => {
    const s = modelStats(
      sums({
        answers: 30,
        compares: 28,
        voted: 25,
        wins: 18,
        regenerated: 3,
        termN: 4,
        termSum: 3,
        fused: 4,
        fusedKept: 3,
      }),
    );
    // Wilson 18 of 25 at z = 1.96: centre 0.796832 / 1.153664, half 1.96·√0.00960064 / 1.153664.
    expect(s.winRate?.mean).toBe(0.72);
    expect(s.winRate?.lower).toBeCloseTo(0.52423, 5);
    expect(s.winRate?.upper).toBeCloseTo(0.857163, 5);
    expect(s.regenerationRate).toBe(0.1);
    expect(s.termAdherence).toBe(0.75);
    expect(s.fusedKeptRate).toBe(0.75);
    expect(s.scoreMean).toBeNull();
    expect(s.qualityPerDollar).toBeNull();
  });

  it("has no win rate without a voted compare", () => {
    const s = modelStats(sums({ answers: 2, compares: 2 }));
    expect(s.winRate).toBeNull();
    expect(s.costPerAnswer).toBe(0);
    expect(modelStats(sums({})).costPerAnswer).toBeNull();
  });
});

describe("mergeSums and rankModels", () => {
  it("adds a model's categories and ranks by the win rate's lower bound", () => {
    const rows = [
      sums({
        modelKey: "a",
        label: "A",
        category: "code",
        voted: 1,
        wins: 1,
        answers: 1,
        lastSeen: "2025-01-01T00:00:00.000Z",
      }),
      sums({
        modelKey: "a",
        label: "A",
        category: "general",
        voted: 9,
        wins: 8,
        answers: 9,
        lastSeen: "2025-02-01T00:00:00.000Z",
      }),
      sums({ modelKey: "b", label: "B", category: "code", voted: 2, wins: 2, answers: 2 }),
    ];
    const merged = mergeSums(rows, "all");
    expect(merged.find((m) => m.modelKey === "a")).toMatchObject({
      category: "all",
      voted: 10,
      wins: 9,
      answers: 10,
      lastSeen: "2025-02-01T00:00:00.000Z",
    });
    // B is 2 of 2 (lower 0.342), A is 9 of 10 (lower 0.596): more evidence ranks first.
    expect(rankModels(merged.map(modelStats)).map((m) => m.label)).toEqual(["A", "B"]);
    // The inputs are not modified.
    expect(rows[0]?.voted).toBe(1);
  });
});

describe("confidenceOf", () => {
  it("is the 95% Wilson lower bound to 4 decimals, 0 without trials", () => {
    expect(confidenceOf(1, 1)).toBe(0.2065); // 1 / (1 + 1.96²) = 0.206543
    expect(confidenceOf(2, 4)).toBe(0.15); // 0.150036
    expect(confidenceOf(0, 5)).toBe(0);
    expect(confidenceOf(0, 0)).toBe(0);
    expect(confidenceOf(100, 100)).toBe(0.963);
  });
});

describe("statements and chart points", () => {
  it("says which model was picked best per category, with the evidence", () => {
    const code = [
      modelStats(sums({ modelKey: "s", label: "Claude Sonnet", voted: 25, wins: 18, answers: 25 })),
      modelStats(sums({ modelKey: "g", label: "GPT", voted: 25, wins: 7, answers: 25 })),
    ];
    const [first] = statementsOf(new Map([["code", code]]));
    expect(first?.text).toBe("For code you picked Claude Sonnet as best in 18 of 25 compares.");
    expect(first?.evidence).toContain("Win rate 72% (95% interval 52%–86%)");
    expect(winRatePoints(code)).toEqual([
      {
        label: "Claude Sonnet",
        rate: 0.72,
        lower: expect.closeTo(0.52423, 5),
        upper: expect.closeTo(0.857163, 5),
        voted: 25,
      },
      expect.objectContaining({ label: "GPT", voted: 25 }),
    ]);
  });

  it("says nothing without votes", () => {
    expect(statementsOf(new Map([["code", [modelStats(sums({ answers: 3 }))]]]))).toEqual([]);
    expect(winRatePoints([modelStats(sums({ answers: 3 }))])).toEqual([]);
  });
});

describe("filters", () => {
  it("parses page params, falling back on bad values", () => {
    expect(parseInsightsParams({})).toEqual({ period: "30", category: null });
    expect(parseInsightsParams({ period: "7", category: "code" })).toEqual({ period: "7", category: "code" });
    expect(parseInsightsParams({ period: "365", category: "" })).toEqual({ period: "30", category: null });
    expect(parseInsightsParams({ period: ["90", "7"], category: "x".repeat(101) })).toEqual({
      period: "90",
      category: null,
    });
  });

  it("starts a period that many days back", () => {
    const now = new Date("2025-03-31T12:00:00Z");
    expect(periodStart("7", now)?.toISOString()).toBe("2025-03-24T12:00:00.000Z");
    expect(periodStart("all", now)).toBeNull();
  });
});
