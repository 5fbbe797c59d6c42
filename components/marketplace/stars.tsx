import { Star } from "lucide-react";

/** A read-only star rating with its count, e.g. "★★★★☆ 4.2 (13)". */
export function Stars({ value, count }: { value: number; count: number }) {
  if (count === 0) return <span>No ratings yet</span>;
  return (
    <span className="inline-flex items-center gap-1">
      <span className="sr-only">{`Rated ${value.toFixed(1)} out of 5 by ${count} ${count === 1 ? "person" : "people"}`}</span>
      <span aria-hidden="true" className="inline-flex">
        {[1, 2, 3, 4, 5].map((i) => (
          <Star
            key={i}
            className={`h-3.5 w-3.5 ${value >= i - 0.25 ? "fill-warning text-warning" : "text-muted-foreground"}`}
          />
        ))}
      </span>
      <span aria-hidden="true">
        {value.toFixed(1)} ({count})
      </span>
    </span>
  );
}
