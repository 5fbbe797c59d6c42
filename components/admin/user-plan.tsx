"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { setUserBudgetAction, setUserPlanAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";

/** Plan and budget override of one user (Admin → Users). */
export function UserPlanControls({
  user,
  plans,
}: {
  user: { id: string; email: string; plan: string; monthlyBudgetUsd: string | null };
  plans: { slug: string; name: string }[];
}) {
  const [pending, start] = useTransition();
  const [budget, setBudget] = useState(
    user.monthlyBudgetUsd === null ? "" : String(Number(user.monthlyBudgetUsd)),
  );
  const router = useRouter();
  const done = (res: { ok: boolean; error?: { message: string } }, success: string) => {
    if (res.ok) toast.success(success);
    else toast.error(res.error?.message ?? "That did not work.");
    router.refresh();
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`plan-${user.id}`}>
        Plan of {user.email}
      </label>
      <Select
        id={`plan-${user.id}`}
        className="h-8 w-32"
        value={user.plan}
        disabled={pending}
        onChange={(e) => {
          const plan = e.target.value;
          start(async () =>
            done(await setUserPlanAction({ userId: user.id, plan }), `${user.email} is now on ${plan}`),
          );
        }}
      >
        {plans.map((p) => (
          <option key={p.slug} value={p.slug}>
            {p.name}
          </option>
        ))}
      </Select>
      <form
        className="flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const value = budget.trim() === "" ? null : Number(budget);
          if (value !== null && !Number.isFinite(value)) {
            toast.error("Enter a budget in USD, or leave it empty for the plan's cap.");
            return;
          }
          start(async () =>
            done(await setUserBudgetAction({ userId: user.id, monthlyBudgetUsd: value }), "Budget saved"),
          );
        }}
      >
        <label className="sr-only" htmlFor={`budget-${user.id}`}>
          Monthly budget override in USD for {user.email}
        </label>
        <Input
          id={`budget-${user.id}`}
          className="h-8 w-24"
          inputMode="decimal"
          placeholder="plan cap"
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
        />
        <Button type="submit" size="sm" variant="outline" disabled={pending}>
          Set
        </Button>
      </form>
    </div>
  );
}
