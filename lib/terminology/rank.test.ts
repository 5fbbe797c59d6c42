import { describe, expect, it } from "vitest";
import { reciprocalRankFusion, wilson } from "./rank";

describe("reciprocalRankFusion", () => {
  it("sums 1/(k + rank) over the lists", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["c", "a"],
      ["a", "d"],
    ]);
    // a: 1/61 + 1/62 + 1/61; c: 1/63 + 1/61; b: 1/62; d: 1/62
    expect(fused.map((f) => f.id)).toEqual(["a", "c", "b", "d"]);
    expect(fused[0]!.score).toBeCloseTo(2 / 61 + 1 / 62, 15);
    expect(fused[1]!.score).toBeCloseTo(1 / 61 + 1 / 63, 15);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 15);
  });

  it("breaks ties by best single rank, then by id", () => {
    // x: ranks 1 and 3; y: ranks 3 and 1 → same score, same best rank → by id.
    // m: ranks 2 and 2 → 2/62 = 0.032258… ; x: 1/61 + 1/63 = 0.032266… (a hair more).
    const fused = reciprocalRankFusion([
      ["y", "m", "x"],
      ["x", "m", "y"],
    ]);
    expect(fused.map((f) => f.id)).toEqual(["x", "y", "m"]);
    expect(fused[0]!.score).toBe(fused[1]!.score);
    expect(fused[2]!.score).toBeCloseTo(2 / 62, 15);

    // k = 0: p and d score 1/2 at rank 2; q scores 1/4 + 1/4 = 1/2 too, but its best rank is 4.
    expect(
      reciprocalRankFusion(
        [
          ["a", "p", "b", "q"],
          ["c", "d", "e", "q"],
        ],
        0,
      ).slice(0, 5),
    ).toEqual([
      { id: "a", score: 1 },
      { id: "c", score: 1 },
      { id: "d", score: 0.5 },
      { id: "p", score: 0.5 },
      { id: "q", score: 0.5 },
    ]);
  });

  it("counts an id repeated in one list once, at its best rank", () => {
    expect(reciprocalRankFusion([["a", "b", "a", "a"]], 1)).toEqual([
      { id: "a", score: 1 / 2 },
      { id: "b", score: 1 / 3 },
    ]);
  });

  it("handles no lists and empty lists, and rejects a bad k", () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
    expect(() => reciprocalRankFusion([["a"]], -1)).toThrow(RangeError);
    expect(() => reciprocalRankFusion([["a"]], Number.NaN)).toThrow(RangeError);
  });
});

describe("wilson", () => {
  it("matches hand-computed intervals", () => {
    // 5 of 20 at z = 1: p = 0.25, d = 1.05, centre = 0.275 / 1.05, half = √(0.009375 + 0.000625) / 1.05 = 0.1 / 1.05
    const a = wilson(5, 20, 1);
    expect(a.mean).toBe(0.25);
    expect(a.lower).toBeCloseTo(0.175 / 1.05, 12); // 1/6
    expect(a.upper).toBeCloseTo(0.375 / 1.05, 12); // 5/14

    // 0 of 10 at 1.96: centre = half = (1.96² / 20) / (1 + 1.96² / 10) = 0.19208 / 1.38416
    const none = wilson(0, 10);
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo((2 * 0.19208) / 1.38416, 12); // 0.27754…
    expect(none.mean).toBe(0);

    // 18 of 25 ("picked as best in 18 of 25 compares"): ≈ [0.5242, 0.8572]
    const votes = wilson(18, 25);
    expect(votes.mean).toBe(0.72);
    expect(votes.lower).toBeCloseTo(0.5242303, 6);
    expect(votes.upper).toBeCloseTo(0.8571633, 6);
  });

  it("is symmetric around one half and clamps to [0, 1]", () => {
    const half = wilson(50, 100);
    expect(half.lower + half.upper).toBeCloseTo(1, 12);
    expect(half.lower).toBeCloseTo(0.4038298, 6);
    const all = wilson(10, 10);
    expect(all.upper).toBe(1);
    expect(all.lower).toBeCloseTo(1 - (2 * 0.19208) / 1.38416, 12);
  });

  it("returns zeros without trials and validates its inputs", () => {
    expect(wilson(0, 0)).toEqual({ lower: 0, upper: 0, mean: 0 });
    expect(() => wilson(3, 2)).toThrow(/exceed/);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(1, -2)).toThrow(RangeError);
    expect(() => wilson(1, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => wilson(1, 2, 0)).toThrow(RangeError);
  });
});
