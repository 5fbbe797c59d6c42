import { shared } from "./shared";

/**
 * Prometheus metrics of one process, in the text exposition format (version 0.0.4), served by
 * /api/metrics. Counters and histograms live on globalThis (lib/server/shared.ts), so the HTTP
 * server, route handlers and the gateway of every Next.js bundle count into the same series.
 * Figures that are the same for the whole fleet (queue depth, run outcomes) are read from the
 * database when scraped (lib/server/fleet-metrics.ts).
 */

type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`,
  );
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const cell = this.values.get(key);
    if (cell) cell.value += by;
    else this.values.set(key, { labels, value: by });
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join("\n");
  }
}

export class Histogram {
  private readonly values = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds in seconds, ascending; +Inf is implied. */
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, seconds: number): void {
    const key = keyOf(labels);
    let cell = this.values.get(key);
    if (!cell) {
      cell = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.values.set(key, cell);
    }
    for (let i = 0; i < this.buckets.length; i++)
      if (seconds <= (this.buckets[i] as number)) cell.counts[i]! += 1;
    cell.sum += seconds;
    cell.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.values.values()) {
      this.buckets.forEach((le, i) => {
        lines.push(`${this.name}_bucket${labelText({ ...labels, le: String(le) })} ${counts[i]}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${sum}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines.join("\n");
  }
}

/** A value read when scraped. */
export type Gauge = { name: string; help: string; samples: Array<{ labels: Labels; value: number }> };

export function renderGauge(g: Gauge): string {
  const lines = [`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`];
  for (const s of g.samples) lines.push(`${g.name}${labelText(s.labels)} ${s.value}`);
  return lines.join("\n");
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const metrics = shared("metrics", () => ({
  httpRequests: new Counter(
    "prism_http_requests_total",
    "HTTP requests answered, by method, route and status.",
  ),
  httpDuration: new Histogram(
    "prism_http_request_duration_seconds",
    "Time to answer an HTTP request (until the response ended), by method and route.",
    LATENCY_BUCKETS,
  ),
  gatewayCalls: new Counter(
    "prism_gateway_calls_total",
    "Model calls through the gateway, by provider and status.",
  ),
  gatewayErrors: new Counter(
    "prism_gateway_errors_total",
    "Failed model calls through the gateway, by provider and failure kind.",
  ),
  gatewayTtft: new Histogram(
    "prism_gateway_ttft_seconds",
    "Time to the first token of model calls through the gateway, by provider.",
    LATENCY_BUCKETS,
  ),
}));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A request path as a low-cardinality route label: ids (uuids, numbers, long tokens) become `:id`,
 * build assets one label, at most four segments.
 */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/_next/")) return "/_next";
  const segments = pathname
    .split("/")
    .filter(Boolean)
    .slice(0, 4)
    .map((s) => (UUID.test(s) || /^\d+$/.test(s) || s.length > 32 ? ":id" : s));
  return `/${segments.join("/")}`;
}

/** Every process metric, in the exposition format. */
export function renderProcessMetrics(): string {
  return Object.values(metrics)
    .map((m) => m.render())
    .join("\n");
}
