/**
 * Charts prepare, then render: pure functions turn analytics rows into one data-point shape, and
 * chart components only draw. A missing value is a gap (undefined), never a zero.
 */
export type Point = { bucket: string } & Record<string, number | string | undefined>;
export type Series = { key: string; label: string };

/** One formatter per zone, kept: building an Intl.DateTimeFormat costs more than using it. */
const hourFormats = new Map<string, Intl.DateTimeFormat>();
function hourFormat(timezone: string): Intl.DateTimeFormat {
  let fmt = hourFormats.get(timezone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    });
    hourFormats.set(timezone, fmt);
  }
  return fmt;
}

/** Every bucket between from and to at the granularity, in the viewer's zone, as analytics labels them. */
export function bucketsBetween(
  from: Date,
  to: Date,
  granularity: "hour" | "day" | "week" | "month",
  timezone: string,
): string[] {
  if (to <= from) return [];
  const fmt = hourFormat(timezone);
  const local = (d: Date) => {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const p of fmt.formatToParts(d)) parts[p.type] = p.value;
    return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour) };
  };
  const label = (y: number, m: number, d: number, h: number) =>
    `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00`;
  if (granularity === "hour") {
    const out = new Set<string>();
    for (let t = from.getTime(); t < to.getTime(); t += 3_600_000) {
      const l = local(new Date(t));
      out.add(label(l.y, l.m, l.d, l.h));
    }
    return [...out].sort();
  }
  // Days, weeks and months are calendar steps between the local dates of the first and last instant
  // (two formatter calls, not one per few hours). Weeks are ISO weeks, starting on Monday like
  // Postgres date_trunc('week'); months start on the 1st.
  const start = (l: { y: number; m: number; d: number }) => {
    const day = Date.UTC(l.y, l.m - 1, granularity === "month" ? 1 : l.d);
    if (granularity !== "week") return day;
    return day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000;
  };
  const first = start(local(from));
  const last = start(local(new Date(to.getTime() - 1)));
  const out: string[] = [];
  for (let t = first; t <= last; ) {
    const d = new Date(t);
    out.push(label(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0));
    t =
      granularity === "month"
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
        : t + (granularity === "week" ? 7 : 1) * 86_400_000;
  }
  return out;
}

/**
 * One series per dimension value (the `top` largest by total, the rest summed as "Other"), one point
 * per bucket. Buckets with no data for a series stay undefined so charts draw a gap.
 */
export function pivot(
  rows: readonly Record<string, unknown>[],
  opts: {
    dimension: string | null;
    metric: string;
    buckets: readonly string[];
    labels?: Record<string, string>;
    top?: number;
  },
): { data: Point[]; series: Series[] } {
  const top = opts.top ?? 6;
  const value = (r: Record<string, unknown>) => {
    const v = r[opts.metric];
    return v === null || v === undefined ? undefined : Number(v);
  };
  const keyOf = (r: Record<string, unknown>) =>
    opts.dimension ? String(r[opts.dimension] ?? "none") : opts.metric;
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(keyOf(r), (totals.get(keyOf(r)) ?? 0) + (value(r) ?? 0));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const kept = new Set(ranked.slice(0, top));
  const hasOther = ranked.length > top;
  const byBucket = new Map<string, Point>(opts.buckets.map((b) => [b, { bucket: b }]));
  for (const r of rows) {
    const bucket = String(r.bucket);
    const point = byBucket.get(bucket) ?? { bucket };
    byBucket.set(bucket, point);
    const v = value(r);
    if (v === undefined) continue;
    const key = kept.has(keyOf(r)) ? keyOf(r) : "__other";
    point[key] = ((point[key] as number | undefined) ?? 0) + v;
  }
  const series: Series[] = ranked
    .slice(0, top)
    .map((k) => ({ key: k, label: opts.labels?.[k] ?? (k === "none" ? "(none)" : k) }));
  if (hasOther) series.push({ key: "__other", label: "Other" });
  return { data: [...byBucket.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : 1)), series };
}

/** Ratio series (error rate): computed per bucket from counts, undefined where there were no requests. */
export function rateSeries(
  rows: readonly Record<string, unknown>[],
  buckets: readonly string[],
  numerator: string,
  denominator: string,
): Point[] {
  const sums = new Map<string, { n: number; d: number }>();
  for (const r of rows) {
    const s = sums.get(String(r.bucket)) ?? { n: 0, d: 0 };
    s.n += Number(r[numerator] ?? 0);
    s.d += Number(r[denominator] ?? 0);
    sums.set(String(r.bucket), s);
  }
  return buckets.map((b) => {
    const s = sums.get(b);
    return { bucket: b, rate: s && s.d > 0 ? s.n / s.d : undefined };
  });
}

/** CSV with a header row; every value quoted when needed (RFC 4180). */
export function toCsv(
  columns: { key: string; label: string }[],
  rows: readonly Record<string, unknown>[],
): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [
    columns.map((c) => cell(c.label)).join(","),
    ...rows.map((r) => columns.map((c) => cell(r[c.key])).join(",")),
  ].join("\r\n");
}
