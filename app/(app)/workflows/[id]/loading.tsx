import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div aria-busy="true" className="space-y-3">
      <p className="sr-only" role="status">
        Loading…
      </p>
      <Skeleton className="h-9" />
      <Skeleton className="h-[60vh]" />
    </div>
  );
}
