"use client";

import { LogOut, Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Dialog } from "radix-ui";
import { useState } from "react";
import { signOutAction } from "@/app/shell-actions";
import { Button } from "@/components/ui/button";
import type { Theme } from "@/lib/theme";
import { cn } from "@/lib/utils";
import { PrismLogo } from "./logo";
import { ADMIN_NAV_ITEMS, NAV_ITEMS, type NavItem } from "./nav";
import { NotificationsBell } from "./notifications";
import { ThemeToggle } from "./theme-toggle";

type ShellUser = { name: string; email: string; role: string };

function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="space-y-1">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        const Icon = item.icon;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-muted hover:text-foreground",
                active && "bg-accent text-primary hover:bg-accent hover:text-primary",
              )}
            >
              <Icon aria-hidden="true" className="h-4 w-4" />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function SidebarContent({
  user,
  theme,
  onNavigate,
  bell,
}: {
  user: ShellUser;
  theme: Theme;
  onNavigate?: () => void;
  bell?: React.ReactNode;
}) {
  return (
    <div className="flex h-full flex-col gap-6 p-4">
      <div className="flex items-center justify-between gap-2">
        <Link href="/" onClick={onNavigate} className="px-2">
          <PrismLogo />
        </Link>
        {bell}
      </div>
      <nav aria-label="Main" className="flex-1 space-y-6 overflow-y-auto">
        <NavLinks items={NAV_ITEMS} onNavigate={onNavigate} />
        {user.role === "admin" ? (
          <div>
            <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
              Admin
            </p>
            <NavLinks items={ADMIN_NAV_ITEMS} onNavigate={onNavigate} />
          </div>
        ) : null}
      </nav>
      <div className="space-y-3 border-t pt-4">
        <div className="px-2">
          <p className="truncate text-sm font-medium" data-testid="shell-user-name">
            {user.name}
          </p>
          <p className="truncate text-xs text-muted-foreground">{user.email}</p>
        </div>
        <div className="flex items-center justify-between gap-2">
          <ThemeToggle initial={theme} />
          <form action={signOutAction}>
            <Button type="submit" variant="ghost" size="sm" aria-label="Sign out">
              <LogOut aria-hidden="true" className="h-4 w-4" /> Sign out
            </Button>
          </form>
        </div>
      </div>
    </div>
  );
}

export function AppShell({
  user,
  theme,
  unreadNotifications = 0,
  children,
}: {
  user: ShellUser;
  theme: Theme;
  unreadNotifications?: number;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:p-2"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh border-r bg-card md:block">
        <SidebarContent
          user={user}
          theme={theme}
          bell={<NotificationsBell initialUnread={unreadNotifications} />}
        />
      </aside>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b bg-card/95 px-4 backdrop-blur md:hidden">
        <Link href="/">
          <PrismLogo />
        </Link>
        <span className="flex-1" />
        <NotificationsBell initialUnread={unreadNotifications} align="end" />
        <Dialog.Root open={open} onOpenChange={setOpen}>
          <Dialog.Trigger asChild>
            <Button variant="ghost" size="icon" aria-label="Open navigation">
              <Menu aria-hidden="true" className="h-5 w-5" />
            </Button>
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
            <Dialog.Content className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] border-r bg-card shadow-xl focus:outline-none">
              <Dialog.Title className="sr-only">Navigation</Dialog.Title>
              <Dialog.Description className="sr-only">Go to another part of Prism</Dialog.Description>
              <Dialog.Close asChild>
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label="Close navigation"
                  className="absolute right-2 top-2"
                >
                  <X aria-hidden="true" className="h-5 w-5" />
                </Button>
              </Dialog.Close>
              <SidebarContent user={user} theme={theme} onNavigate={() => setOpen(false)} />
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      </header>
      {/* A page that fills the viewport (chat) marks itself data-full-bleed and gets no padding. */}
      <main id="main" className="min-w-0 px-4 py-6 md:px-8 md:py-8 has-[[data-full-bleed]]:p-0">
        {children}
      </main>
    </div>
  );
}
