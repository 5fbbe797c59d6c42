"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartCard, chartAxis } from "@/components/ui/chart-card";
import type { Point } from "@/lib/usage/chart-data";

const COLORS = { requests: "#94a3b8", errors: "#ef4444", p50: "#0ea5e9", p95: "#6366f1", ttft: "#10b981" };
/** "2026-05-10T13:00:00" → "13:00". */
const hour = (bucket: string) => bucket.slice(11, 16);
const dayHour = (bucket: string) => `${bucket.slice(5, 10)} ${hour(bucket)}`;

/** Error rate (with the request volume behind it) and latency, hour by hour over the last 24 h. */
export function HealthCharts({ errors, latency }: { errors: Point[]; latency: Point[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="health-charts">
      <ChartCard
        title="Error rate"
        description="Errors and timeouts as a share of requests each hour (line); requests (bars). Gaps where there was no traffic."
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={errors}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={hour} {...chartAxis} minTickGap={16} />
            <YAxis
              yAxisId="rate"
              domain={[0, 1]}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              {...chartAxis}
              width={40}
            />
            <YAxis yAxisId="requests" orientation="right" allowDecimals={false} {...chartAxis} width={40} />
            <Tooltip
              labelFormatter={(l) => dayHour(String(l))}
              formatter={(v, name) =>
                name === "Error rate" ? `${(Number(v) * 100).toFixed(1)}%` : Number(v)
              }
              contentStyle={{ fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="requests"
              dataKey="requests"
              name="Requests"
              fill={COLORS.requests}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
            <Line
              yAxisId="rate"
              type="monotone"
              dataKey="rate"
              name="Error rate"
              stroke={COLORS.errors}
              strokeWidth={2}
              dot={{ r: 2 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard
        title="Latency"
        description="p50 and p95 total time, and average time to first token, per hour (ms)."
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={latency}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={hour} {...chartAxis} minTickGap={16} />
            <YAxis {...chartAxis} width={48} />
            <Tooltip
              labelFormatter={(l) => dayHour(String(l))}
              formatter={(v) => `${Number(v).toLocaleString("en-US")} ms`}
              contentStyle={{ fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {(
              [
                ["p50LatencyMs", "p50", COLORS.p50],
                ["p95LatencyMs", "p95", COLORS.p95],
                ["avgTtftMs", "TTFT", COLORS.ttft],
              ] as const
            ).map(([key, name, color]) => (
              <Line
                key={key}
                type="monotone"
                dataKey={key}
                name={name}
                stroke={color}
                dot={{ r: 2 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}
