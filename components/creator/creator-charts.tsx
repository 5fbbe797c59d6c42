"use client";

import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartCard, chartAxis } from "@/components/ui/chart-card";
import { formatCount } from "@/components/ui/number-format";
import type { CreatorDay } from "@/lib/marketplace/creator-stats";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const COLORS = {
  earnings: "#10b981",
  total: "#64748b",
  sales: "#6366f1",
  refunds: "#f59e0b",
  uses: "#0ea5e9",
};

/** "2026-01-18" → "Jan 18" (the day is already in the creator's zone). */
function dayLabel(day: string): string {
  const [, m, d] = day.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${Number(d)}`;
}

const tooltip = { contentStyle: { fontSize: 12 }, labelFormatter: (l: unknown) => dayLabel(String(l)) };

/** Earnings, sales against refunds, and uses per day (the points arrive prepared). */
export function CreatorCharts({ points }: { points: (CreatorDay & { cumulative: number })[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="creator-charts">
      <ChartCard
        plotClassName="h-56"
        className="lg:col-span-2"
        title="Earnings"
        description="Credits per day (your 70% of each sale, less what that day's refunds took back) and the running total over the range."
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" tickFormatter={dayLabel} {...chartAxis} minTickGap={24} />
            <YAxis
              yAxisId="day"
              allowDecimals={false}
              {...chartAxis}
              width={48}
              tickFormatter={(v: number) => formatCount(v)}
            />
            <YAxis
              yAxisId="total"
              orientation="right"
              allowDecimals={false}
              {...chartAxis}
              width={56}
              tickFormatter={(v: number) => formatCount(v)}
            />
            <Tooltip {...tooltip} formatter={(v) => `${formatCount(Number(v))} credits`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Area
              yAxisId="total"
              type="linear"
              dataKey="cumulative"
              name="Running total"
              stroke={COLORS.total}
              fill={COLORS.total}
              fillOpacity={0.08}
              isAnimationActive={false}
            />
            <Bar
              yAxisId="day"
              dataKey="earnings"
              name="Per day"
              fill={COLORS.earnings}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard plotClassName="h-56" title="Sales and refunds" description="Purchases and refunds per day.">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" tickFormatter={dayLabel} {...chartAxis} minTickGap={24} />
            <YAxis allowDecimals={false} {...chartAxis} width={32} />
            <Tooltip {...tooltip} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="sales" name="Sales" fill={COLORS.sales} isAnimationActive={false} />
            <Bar dataKey="refunds" name="Refunds" fill={COLORS.refunds} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard
        plotClassName="h-56"
        title="Uses"
        description="Conversations started with your templates per day."
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points}>
            <CartesianGrid strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="day" tickFormatter={dayLabel} {...chartAxis} minTickGap={24} />
            <YAxis allowDecimals={false} {...chartAxis} width={32} />
            <Tooltip {...tooltip} />
            <Bar dataKey="uses" name="Uses" fill={COLORS.uses} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}
