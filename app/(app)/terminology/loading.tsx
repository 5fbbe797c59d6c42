import { PageSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="p-4 sm:p-6">
      <PageSkeleton title="Terminology" blocks={["h-10", "h-10", "h-64"]} />
    </div>
  );
}
