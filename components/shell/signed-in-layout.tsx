import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import type { CurrentUser } from "@/lib/auth/current";
import { NotificationModel } from "@/lib/notifications/notifications";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { AppShell } from "./app-shell";

export async function SignedInLayout({ user, children }: { user: CurrentUser; children: React.ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const unread = await new NotificationModel(await getDb(), user.id).unreadCount();
  return (
    <AppShell
      user={{ name: user.name, email: user.email, role: user.role }}
      theme={theme}
      unreadNotifications={unread}
    >
      {children}
    </AppShell>
  );
}
