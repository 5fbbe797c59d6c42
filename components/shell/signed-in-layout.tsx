import { cookies } from "next/headers";
import type { CurrentUser } from "@/lib/auth/current";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { AppShell } from "./app-shell";

export async function SignedInLayout({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }} theme={theme}>
      {children}
    </AppShell>
  );
}
