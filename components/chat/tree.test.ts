import { describe, expect, it } from "vitest";
import { estimateCost, formatEstimate } from "./estimate";
import { branchChars, buildTree, nextParentId, ROOT, visibleRows } from "./tree";
import type { ChatMessage, ModelOption } from "./types";

let clock = 0;
function msg(id: string, over: Partial<ChatMessage>): ChatMessage {
  clock += 1;
  return {
    id,
    parentId: null,
    turnId: null,
    role: "user",
    kind: "answer",
    content: id,
    status: "complete",
    errorMessage: null,
    modelId: null,
    providerSlug: null,
    modelName: null,
    tokensIn: 0,
    tokensOut: 0,
    cost: "0",
    latencyMs: null,
    ttftMs: null,
    estimated: false,
    terms: null,
    tools: [],
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, clock)).toISOString(),
    ...over,
  };
}
const answer = (id: string, parentId: string, turnId: string, over: Partial<ChatMessage> = {}) =>
  msg(id, { role: "assistant", parentId, turnId, ...over });

describe("chat tree", () => {
  const u1 = msg("u1", {});
  const a1 = answer("a1", "u1", "t1");
  const b1 = answer("b1", "u1", "t1");
  const u2 = msg("u2", { parentId: "a1" });
  const a2 = answer("a2", "u2", "t2");
  const u2edit = msg("u2b", { parentId: "a1", content: "edited" });
  const a2b = answer("a2b", "u2b", "t3");
  const regen = answer("r1", "u1", "t4");
  const all = [u1, a1, b1, u2, a2, u2edit, a2b, regen];

  it("shows the most recent prompt and turn at each level", () => {
    const rows = visibleRows(buildTree(all), { branch: {}, turn: {} });
    // The regenerated turn t4 is the latest under u1, and nothing follows it yet.
    expect(rows.map((r) => r.key)).toEqual(["u1", "turn:t4"]);
    expect(nextParentId(rows)).toBe("r1");
  });

  it("follows the user's choices of turn and branch", () => {
    const tree = buildTree(all);
    const rows = visibleRows(tree, { branch: {}, turn: { u1: "t1" } });
    expect(rows.map((r) => r.key)).toEqual(["u1", "turn:t1", "u2b", "turn:t3"]);
    const edited = rows[2];
    expect(edited?.type === "user" && edited.siblings.map((s) => s.id)).toEqual(["u2", "u2b"]);
    const older = visibleRows(tree, { branch: { t1: "u2" }, turn: { u1: "t1" } });
    expect(older.map((r) => r.key)).toEqual(["u1", "turn:t1", "u2", "turn:t2"]);
    expect(nextParentId(older)).toBe("a2");
    expect(branchChars(older)).toBe("u1a1u2a2".length);
  });

  it("continues from the fused answer when the turn has one", () => {
    const fused = answer("f1", "u1", "t1", { kind: "fused", content: "fused" });
    const rows = visibleRows(buildTree([u1, a1, b1, fused]), { branch: {}, turn: {} });
    const turn = rows[1];
    expect(turn?.type === "turn" && turn.turn.answers.map((a) => a.id)).toEqual(["a1", "b1"]);
    expect(turn?.type === "turn" && turn.turn.fused.map((a) => a.id)).toEqual(["f1"]);
    expect(nextParentId(rows)).toBe("f1");
  });

  it("marks a prompt without answers as pending and starts a sibling after it", () => {
    const rows = visibleRows(buildTree([u1]), { branch: {}, turn: {} });
    expect(rows.map((r) => r.type)).toEqual(["user", "pending"]);
    expect(nextParentId(rows)).toBeNull();
    expect(rows[0]?.type === "user" && rows[0].level).toBe(ROOT);
  });

  it("builds the path of a 1,000-message conversation quickly", () => {
    const many: ChatMessage[] = [];
    let parent: string | null = null;
    for (let i = 0; i < 500; i++) {
      many.push(msg(`p${i}`, { parentId: parent }));
      many.push(answer(`r${i}`, `p${i}`, `t${i}`));
      parent = `r${i}`;
    }
    const started = performance.now();
    const rows = visibleRows(buildTree(many), { branch: {}, turn: {} });
    expect(rows).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("cost estimate", () => {
  const model = (id: string, input?: number, output?: number): ModelOption => ({
    id,
    name: id,
    displayName: id.toUpperCase(),
    provider: "p",
    providerName: "P",
    providerStatus: "active",
    contextWindow: null,
    pricing: { input, output },
  });

  it("prices characters / 4 in and 500 tokens out per model", () => {
    const e = estimateCost([model("a", 1, 2), model("b", 10, 20)], 396, "four");
    expect(e.inputTokens).toBe(100);
    expect(e.perModel[0]?.cost).toBeCloseTo((100 * 1 + 500 * 2) / 1e6);
    expect(e.total).toBeCloseTo((100 + 1000 + 1000 + 10000) / 1e6);
    expect(e.unpriced).toBe(false);
    expect(formatEstimate(e.total)).toBe("$0.0121");
  });

  it("says when a model has no price", () => {
    expect(estimateCost([model("a")], 0, "hi").unpriced).toBe(true);
    expect(formatEstimate(0.0000123)).toBe("$0.000012");
  });
});
