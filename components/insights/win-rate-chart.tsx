"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, chartAxis } from "@/components/ui/chart-card";
import type { WinRatePoint } from "@/lib/learning/statements";

const BAR = "#6366f1";

/**
 * One row: the bar spans 0 → the interval's upper end (so recharts hands us the axis scale); inside
 * it we draw the win rate as a solid bar and the 95% interval as a whisker with end caps.
 */
function RateWithInterval(props: {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: WinRatePoint;
}) {
  const { x = 0, y = 0, width = 0, height = 0, payload } = props;
  if (!payload || payload.upper <= 0) return null;
  const perUnit = width / payload.upper;
  const at = (v: number) => x + v * perUnit;
  const mid = y + height / 2;
  return (
    <g data-testid="win-rate-bar">
      <rect x={x} y={y} width={Math.max(1, payload.rate * perUnit)} height={height} fill={BAR} rx={2} />
      <g stroke="currentColor" strokeWidth={1.5}>
        <line x1={at(payload.lower)} x2={at(payload.upper)} y1={mid} y2={mid} />
        <line x1={at(payload.lower)} x2={at(payload.lower)} y1={mid - 5} y2={mid + 5} />
        <line x1={at(payload.upper)} x2={at(payload.upper)} y1={mid - 5} y2={mid + 5} />
      </g>
    </g>
  );
}

/** Win rate per model (bars) with its 95% Wilson interval (whiskers); models without votes are left out. */
export function WinRateChart({ points }: { points: WinRatePoint[] }) {
  // One bar row per model: the plot grows with the list instead of squeezing labels.
  const height = Math.max(140, points.length * 44 + 40);
  return (
    <ChartCard
      title="Win rate with 95% interval"
      description="Bars: share of voted compares won. Whiskers: Wilson interval — wide when there are few votes."
      plotClassName=""
    >
      <div style={{ height }} data-testid="insights-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} layout="vertical" margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeOpacity={0.15} horizontal={false} />
            <XAxis
              type="number"
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              {...chartAxis}
            />
            <YAxis type="category" dataKey="label" width={112} {...chartAxis} />
            <Tooltip
              cursor={{ fillOpacity: 0.05 }}
              formatter={(_v, _name, item) => {
                const p = item.payload as WinRatePoint;
                const pc = (v: number) => Math.round(v * 100);
                return [`${pc(p.rate)}% (${pc(p.lower)}–${pc(p.upper)}%, ${p.voted} votes)`, "Win rate"];
              }}
              contentStyle={{ fontSize: 12 }}
            />
            <Bar
              dataKey="upper"
              name="Win rate"
              isAnimationActive={false}
              barSize={18}
              shape={RateWithInterval}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
