"use server";

import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { type ActionResult, runAction } from "@/lib/errors";
import { NotificationModel } from "@/lib/notifications/notifications";

/** A notification as the bell shows it (dates as ISO strings: they cross to the browser). */
export type NotificationItem = {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  href: string | null;
  createdAt: string;
  read: boolean;
};

async function mine(): Promise<NotificationModel> {
  const actor = await requireActor();
  return new NotificationModel(await getDb(), actor.id);
}

export async function listNotificationsAction(
  input: { before?: string } = {},
): Promise<ActionResult<{ items: NotificationItem[]; more: boolean; unread: number }>> {
  return runAction(async () => {
    const model = await mine();
    const [page, unread] = await Promise.all([
      model.list({ limit: 20, before: input.before }),
      model.unreadCount(),
    ]);
    return {
      items: page.items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
      more: page.more,
      unread,
    };
  });
}

export async function unreadNotificationsAction(): Promise<ActionResult<number>> {
  return runAction(async () => (await mine()).unreadCount());
}

export async function markNotificationsReadAction(input: { ids: string[] }): Promise<ActionResult<number>> {
  return runAction(async () => {
    const model = await mine();
    await model.markRead(input);
    return model.unreadCount();
  });
}

export async function markAllNotificationsReadAction(): Promise<ActionResult<number>> {
  return runAction(async () => {
    const model = await mine();
    await model.markAllRead();
    return 0;
  });
}
