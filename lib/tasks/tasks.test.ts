import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLogs, conversations, messages, notifications, trackingTasks } from "@/db/schema";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { notifyOverdueTasks } from "./overdue";
import { TaskModel } from "./tasks";

describeEachEngine("follow-up tasks", ({ db }) => {
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let assignee: Awaited<ReturnType<typeof makeUser>>;
  let stranger: Awaited<ReturnType<typeof makeUser>>;
  let answerId: string;
  let promptId: string;

  beforeAll(async () => {
    owner = await makeUser(db(), { name: "Olive Owner" });
    assignee = await makeUser(db(), { name: "Ada Assignee" });
    stranger = await makeUser(db(), { name: "Sam Stranger" });
    const [c] = await db().insert(conversations).values({ userId: owner.id }).returning();
    const [p] = await db()
      .insert(messages)
      .values({ conversationId: c!.id, userId: owner.id, role: "user", content: "Draft the plan" })
      .returning();
    const [a] = await db()
      .insert(messages)
      .values({
        conversationId: c!.id,
        userId: owner.id,
        parentId: p!.id,
        role: "assistant",
        content: "Plan",
      })
      .returning();
    promptId = p!.id;
    answerId = a!.id;
  });

  it("creates, lists with filters, and changes status with audit entries", async () => {
    const tasks = new TaskModel(db(), owner.id);
    const due = new Date(Date.now() + 86_400_000);
    const t = await tasks.create(
      {
        messageId: answerId,
        trackingType: "review",
        title: "Check the numbers",
        priority: "high",
        assignedTo: assignee.id,
        dueDate: due.toISOString(),
      },
      ctx,
    );
    expect(t).toMatchObject({
      target: "output",
      status: "pending",
      priority: "high",
      assigneeName: "Ada Assignee",
      ownerName: "Olive Owner",
      dueDate: due.toISOString(),
      overdue: false,
      mine: true,
    });
    const onPrompt = await tasks.create(
      { messageId: promptId, trackingType: "improvement", title: "Sharpen" },
      ctx,
    );
    expect(onPrompt).toMatchObject({ target: "prompt", priority: "medium", assignedTo: null });

    expect((await tasks.list({ priority: "high" })).map((x) => x.id)).toEqual([t.id]);
    expect((await tasks.list({ assignee: assignee.id })).map((x) => x.id)).toEqual([t.id]);
    expect((await tasks.openFor([answerId, promptId])).length).toBe(2);

    const done = await tasks.update(onPrompt.id, { status: "completed" }, ctx);
    expect(done.completedAt).not.toBeNull();
    expect((await tasks.list({ status: "open" })).map((x) => x.id)).toEqual([t.id]);
    expect((await tasks.list({ status: "completed" })).map((x) => x.id)).toEqual([onPrompt.id]);

    const audit = await db()
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(and(eq(auditLogs.entityType, "tracking_task"), eq(auditLogs.entityId, onPrompt.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["task.create", "task.update"]);

    await expect(
      tasks.create({ messageId: answerId, trackingType: "", title: "x" }, ctx),
    ).rejects.toMatchObject({
      field: "trackingType",
    });
    await expect(
      tasks.create(
        { messageId: answerId, trackingType: "review", title: "x", assignedTo: crypto.randomUUID() },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "not_found", field: "assignedTo" });
  });

  it("only the owner and the assignee see a task; the assignee may change its status only", async () => {
    const t = await new TaskModel(db(), owner.id).create(
      { messageId: answerId, trackingType: "analysis", title: "Shared", assignedTo: assignee.id },
      ctx,
    );
    const theirs = new TaskModel(db(), assignee.id);
    expect((await theirs.list({ scope: "assigned" })).map((x) => x.id)).toContain(t.id);
    expect((await theirs.list({ scope: "mine" })).map((x) => x.id)).not.toContain(t.id);
    expect(await theirs.update(t.id, { status: "in_progress" }, ctx)).toMatchObject({
      status: "in_progress",
      mine: false,
    });
    await expect(theirs.update(t.id, { title: "Hijacked" }, ctx)).rejects.toMatchObject({
      code: "forbidden",
      field: "title",
    });
    // The assignee cannot create tasks on a message that is not theirs.
    await expect(
      theirs.create({ messageId: answerId, trackingType: "review", title: "x" }, ctx),
    ).rejects.toMatchObject({ code: "not_found" });

    const outsider = new TaskModel(db(), stranger.id);
    await expect(outsider.get(t.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(outsider.update(t.id, { status: "cancelled" }, ctx)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await outsider.list()).toEqual([]);
    expect(await outsider.openFor([answerId])).toEqual([]);
    const [row] = await db().select().from(trackingTasks).where(eq(trackingTasks.id, t.id));
    expect(row?.status).toBe("in_progress");
  });

  it("an overdue task notifies its assignee once per due date", async () => {
    const tasks = new TaskModel(db(), owner.id);
    const past = new Date(Date.now() - 60_000);
    const t = await tasks.create(
      {
        messageId: answerId,
        trackingType: "review",
        title: "Late one",
        assignedTo: assignee.id,
        dueDate: past,
      },
      ctx,
    );
    const closed = await tasks.create(
      { messageId: answerId, trackingType: "review", title: "Done", dueDate: past },
      ctx,
    );
    await tasks.update(closed.id, { status: "completed" }, ctx);
    const mine = () =>
      db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, assignee.id), eq(notifications.kind, "task_overdue")));

    expect(await notifyOverdueTasks(db())).toBe(1);
    expect(await notifyOverdueTasks(db())).toBe(0);
    const sent = await mine();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ title: "Follow-up overdue: Late one", data: { taskId: t.id } });
    expect((await tasks.list({ overdue: true })).map((x) => x.id)).toEqual([t.id]);

    // A new due date that passes too: one more notification, then none.
    await tasks.update(t.id, { dueDate: new Date(Date.now() - 1_000) }, ctx);
    expect(await notifyOverdueTasks(db())).toBe(1);
    expect(await notifyOverdueTasks(db())).toBe(0);
    expect(await mine()).toHaveLength(2);
    // Nobody else was notified.
    const others = await db().select().from(notifications).where(eq(notifications.userId, stranger.id));
    expect(others).toEqual([]);
  });
});
