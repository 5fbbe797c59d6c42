import { PageSkeleton } from "@/components/ui/skeleton";

export default function ModerationLoading() {
  return <PageSkeleton title="Moderation" blocks={["h-40", "h-40"]} />;
}
