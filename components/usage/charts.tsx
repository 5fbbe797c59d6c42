"use client";

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartCard, chartAxis } from "@/components/ui/chart-card";
import type { Point, Series } from "@/lib/usage/chart-data";

const PALETTE = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#a855f7", "#94a3b8"];

function tick(bucket: string, granularity: string): string {
  const [date = "", time = ""] = bucket.split("T");
  if (granularity === "hour") return `${date.slice(5)} ${time.slice(0, 5)}`;
  return date.slice(5);
}

/** Points are drawn: with gaps where there was no traffic, a day with calls between two quiet days would otherwise draw nothing. */
const POINT = { r: 2.5 };

export function UsageCharts({
  granularity,
  requests,
  cost,
  errorRate,
  latency,
}: {
  granularity: string;
  requests: { data: Point[]; series: Series[] };
  cost: { name: string; cost: number }[];
  errorRate: Point[];
  latency: Point[];
}) {
  const fmtTick = (b: string) => tick(b, granularity);
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="usage-charts">
      <ChartCard title="Requests over time" description="Stacked by the chosen breakdown.">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={requests.data}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={fmtTick} {...chartAxis} minTickGap={16} />
            <YAxis allowDecimals={false} {...chartAxis} width={40} />
            <Tooltip labelFormatter={(l) => fmtTick(String(l))} contentStyle={{ fontSize: 12 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {requests.series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="r"
                fill={PALETTE[i % PALETTE.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title="Cost by breakdown" description="USD over the whole range.">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={cost} layout="vertical" margin={{ left: 8 }}>
            <CartesianGrid strokeOpacity={0.15} horizontal={false} />
            <XAxis
              type="number"
              {...chartAxis}
              tickFormatter={(v: number) => `$${v.toFixed(v < 1 ? 3 : 2)}`}
            />
            <YAxis type="category" dataKey="name" width={120} {...chartAxis} />
            <Tooltip formatter={(v) => `$${Number(v).toFixed(6)}`} contentStyle={{ fontSize: 12 }} />
            <Bar dataKey="cost" name="Cost" fill={PALETTE[0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard
        title="Error rate"
        description="Errors and timeouts as a share of requests; gaps where there was no traffic."
      >
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={errorRate}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={fmtTick} {...chartAxis} minTickGap={16} />
            <YAxis
              domain={[0, 1]}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              {...chartAxis}
              width={40}
            />
            <Tooltip
              labelFormatter={(l) => fmtTick(String(l))}
              formatter={(v) => `${(Number(v) * 100).toFixed(1)}%`}
              contentStyle={{ fontSize: 12 }}
            />
            <Area
              type="monotone"
              dataKey="rate"
              name="Error rate"
              stroke={PALETTE[4]}
              fill={PALETTE[4]}
              fillOpacity={0.15}
              dot={POINT}
              connectNulls={false}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title="Latency" description="p50 and p95 total time, and average time to first token (ms).">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={latency}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={fmtTick} {...chartAxis} minTickGap={16} />
            <YAxis {...chartAxis} width={48} />
            <Tooltip
              labelFormatter={(l) => fmtTick(String(l))}
              formatter={(v) => `${Number(v)} ms`}
              contentStyle={{ fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              type="monotone"
              dataKey="p50LatencyMs"
              name="p50"
              stroke={PALETTE[1]}
              dot={POINT}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="p95LatencyMs"
              name="p95"
              stroke={PALETTE[0]}
              dot={POINT}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="avgTtftMs"
              name="TTFT"
              stroke={PALETTE[2]}
              dot={POINT}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}
