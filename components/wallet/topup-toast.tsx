"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { toast } from "sonner";

/** After Stripe sends the buyer back: say what happened once, then drop ?topup= from the address. */
export function TopUpToast({ outcome }: { outcome: "success" | "cancelled" | null }) {
  const router = useRouter();
  const shown = useRef(false);
  useEffect(() => {
    if (!outcome || shown.current) return;
    shown.current = true;
    if (outcome === "success") {
      toast.success(
        "Payment received. Your credits appear as soon as Stripe confirms it, usually within seconds.",
      );
    } else {
      toast.info("Top-up cancelled. You were not charged.");
    }
    router.replace("/wallet", { scroll: false });
    if (outcome !== "success") return;
    // The webhook usually lands a moment after the redirect: look again shortly.
    const timer = window.setTimeout(() => router.refresh(), 4_000);
    return () => window.clearTimeout(timer);
  }, [outcome, router]);
  return null;
}
