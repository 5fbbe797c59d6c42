"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { loadStatementAction } from "@/app/(app)/wallet/actions";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { formatCount } from "@/components/ui/number-format";
import { cn } from "@/lib/utils";
import type { StatementRow } from "@/lib/wallet/view";
import { signedCredits } from "./format";

const TONES: Record<string, "neutral" | "primary" | "success" | "warning" | "danger"> = {
  grant: "primary",
  allowance: "primary",
  topup: "success",
  purchase: "neutral",
  refund: "warning",
  usage: "neutral",
  adjustment: "neutral",
};

/** The wallet's ledger entries, newest first, with "Load more" for older pages. */
export function Statement({
  initialRows,
  initialHasMore,
  timezone,
}: {
  initialRows: StatementRow[];
  initialHasMore: boolean;
  timezone: string;
}) {
  const [rows, setRows] = useState(initialRows);
  const [hasMore, setHasMore] = useState(initialHasMore);
  const [pending, start] = useTransition();
  // A refresh (after a refund, say) brings new first rows: start over from them.
  const [seen, setSeen] = useState(initialRows);
  if (seen !== initialRows) {
    setSeen(initialRows);
    setRows(initialRows);
    setHasMore(initialHasMore);
  }

  const loadMore = () =>
    start(async () => {
      const last = rows[rows.length - 1];
      if (!last) return;
      const res = await loadStatementAction({ afterEntry: last.id });
      if (!res.ok) {
        toast.error(res.error.message);
        return;
      }
      const known = new Set(rows.map((r) => r.id));
      setRows([...rows, ...res.data.rows.filter((r) => !known.has(r.id))]);
      setHasMore(res.data.hasMore);
    });

  return (
    <Card className="relative" role="region" aria-labelledby="statement-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b p-4">
        <h2 id="statement-heading" className="text-lg font-semibold">
          Statement
        </h2>
        <p className="text-xs text-muted-foreground">Newest first · times in {timezone}</p>
      </div>
      {rows.length === 0 ? (
        <p className="p-6 text-center text-sm text-muted-foreground">
          No movements yet. Grants, allowances, top-ups, purchases and sales appear here.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="wallet-statement">
            <caption className="sr-only">Credits statement, newest first</caption>
            <thead className="bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="hidden px-4 py-2 sm:table-cell">
                  Date
                </th>
                <th scope="col" className="px-4 py-2">
                  Description
                </th>
                <th scope="col" className="px-4 py-2 text-right">
                  Amount
                </th>
                <th scope="col" className="hidden px-4 py-2 text-right sm:table-cell">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {rows.map((r) => (
                <tr key={r.id} data-testid="statement-row" data-kind={r.kind}>
                  <td className="hidden whitespace-nowrap px-4 py-2 align-top text-muted-foreground sm:table-cell">
                    {r.when}
                  </td>
                  <td className="px-4 py-2 align-top sm:min-w-48">
                    <Badge tone={TONES[r.kind]} className="mr-2">
                      {r.label}
                    </Badge>
                    <span className="break-words">{r.description}</span>
                    <span className="mt-0.5 block text-xs text-muted-foreground sm:hidden">
                      {r.when} · balance {formatCount(r.balanceAfter)}
                    </span>
                  </td>
                  <td
                    className={cn(
                      "whitespace-nowrap px-4 py-2 text-right align-top font-medium tabular-nums",
                      r.amount > 0 ? "text-success" : "text-danger",
                    )}
                    data-testid="statement-amount"
                  >
                    {signedCredits(r.amount)}
                  </td>
                  <td className="hidden whitespace-nowrap px-4 py-2 text-right align-top tabular-nums sm:table-cell">
                    {formatCount(r.balanceAfter)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore ? (
        <div className="border-t p-3 text-center">
          <Button variant="outline" size="sm" onClick={loadMore} disabled={pending} aria-busy={pending}>
            {pending ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
