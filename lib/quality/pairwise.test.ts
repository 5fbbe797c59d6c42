import { describe, expect, it } from "vitest";
import { combineOrders } from "./pairwise";

const v = (overall: number) => ({ reasoning: `r${overall}`, accuracy: overall, relevance: overall, overall });

describe("combining the two orders of a compare", () => {
  it("records the winner when both orders pick the same answer, and means the scores", () => {
    const c = combineOrders([
      { order: ["x", "y"], best: "x", bestReasoning: "", verdicts: { x: v(8), y: v(4) } },
      { order: ["y", "x"], best: "x", bestReasoning: "", verdicts: { x: v(9), y: v(5) } },
    ]);
    expect(c.winner).toBe("x");
    expect(c.scores.x?.means.overall).toBe(8.5);
    expect(c.scores.y?.reasoning).toEqual(["r4", "r5"]);
  });

  it("records a tie when the orders disagree (position bias)", () => {
    const c = combineOrders([
      { order: ["x", "y"], best: "x", bestReasoning: "", verdicts: { x: v(8), y: v(4) } },
      { order: ["y", "x"], best: "y", bestReasoning: "", verdicts: { x: v(4), y: v(8) } },
    ]);
    expect(c.winner).toBeNull();
    expect(c.scores.x?.means.overall).toBe(6);
  });
});
