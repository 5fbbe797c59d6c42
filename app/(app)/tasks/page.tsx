import type { Metadata } from "next";
import { TaskFilters, TaskList } from "@/components/tasks/tasks-view";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/current";
import { parseTaskParams } from "@/lib/tasks/params";
import { assignableUsers, TaskModel } from "@/lib/tasks/tasks";

export const metadata: Metadata = { title: "Tasks" };
export const dynamic = "force-dynamic";

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const filter = parseTaskParams(await searchParams);
  const db = await getDb();
  const [tasks, users] = await Promise.all([new TaskModel(db, user.id).list(filter), assignableUsers(db)]);
  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title="Tasks"
        description="Follow-ups on prompts and answers: the ones you created and the ones assigned to you."
      />
      <TaskFilters filter={filter} users={users.map((u) => ({ id: u.id, name: u.name }))} />
      <TaskList tasks={tasks} filtered={Object.values({ ...filter, scope: undefined }).some(Boolean)} />
    </div>
  );
}
