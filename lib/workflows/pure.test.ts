import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { parseDefinition } from "./definition";
import { applyInputSchema } from "./input";
import { dueSlots, nextFireTimes } from "./schedule";
import { newWebhookSecret, signWebhook, verifyWebhook } from "./signature";
import { getPath, maskSecrets, parsePath, renderText, renderValue } from "./template";
import { evaluateCondition, runTransform } from "./transform";
import { validateGraph } from "./validate";

const scope = {
  input: { topic: "otters", n: 12, tags: ["a", "b"] },
  steps: { fetch: { items: [{ title: "First" }, { title: "Second" }], "odd key": 1 }, text: "plain" },
  secrets: { TOKEN: "sk-very-secret-1234" },
};

describe("templating", () => {
  it("renders variables as text and keeps a lone variable's type", () => {
    expect(renderText("About {{ input.topic }}: {{steps.fetch.output.items[1].title}}", scope)).toBe(
      "About otters: Second",
    );
    expect(renderText("{{input.tags}} / {{input.missing}} / {{steps.nope.output}}", scope)).toBe(
      '["a","b"] /  / ',
    );
    expect(renderValue("{{steps.fetch.output.items}}", scope)).toEqual([
      { title: "First" },
      { title: "Second" },
    ]);
    expect(renderValue("{{input.n}}", scope)).toBe(12);
    expect(renderValue("n={{input.n}}", scope)).toBe("n=12");
    expect(renderText('{{steps.fetch.output["odd key"]}}', scope)).toBe("1");
    expect(renderText("Bearer {{secrets.TOKEN}}", scope)).toBe("Bearer sk-very-secret-1234");
  });
  it("parses JSON paths and reads them", () => {
    expect(parsePath("$.a.b[0].c")).toEqual(["a", "b", 0, "c"]);
    expect(parsePath("a['x y'][2]")).toEqual(["a", "x y", 2]);
    expect(parsePath("a..b")).toBeNull();
    expect(parsePath("a[")).toBeNull();
    expect(getPath({ a: [{ b: 1 }] }, ["a", 0, "b"])).toBe(1);
    expect(getPath({ a: [] }, ["a", 3])).toBeUndefined();
    expect(getPath({ a: "x" }, ["a", "length"])).toBeUndefined();
    expect(getPath({}, ["constructor"])).toBeUndefined();
  });
  it("masks secret values anywhere in a value", () => {
    expect(
      maskSecrets({ h: { auth: "Bearer sk-very-secret-1234" }, l: ["sk-very-secret-1234"] }, scope.secrets),
    ).toEqual({
      h: { auth: "Bearer •••" },
      l: ["•••"],
    });
  });
});

describe("transforms and conditions", () => {
  it("runs each transform op", () => {
    expect(
      runTransform({ op: "json_path", source: "{{steps.fetch.output}}", path: "$.items[0].title" }, scope),
    ).toBe("First");
    expect(runTransform({ op: "json_parse", source: '```json\n{"a": [1]}\n```' }, scope)).toEqual({ a: [1] });
    expect(() => runTransform({ op: "json_parse", source: "not json" }, scope)).toThrow(/not valid JSON/);
    expect(runTransform({ op: "json_stringify", source: "{{input.tags}}" }, scope)).toBe('["a","b"]');
    expect(
      runTransform({ op: "regex", source: "order #123 and #456", pattern: "#(\\d+)", group: 1 }, scope),
    ).toBe("123");
    expect(
      runTransform(
        { op: "regex", source: "order #123 and #456", pattern: "#(\\d+)", flags: "g", group: 1 },
        scope,
      ),
    ).toEqual(["123", "456"]);
    expect(() => runTransform({ op: "regex", source: "x", pattern: "(" }, scope)).toThrow(
      /not a valid regular expression/,
    );
  });
  it("evaluates every operator", () => {
    const c = (left: string, operator: Parameters<typeof evaluateCondition>[0]["operator"], right?: string) =>
      evaluateCondition({ left, operator, right }, scope);
    expect(c("{{input.topic}}", "equals", "otters")).toBe(true);
    expect(c("{{input.topic}}", "not_equals", "otters")).toBe(false);
    expect(c("{{input.tags}}", "contains", "b")).toBe(true);
    expect(c("{{input.topic}}", "contains", "tt")).toBe(true);
    expect(c("{{input.n}}", "greater_than", "10")).toBe(true);
    expect(c("{{input.n}}", "less_than", "10")).toBe(false);
    expect(c("{{input.topic}}", "regex", "^ot+ers$")).toBe(true);
    expect(c("{{input.topic}}", "exists")).toBe(true);
    expect(c("{{input.nothing}}", "exists")).toBe(false);
    expect(() => c("{{input.topic}}", "greater_than", "3")).toThrow(/as numbers/);
  });
});

describe("graph validation", () => {
  const def = (steps: unknown[], edges: unknown[] = [], inputSchema: unknown[] = []) => {
    const p = parseDefinition({ steps, edges, inputSchema });
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    return p.definition;
  };
  const t = (id: string, source = "x") => ({ id, type: "transform", config: { op: "template", source } });
  it("finds cycles, loose steps, bad branches and unknown variables", () => {
    expect(
      validateGraph(
        def(
          [t("a"), t("b"), t("c")],
          [
            { from: "a", to: "b" },
            { from: "b", to: "c" },
            { from: "c", to: "b" },
          ],
        ),
      )[0]?.message,
    ).toMatch(/cycle: b → c/);
    expect(validateGraph(def([t("a"), t("b"), t("c")], [{ from: "a", to: "b" }]))).toEqual([
      { stepId: "c", field: "edges", message: "This step is not connected to any other step." },
    ]);
    const cond = { id: "if", type: "condition", config: { left: "{{input.x}}", operator: "exists" } };
    expect(
      validateGraph(def([cond, t("b")], [{ from: "if", to: "b" }], [{ name: "x", type: "string" }]))[0]
        ?.message,
    ).toMatch(/true or the false/);
    expect(
      validateGraph(def([t("a", "{{steps.b.output}}"), t("b")], [{ from: "a", to: "b" }]))[0],
    ).toMatchObject({ stepId: "a", field: "config.source" });
    expect(validateGraph(def([t("a", "{{secrets.KEY}}")]))[0]?.message).toMatch(/no secret "KEY"/);
    expect(validateGraph(def([t("a", "{{secrets.KEY}}")]), { secretNames: ["KEY"] })).toEqual([]);
    expect(validateGraph(def([t("a", "{{weird}}")]))[0]?.message).toMatch(/not a variable/);
    expect(validateGraph(def([t("a"), t("b", "{{steps.a.output.x}}")], [{ from: "a", to: "b" }]))).toEqual(
      [],
    );
  });
  it("names the step and field of config problems", () => {
    const p = parseDefinition({
      steps: [{ id: "m", type: "multi_model", config: { models: ["a/b"], prompt: "" } }],
    });
    expect(p.ok).toBe(false);
    if (!p.ok)
      expect(p.issues.map((i) => [i.stepId, i.field])).toEqual([
        ["m", "config.models"],
        ["m", "config.prompt"],
      ]);
    const bad = parseDefinition({ steps: [{ id: "Bad Id", type: "delay", config: { seconds: 1 } }] });
    expect(bad.ok || bad.issues[0]?.field).toBe("id");
  });
});

describe("input schema", () => {
  it("requires, converts and defaults fields", () => {
    const fields = [
      { name: "q", type: "string" as const, required: true },
      { name: "n", type: "number" as const, required: false, default: 3 },
      { name: "b", type: "boolean" as const, required: false },
    ];
    expect(applyInputSchema(fields, { q: "hi", b: "true", extra: 1 })).toEqual({
      ok: true,
      value: { q: "hi", n: 3, b: true, extra: 1 },
    });
    expect(applyInputSchema(fields, { n: "x" })).toEqual({
      ok: false,
      issues: [
        { field: "q", message: "q is required." },
        { field: "n", message: "n must be a number." },
      ],
    });
    expect(applyInputSchema(fields, [1])).toMatchObject({ ok: false });
  });
});

describe("cron across daylight-saving changes", () => {
  it("Europe/Berlin: 02:30 daily fires once on the spring-forward and the fall-back day", () => {
    const spring = nextFireTimes("30 2 * * *", "Europe/Berlin", 3, new Date("2026-03-28T00:00:00Z")).map(
      (d) => d.toISOString(),
    );
    expect(spring).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
    const fall = nextFireTimes("30 2 * * *", "Europe/Berlin", 3, new Date("2026-10-24T00:00:00Z")).map((d) =>
      d.toISOString(),
    );
    expect(fall).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });
  it("America/New_York: 9:00 on weekdays keeps local time across the change", () => {
    const times = nextFireTimes("0 9 * * 1-5", "America/New_York", 3, new Date("2026-11-05T00:00:00Z")).map(
      (d) => d.toISOString(),
    );
    expect(times).toEqual([
      "2026-11-05T14:00:00.000Z",
      "2026-11-06T14:00:00.000Z",
      "2026-11-09T14:00:00.000Z",
    ]);
  });
  it("lists due slots between two instants, bounded", () => {
    const slots = dueSlots(
      "*/15 * * * *",
      "UTC",
      new Date("2026-01-01T00:00:00Z"),
      new Date("2026-01-01T01:00:00Z"),
    );
    expect(slots.map((d) => d.toISOString().slice(11, 16))).toEqual(["00:15", "00:30", "00:45", "01:00"]);
    expect(dueSlots("* * * * *", "UTC", new Date(0), new Date(), 10)).toHaveLength(10);
  });
});

describe("Standard Webhooks signatures", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const ts = 1614265330;
  const body = '{"test": 2432232314}';
  it("signs like the reference implementation (its published test vector)", () => {
    expect(signWebhook(secret, id, ts, body)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    expect(new Webhook(secret).sign(id, new Date(ts * 1000), body)).toBe(signWebhook(secret, id, ts, body));
  });
  const h = (m: Record<string, string>) => new Headers(m);
  it("accepts a good signature among several, rejects a bad, stale or missing one", () => {
    const sig = signWebhook(secret, id, ts, body);
    const ok = verifyWebhook(
      secret,
      h({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": `v1,bm9wZQ== ${sig}` }),
      Buffer.from(body),
      ts + 10,
    );
    expect(ok).toEqual({ ok: true, id, timestamp: ts });
    expect(
      verifyWebhook(
        secret,
        h({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": sig }),
        Buffer.from(`${body} `),
        ts,
      ).ok,
    ).toBe(false);
    const stale = verifyWebhook(
      secret,
      h({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": sig }),
      Buffer.from(body),
      ts + 301,
    );
    expect(stale).toMatchObject({ ok: false, reason: expect.stringMatching(/5 minutes/) });
    expect(
      verifyWebhook(
        secret,
        h({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": sig }),
        Buffer.from(body),
        ts - 301,
      ).ok,
    ).toBe(false);
    expect(verifyWebhook(secret, h({ "webhook-id": id }), Buffer.from(body), ts)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Missing/),
    });
    const fresh = newWebhookSecret();
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() =>
      new Webhook(fresh).verify(body, {
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": signWebhook(fresh, id, Math.floor(Date.now() / 1000), body),
      }),
    ).not.toThrow();
  });
});
