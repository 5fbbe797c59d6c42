import type { Metadata } from "next";
import Link from "next/link";
import { PurchaseActions } from "@/components/admin/purchase-actions";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { creditsLabel } from "@/components/wallet/format";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";
import { listPurchases, purchaseListQuery } from "@/lib/marketplace/admin-purchases";

export const metadata: Metadata = { title: "Purchases" };

type Search = { q?: string; status?: string; page?: string };

const STATUS = {
  completed: { label: "Completed", tone: "success" },
  refunded: { label: "Refunded", tone: "neutral" },
  pending: { label: "Pending", tone: "warning" },
} as const;

export default async function AdminPurchasesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdminPage();
  const sp = await searchParams;
  const parsed = purchaseListQuery.safeParse(sp);
  const query = parsed.success ? parsed.data : purchaseListQuery.parse({});
  const result = await listPurchases(await getDb(), { id: admin.id, role: admin.role }, query);
  const filtered = Boolean(query.q) || query.status !== "all";
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="Purchases"
        description="Every template purchase, newest first. Refund any completed purchase at any time; every refund is audited."
      />
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter purchases">
        <Field id="q" label="Search" className="min-w-56 flex-1">
          <Input
            id="q"
            name="q"
            type="search"
            placeholder="Buyer email, seller email or template"
            defaultValue={query.q ?? ""}
          />
        </Field>
        <Field id="status" label="Status">
          <Select id="status" name="status" defaultValue={query.status} className="w-40">
            <option value="all">Any status</option>
            <option value="completed">Completed</option>
            <option value="refunded">Refunded</option>
          </Select>
        </Field>
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>
      {!parsed.success ? (
        <p role="alert" className="mb-4 text-sm text-danger">
          Some filters were not valid and were ignored.
        </p>
      ) : null}
      {result.rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No purchases match these filters">
            Try a shorter search or clear the filters.
          </EmptyState>
        ) : (
          <EmptyState title="No purchases yet">
            When someone buys a template in the marketplace, the purchase appears here.
          </EmptyState>
        )
      ) : (
        <Card className="relative overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Date
                </th>
                <th scope="col" className="px-4 py-3">
                  Template
                </th>
                <th scope="col" className="px-4 py-3">
                  Buyer
                </th>
                <th scope="col" className="px-4 py-3">
                  Seller
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Price
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Platform fee
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Seller payout
                </th>
                <th scope="col" className="px-4 py-3">
                  Status
                </th>
                <th scope="col" className="px-4 py-3">
                  Refunded
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {result.rows.map((p) => (
                <tr key={p.id} data-testid="purchase-row" data-purchase-id={p.id}>
                  <td className="whitespace-nowrap px-4 py-3 text-muted-foreground">
                    {formatDateTime(p.purchasedAt, admin.timezone)}
                  </td>
                  <td className="px-4 py-3">
                    <Link
                      href={`/marketplace/${p.templateSlug}`}
                      className="font-medium text-primary underline-offset-4 hover:underline"
                    >
                      {p.templateName}
                    </Link>
                  </td>
                  <td className="break-all px-4 py-3">{p.buyerEmail}</td>
                  <td className="break-all px-4 py-3">{p.sellerEmail}</td>
                  <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                    {creditsLabel(p.price)}
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                    {creditsLabel(p.platformFee)}
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                    {creditsLabel(p.sellerPayout)}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={STATUS[p.status]?.tone ?? "neutral"}>
                      {STATUS[p.status]?.label ?? p.status}
                    </Badge>
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-muted-foreground">
                    {p.refundedAt ? formatDateTime(p.refundedAt, admin.timezone) : "—"}
                  </td>
                  <td className="px-4 py-3 text-right">
                    {p.status === "completed" ? (
                      <PurchaseActions
                        purchase={{
                          id: p.id,
                          templateName: p.templateName,
                          buyerEmail: p.buyerEmail,
                          sellerEmail: p.sellerEmail,
                          price: p.price,
                          sellerPayout: p.sellerPayout,
                        }}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      <Pagination
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        basePath="/admin/purchases"
        params={{ q: query.q, status: query.status === "all" ? undefined : query.status }}
      />
    </div>
  );
}
