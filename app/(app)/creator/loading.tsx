import { PageSkeleton } from "@/components/ui/skeleton";

export default function CreatorLoading() {
  return <PageSkeleton title="Creator" blocks={["h-10 w-64", "h-24", "h-64", "h-48"]} />;
}
