import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="p-4 sm:p-6">
      <PageSkeleton title="Workflows" blocks={["h-40", "h-40"]} />
    </div>
  );
}
