import { describe, expect, it } from "vitest";
import type { StatementLine } from "@/lib/billing/ledger";
import { kindLabel, pageOf, purchaseViews, STATEMENT_PAGE_SIZE } from "./view";

const line = (i: number): StatementLine => ({
  id: `e${i}`,
  at: new Date(Date.UTC(2026, 0, 20, 23, 30) - i * 60_000),
  kind: "grant",
  description: null,
  amount: 10,
  balanceAfter: 100 - i,
  referenceType: null,
  referenceId: null,
});

describe("wallet view", () => {
  it("names a purchase that paid you a sale, and a refund that took it back", () => {
    expect(kindLabel("purchase", -100)).toBe("Purchase");
    expect(kindLabel("purchase", 70)).toBe("Sale");
    expect(kindLabel("refund", 100)).toBe("Refund");
    expect(kindLabel("refund", -70)).toBe("Sale refunded");
  });

  it("pages the statement (one row more than shown means there is more) in the user's zone", () => {
    const lines = Array.from({ length: STATEMENT_PAGE_SIZE + 1 }, (_, i) => line(i));
    const page = pageOf(lines, "Asia/Tokyo");
    expect(page.rows).toHaveLength(STATEMENT_PAGE_SIZE);
    expect(page.hasMore).toBe(true);
    expect(page.rows[0]).toMatchObject({ id: "e0", description: "Grant", label: "Grant" });
    expect(page.rows[0]?.when).toBe("21 Jan 2026, 08:30"); // 23:30 UTC is the next morning in Tokyo
    expect(page.rows[0]?.at).toBe("2026-01-20T23:30:00.000Z");
    expect(pageOf(lines.slice(0, 3), "UTC").hasMore).toBe(false);
  });

  it("offers a refund inside the 7-day window only, and an update when a newer version exists", () => {
    const now = new Date("2026-01-20T12:00:00Z");
    const base = {
      name: "T",
      slug: "t",
      price: 100,
      refundedAt: null,
      pinnedVersionId: "v1",
      currentVersionId: "v2",
    };
    const [fresh, old, refunded] = purchaseViews(
      [
        { ...base, id: "a", status: "completed", purchasedAt: new Date("2026-01-15T12:00:00Z") },
        { ...base, id: "b", status: "completed", purchasedAt: new Date("2026-01-10T12:00:00Z") },
        {
          ...base,
          id: "c",
          status: "refunded",
          purchasedAt: new Date("2026-01-19T12:00:00Z"),
          refundedAt: new Date("2026-01-19T13:00:00Z"),
        },
      ],
      "UTC",
      now,
    );
    expect(fresh?.refundableUntil).toBe("22 Jan 2026, 12:00");
    expect(fresh?.updatable).toBe(true);
    expect(old?.refundableUntil).toBeNull();
    expect(refunded).toMatchObject({
      refundableUntil: null,
      updatable: false,
      refundedWhen: "19 Jan 2026, 13:00",
    });
    const [current] = purchaseViews(
      [{ ...base, id: "d", status: "completed", purchasedAt: now, currentVersionId: "v1" }],
      "UTC",
      now,
    );
    expect(current?.updatable).toBe(false);
  });
});
