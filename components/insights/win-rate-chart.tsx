"use client";

import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartCard, chartAxis } from "@/components/ui/chart-card";
import type { WinRatePoint } from "@/lib/learning/statements";

/** Win rate per model (bars) with its 95% Wilson interval (whiskers); models without votes are left out. */
export function WinRateChart({ points }: { points: WinRatePoint[] }) {
  // One bar row per model: the plot grows with the list instead of squeezing labels.
  const height = Math.max(160, points.length * 40 + 48);
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
              formatter={(v, _name, item) => {
                const p = item.payload as WinRatePoint;
                const lower = p.rate - p.error[0];
                const upper = p.rate + p.error[1];
                return [
                  `${Math.round(Number(v) * 100)}% (${Math.round(lower * 100)}–${Math.round(upper * 100)}%, ${p.voted} votes)`,
                  "Win rate",
                ];
              }}
              contentStyle={{ fontSize: 12 }}
            />
            <Bar
              dataKey="rate"
              name="Win rate"
              fill="#6366f1"
              isAnimationActive={false}
              barSize={18}
              minPointSize={1}
            >
              <ErrorBar dataKey="error" width={6} strokeWidth={1.5} stroke="currentColor" direction="x" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
