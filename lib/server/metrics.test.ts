import { describe, expect, it } from "vitest";
import { Counter, Histogram, renderGauge, routeLabel } from "./metrics";

describe("Prometheus exposition", () => {
  it("renders counters per label set, escaping label values", () => {
    const c = new Counter("x_total", "Things.");
    c.inc({ route: "/a" });
    c.inc({ route: "/a" }, 2);
    c.inc({ route: 'say "hi"\n' });
    expect(c.render().split("\n")).toEqual([
      "# HELP x_total Things.",
      "# TYPE x_total counter",
      'x_total{route="/a"} 3',
      'x_total{route="say \\"hi\\"\\n"} 1',
    ]);
  });

  it("renders cumulative histogram buckets with +Inf, sum and count", () => {
    const h = new Histogram("d_seconds", "Durations.", [0.1, 1]);
    h.observe({ p: "a" }, 0.05);
    h.observe({ p: "a" }, 0.5);
    h.observe({ p: "a" }, 3);
    expect(h.render().split("\n").slice(2)).toEqual([
      'd_seconds_bucket{p="a",le="0.1"} 1',
      'd_seconds_bucket{p="a",le="1"} 2',
      'd_seconds_bucket{p="a",le="+Inf"} 3',
      'd_seconds_sum{p="a"} 3.55',
      'd_seconds_count{p="a"} 3',
    ]);
  });

  it("renders gauges", () => {
    expect(renderGauge({ name: "g", help: "G.", samples: [{ labels: { q: "x" }, value: 4 }] })).toBe(
      '# HELP g G.\n# TYPE g gauge\ng{q="x"} 4',
    );
  });

  it("keeps route labels low-cardinality", () => {
    expect(routeLabel("/api/v1/workflows/3f2b8c1e-1111-4a2b-9c3d-123456789abc/runs")).toBe(
      "/api/v1/workflows/:id",
    );
    expect(routeLabel("/chat/123")).toBe("/chat/:id");
    expect(routeLabel("/_next/static/chunks/abc.js")).toBe("/_next");
    expect(routeLabel("/")).toBe("/");
    expect(routeLabel(`/share/${"t".repeat(40)}`)).toBe("/share/:id");
  });
});
