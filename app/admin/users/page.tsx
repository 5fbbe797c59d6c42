import type { Metadata } from "next";
import { GrantCredits } from "@/components/admin/grant-credits";
import { UserRowActions } from "@/components/admin/user-actions";
import { UserPlanControls } from "@/components/admin/user-plan";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { formatCount } from "@/components/ui/number-format";
import { Pagination } from "@/components/ui/pagination";
import { getDb } from "@/db/client";
import { AdminUsersRepo, userListQuery } from "@/lib/admin/users";
import { walletBalances } from "@/lib/admin/wallet-balances";
import { requireAdminPage } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Users" };

type Search = { q?: string; role?: string; status?: string; page?: string };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdminPage();
  const sp = await searchParams;
  const parsed = userListQuery.safeParse(sp);
  const query = parsed.success ? parsed.data : userListQuery.parse({});
  const db = await getDb();
  const repo = new AdminUsersRepo(db, admin);
  const [result, plans] = await Promise.all([repo.list(query), repo.plans()]);
  const balances = await walletBalances(
    db,
    admin,
    result.rows.map((u) => u.id),
  );
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title="Users"
        description="Search accounts, change roles and plans, grant credits, suspend and reinstate. Every change is audited."
      />
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter users">
        <div className="min-w-56 flex-1">
          <label htmlFor="q" className="mb-1 block text-sm font-medium">
            Search
          </label>
          <Input id="q" name="q" type="search" placeholder="Name or email" defaultValue={query.q ?? ""} />
        </div>
        <div>
          <label htmlFor="role" className="mb-1 block text-sm font-medium">
            Role
          </label>
          <Select id="role" name="role" defaultValue={query.role ?? ""} className="w-36">
            <option value="">Any role</option>
            <option value="user">user</option>
            <option value="admin">admin</option>
            <option value="enterprise">enterprise</option>
          </Select>
        </div>
        <div>
          <label htmlFor="status" className="mb-1 block text-sm font-medium">
            Status
          </label>
          <Select id="status" name="status" defaultValue={query.status ?? ""} className="w-36">
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
          </Select>
        </div>
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
        <EmptyState title="No users match these filters">
          Try a shorter search or clear the filters.
        </EmptyState>
      ) : (
        <Card className="relative overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-3">
                  User
                </th>
                <th scope="col" className="px-4 py-3">
                  Role
                </th>
                <th scope="col" className="px-4 py-3">
                  Plan and budget
                </th>
                <th scope="col" className="px-4 py-3">
                  Wallet
                </th>
                <th scope="col" className="px-4 py-3">
                  Status
                </th>
                <th scope="col" className="px-4 py-3">
                  Joined
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {result.rows.map((u) => (
                <tr key={u.id} data-testid="user-row" data-email={u.email} data-user-id={u.id}>
                  <td className="px-4 py-3">
                    <p className="font-medium">{u.name}</p>
                    <p className="text-xs text-muted-foreground">{u.email}</p>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={u.role === "admin" ? "primary" : "neutral"}>{u.role}</Badge>
                  </td>
                  <td className="px-4 py-3">
                    <UserPlanControls
                      user={{
                        id: u.id,
                        email: u.email,
                        plan: u.subscriptionTier,
                        monthlyBudgetUsd: u.monthlyBudgetUsd,
                      }}
                      plans={plans}
                    />
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="whitespace-nowrap tabular-nums" data-testid="user-balance">
                        {formatCount(balances.get(u.id) ?? 0)} credits
                      </span>
                      <GrantCredits user={{ id: u.id, email: u.email }} />
                    </div>
                  </td>
                  <td className="px-4 py-3">
                    {u.suspendedAt ? (
                      <Badge tone="danger">Suspended</Badge>
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-muted-foreground">
                    {formatDateTime(u.createdAt, admin.timezone)}
                  </td>
                  <td className="px-4 py-3">
                    <UserRowActions
                      user={{ id: u.id, email: u.email, role: u.role, suspended: u.suspendedAt !== null }}
                      isSelf={u.id === admin.id}
                    />
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
        basePath="/admin/users"
        params={{ q: query.q, role: query.role, status: query.status }}
      />
    </div>
  );
}
