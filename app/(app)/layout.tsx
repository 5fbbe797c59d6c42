import { Providers } from "@/components/providers";
import { SignedInLayout } from "@/components/shell/signed-in-layout";
import { requireUser } from "@/lib/auth/current";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <SignedInLayout user={user}>
      <Providers>{children}</Providers>
    </SignedInLayout>
  );
}
