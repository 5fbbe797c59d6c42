import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** Axis styling shared by every recharts chart: theme colour, small ticks, no lines. */
export const chartAxis = { stroke: "currentColor", fontSize: 11, tickLine: false, axisLine: false } as const;

/** A chart in a card: title, one-line description, and a fixed-height plot area. */
export function ChartCard({
  title,
  description,
  children,
  className,
  plotClassName = "h-64",
}: {
  title: string;
  description: string;
  children: ReactNode;
  className?: string;
  /** The plot area's height class. */
  plotClassName?: string;
}) {
  return (
    <figure className={cn("rounded-lg border bg-card p-4 shadow-sm", className)}>
      <figcaption className="mb-3">
        <p className="text-sm font-semibold">{title}</p>
        <p className="text-xs text-muted-foreground">{description}</p>
      </figcaption>
      <div className={cn(plotClassName, "text-muted-foreground")}>{children}</div>
    </figure>
  );
}
