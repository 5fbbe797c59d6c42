"use client";

import { Bell, CheckCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { Popover } from "radix-ui";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, useTransition } from "react";
import { toast } from "sonner";
import {
  listNotificationsAction,
  markAllNotificationsReadAction,
  markNotificationsReadAction,
  type NotificationItem,
  unreadNotificationsAction,
} from "@/app/notification-actions";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

const POLL_MS = 60_000;

/**
 * The unread count, shared by the shell's two bells (desktop sidebar, phone header) so that
 * reading on one clears the other. Browser-only state: the server renders the count it was given.
 */
const unreadListeners = new Set<() => void>();
let unreadShared: number | null = null;
function setUnreadShared(n: number) {
  unreadShared = n;
  for (const listener of unreadListeners) listener();
}
function subscribeUnread(listener: () => void) {
  unreadListeners.add(listener);
  return () => unreadListeners.delete(listener);
}
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

function ago(iso: string): string {
  const s = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  for (const [unit, size] of steps)
    if (Math.abs(s) >= size) return relative.format(Math.round(s / size), unit);
  return "just now";
}

/**
 * The bell in the app shell: unread count, and a list of the signed-in user's notifications
 * (budget alerts and the like) to open, mark read, or mark all read.
 */
export function NotificationsBell({
  initialUnread,
  align = "start",
}: {
  initialUnread: number;
  align?: "start" | "end";
}) {
  const unread = useSyncExternalStore(
    subscribeUnread,
    () => unreadShared ?? initialUnread,
    () => initialUnread,
  );
  const setUnread = setUnreadShared;
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const [more, setMore] = useState(false);
  const [pending, start] = useTransition();
  const wrapRef = useRef<HTMLSpanElement>(null);
  const router = useRouter();

  useEffect(() => setUnreadShared(initialUnread), [initialUnread]);

  // Poll only while this bell is on screen (the shell has one for desktop and one for phones).
  useEffect(() => {
    const refresh = async () => {
      if (document.hidden || !wrapRef.current?.offsetParent) return;
      const res = await unreadNotificationsAction().catch(() => null);
      if (res?.ok) setUnread(res.data);
    };
    const timer = setInterval(refresh, POLL_MS);
    window.addEventListener("focus", refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", refresh);
    };
  }, []);

  const load = useCallback(
    (before?: string) =>
      start(async () => {
        const res = await listNotificationsAction(before ? { before } : {});
        if (!res.ok) {
          toast.error(res.error.message);
          return;
        }
        setItems((prev) => (before && prev ? [...prev, ...res.data.items] : res.data.items));
        setMore(res.data.more);
        setUnread(res.data.unread);
      }),
    [],
  );

  const markRead = (item: NotificationItem) =>
    start(async () => {
      if (item.read) return;
      const res = await markNotificationsReadAction({ ids: [item.id] });
      if (!res.ok) return void toast.error(res.error.message);
      setUnread(res.data);
      setItems((prev) => prev?.map((n) => (n.id === item.id ? { ...n, read: true } : n)) ?? null);
    });

  const markAll = () =>
    start(async () => {
      const res = await markAllNotificationsReadAction();
      if (!res.ok) return void toast.error(res.error.message);
      setUnread(0);
      setItems((prev) => prev?.map((n) => ({ ...n, read: true })) ?? null);
    });

  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <span ref={wrapRef} className="inline-flex">
      <Popover.Root
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next) load();
        }}
      >
        <Popover.Trigger asChild>
          <Button
            variant="ghost"
            size="icon"
            aria-label={label}
            data-testid="notifications-bell"
            className="relative"
          >
            <Bell aria-hidden="true" className="h-5 w-5" />
            {unread > 0 ? (
              <span
                data-testid="notifications-unread"
                className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-danger px-1 text-center text-[10px] font-semibold leading-4 text-danger-foreground"
              >
                {unread > 99 ? "99+" : unread}
              </span>
            ) : null}
          </Button>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            align={align}
            sideOffset={8}
            collisionPadding={8}
            aria-label="Notifications"
            className="z-50 w-[min(24rem,calc(100vw-1rem))] rounded-lg border bg-card shadow-xl focus:outline-none"
          >
            <div className="flex items-center justify-between gap-2 border-b px-4 py-3">
              <p className="text-sm font-semibold">Notifications</p>
              <Button variant="ghost" size="sm" onClick={markAll} disabled={pending || unread === 0}>
                <CheckCheck aria-hidden="true" className="h-4 w-4" /> Mark all read
              </Button>
            </div>
            <div className="max-h-[min(28rem,70dvh)] overflow-y-auto">
              {items === null ? (
                <p className="px-4 py-6 text-center text-sm text-muted-foreground">Loading…</p>
              ) : items.length === 0 ? (
                <div className="px-4 py-8 text-center" data-testid="notifications-empty">
                  <p className="text-sm font-medium">No notifications yet</p>
                  <p className="mt-1 text-xs text-muted-foreground">
                    Budget alerts and other news about your account appear here.
                  </p>
                </div>
              ) : (
                <ul className="divide-y" aria-label="Notification list">
                  {items.map((n) => (
                    <li key={n.id} data-testid="notification" data-read={n.read ? "true" : "false"}>
                      <button
                        type="button"
                        className={cn(
                          "flex w-full gap-3 px-4 py-3 text-left hover:bg-muted focus-visible:bg-muted focus-visible:outline-none",
                          !n.read && "bg-accent/40",
                        )}
                        onClick={() => {
                          markRead(n);
                          if (n.href) {
                            setOpen(false);
                            router.push(n.href);
                          }
                        }}
                      >
                        <span
                          aria-hidden="true"
                          className={cn(
                            "mt-1.5 h-2 w-2 shrink-0 rounded-full",
                            n.read ? "bg-transparent" : "bg-primary",
                          )}
                        />
                        <span className="min-w-0 flex-1">
                          <span className="block text-sm font-medium">
                            {n.title}
                            {n.read ? null : <span className="sr-only"> (unread)</span>}
                          </span>
                          {n.body ? (
                            <span className="mt-0.5 block text-xs text-muted-foreground">{n.body}</span>
                          ) : null}
                          <span className="mt-1 block text-xs text-muted-foreground">{ago(n.createdAt)}</span>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {more ? (
                <div className="border-t p-2 text-center">
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={pending}
                    onClick={() => load(items?.at(-1)?.id)}
                  >
                    Show older
                  </Button>
                </div>
              ) : null}
            </div>
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </span>
  );
}
