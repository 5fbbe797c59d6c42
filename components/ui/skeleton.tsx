import { cn } from "@/lib/utils";

/** A grey placeholder block while a page's data loads. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-lg bg-muted", className)} />;
}

/** A loading page: the title right away, then placeholder blocks of the given heights. */
export function PageSkeleton({ title, blocks }: { title: string; blocks: string[] }) {
  return (
    <div className="mx-auto max-w-5xl" aria-busy="true">
      <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="sr-only" role="status">
        Loading {title.toLowerCase()}…
      </p>
      <div className="space-y-4">
        {blocks.map((h, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders that never reorder
          <Skeleton key={i} className={h} />
        ))}
      </div>
    </div>
  );
}
