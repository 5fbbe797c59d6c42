import { describe, expect, it } from "vitest";
import type { MessageRow } from "./conversations";
import { toJson, toMarkdown } from "./export";

const base = {
  parentId: null,
  turnId: "t1",
  providerSlug: "mock",
  errorMessage: null,
  tokensIn: 1,
  tokensOut: 2,
  cost: "0.000001",
  latencyMs: 5,
  ttftMs: 1,
  createdAt: new Date("2026-12-01T00:00:00Z"),
} as const;

const terms = {
  applied: [
    { id: "a", term: "color" },
    { id: "b", term: "palette" },
  ],
  check: {
    version: 1,
    score: 0.5,
    items: [
      {
        entryId: "a",
        term: "color",
        status: "forbidden_used",
        spans: [],
        forbidden: [{ start: 4, end: 10, text: "colour", replacement: "color" }],
      },
      {
        entryId: "b",
        term: "palette",
        status: "used",
        spans: [{ start: 11, end: 18, text: "palette" }],
        forbidden: [],
      },
    ],
  },
};

const messages = [
  {
    ...base,
    id: "u",
    role: "user",
    kind: "answer",
    status: "complete",
    content: "Which color?",
    modelName: null,
    metadata: {},
  },
  {
    ...base,
    id: "a1",
    role: "assistant",
    kind: "answer",
    status: "complete",
    content: "The colour palette",
    modelName: "mock-uk",
    metadata: { terms },
  },
] as unknown as MessageRow[];

describe("conversation export", () => {
  it("carries each answer's term check in Markdown and JSON", () => {
    const md = toMarkdown({ title: "T", createdAt: new Date("2026-12-01T00:00:00Z") }, messages);
    expect(md).toContain("_Terms 1/2 — “colour” → use “color”; palette: used_");
    const json = toJson(
      { id: "c", title: "T", mode: "multi", createdAt: new Date(), totalCost: "0", totalTokensUsed: 0 },
      messages,
    );
    expect(json.messages[1]?.terms).toEqual(terms);
    expect(json.messages[0]?.terms).toBeNull();
  });
});

describe("conversation export of tool calls", () => {
  const withTools = [
    messages[0],
    {
      ...messages[1],
      parts: [
        {
          type: "tool",
          id: "call_1",
          name: "srv__add",
          server: "srv",
          tool: "add",
          args: { a: 2, b: 3 },
          state: "done",
          result: "5",
          durationMs: 12,
        },
        {
          type: "tool",
          id: "call_2",
          name: "srv__slow",
          server: "srv",
          tool: "slow",
          args: {},
          state: "error",
          error: "timeout: too slow",
        },
      ],
    },
  ] as unknown as MessageRow[];

  it("lists each call with arguments and result (or error) in Markdown and JSON", () => {
    const md = toMarkdown({ title: "T", createdAt: new Date("2026-12-01T00:00:00Z") }, withTools);
    expect(md).toContain("> **Tool add** (srv, 12 ms) — done");
    expect(md).toContain('> Arguments: `{"a":2,"b":3}`');
    expect(md).toContain("> Result: 5");
    expect(md).toContain("> **Tool slow** (srv) — failed");
    expect(md).toContain("> Error: timeout: too slow");
    const json = toJson(
      { id: "c", title: "T", mode: "single", createdAt: new Date(), totalCost: "0", totalTokensUsed: 0 },
      withTools,
    );
    expect(json.messages[1]?.tools).toEqual([
      {
        name: "add",
        server: "srv",
        arguments: { a: 2, b: 3 },
        state: "done",
        result: "5",
        error: null,
        durationMs: 12,
      },
      {
        name: "slow",
        server: "srv",
        arguments: {},
        state: "error",
        result: null,
        error: "timeout: too slow",
        durationMs: null,
      },
    ]);
    expect(json.messages[0]?.tools).toEqual([]);
  });
});
