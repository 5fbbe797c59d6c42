/** Number formatting for tables and cards (pure; the same on server and client, so hydration matches). */

const counts = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return counts.format(n);
}

/** USD, with more decimals for amounts under a cent so they do not read as $0.00. */
export function formatUsd(amount: string | number): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return "—";
  const small = n !== 0 && Math.abs(n) < 0.01;
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 6 : 4,
  }).format(n);
}

/** A catalog price (USD per million tokens, or per second), or a dash when the model has none. */
export function formatPrice(n: number | undefined): string {
  return n === undefined ? "—" : formatUsd(n);
}
