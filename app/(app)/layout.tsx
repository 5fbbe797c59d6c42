import { Providers } from "@/components/providers";
import { BudgetBanner } from "@/components/shell/budget-banner";
import { SignedInLayout } from "@/components/shell/signed-in-layout";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { budgetStatus } from "@/lib/usage/budget";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const budget = await budgetStatus(await getDb(), user.id);
  return (
    <SignedInLayout user={user}>
      <BudgetBanner status={budget} />
      <Providers>{children}</Providers>
    </SignedInLayout>
  );
}
