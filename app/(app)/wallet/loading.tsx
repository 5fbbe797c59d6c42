import { PageSkeleton } from "@/components/ui/skeleton";

export default function WalletLoading() {
  return <PageSkeleton title="Wallet" blocks={["h-48", "h-72", "h-40"]} />;
}
