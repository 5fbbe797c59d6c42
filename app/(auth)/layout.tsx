import { redirect } from "next/navigation";
import { PrismLogo } from "@/components/shell/logo";
import { getCurrentUser } from "@/lib/auth/current";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await getCurrentUser()) redirect("/");
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <PrismLogo />
        </div>
        {children}
      </div>
    </main>
  );
}
