import { formatCount } from "@/components/ui/number-format";

/** Credits as people read them (1 credit = $0.01): "1,250 credits", "$12.50", "+300" / "−120". */

export const creditsLabel = (n: number) => `${formatCount(n)} credit${Math.abs(n) === 1 ? "" : "s"}`;

export const creditsUsd = (n: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(n / 100);

/** A signed amount with a real minus sign, for statements. */
export const signedCredits = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : ""}${formatCount(Math.abs(n))}`;
