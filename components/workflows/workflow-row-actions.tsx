"use client";

import { Archive, Copy, Pause, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { duplicateWorkflowAction, setStatusAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";

/** Pause / resume, archive (or unarchive) and duplicate, each with a toast. */
export function WorkflowRowActions({ id, name, status }: { id: string; name: string; status: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const setStatus = (next: "active" | "paused" | "archived", done: string) =>
    start(async () => {
      const r = await setStatusAction(id, next);
      if (!r.ok) return void toast.error(r.error.message);
      toast.success(done);
      router.refresh();
    });
  return (
    <div className="flex shrink-0 gap-1">
      {status === "active" ? (
        <Button
          variant="ghost"
          size="icon"
          disabled={pending}
          aria-label={`Pause ${name}`}
          title="Pause"
          onClick={() => setStatus("paused", `${name} paused`)}
        >
          <Pause aria-hidden="true" className="h-4 w-4" />
        </Button>
      ) : (
        <Button
          variant="ghost"
          size="icon"
          disabled={pending}
          aria-label={`Resume ${name}`}
          title="Resume"
          onClick={() => setStatus("active", `${name} resumed`)}
        >
          <Play aria-hidden="true" className="h-4 w-4" />
        </Button>
      )}
      {status !== "archived" ? (
        <Button
          variant="ghost"
          size="icon"
          disabled={pending}
          aria-label={`Archive ${name}`}
          title="Archive"
          onClick={() => setStatus("archived", `${name} archived`)}
        >
          <Archive aria-hidden="true" className="h-4 w-4" />
        </Button>
      ) : null}
      <Button
        variant="ghost"
        size="icon"
        disabled={pending}
        aria-label={`Duplicate ${name}`}
        title="Duplicate"
        onClick={() =>
          start(async () => {
            const r = await duplicateWorkflowAction(id);
            if (!r.ok) return void toast.error(r.error.message);
            toast.success(`${name} duplicated`);
            router.refresh();
          })
        }
      >
        <Copy aria-hidden="true" className="h-4 w-4" />
      </Button>
    </div>
  );
}
