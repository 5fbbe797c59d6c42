import type { Metadata } from "next";
import { SignedInLayout } from "@/components/shell/signed-in-layout";
import { requireAdminPage } from "@/lib/auth/current";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Prism" } };

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireAdminPage();
  return <SignedInLayout user={user}>{children}</SignedInLayout>;
}
