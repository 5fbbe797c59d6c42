"use client";

import { Plus, Sparkles } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createWorkflowAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";

/** Creates the ready example workflow and opens it. */
export function StarterExampleButton() {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await createWorkflowAction({ name: "Summarise and route", example: true });
          if (!r.ok) return void toast.error(r.error.message);
          toast.success("Example workflow created");
          router.push(`/workflows/${r.data.id}`);
        })
      }
    >
      <Sparkles aria-hidden="true" className="h-4 w-4" />
      {pending ? "Creating…" : "Create the example workflow"}
    </Button>
  );
}

/** "New workflow": asks for a name, creates the one-step starter and opens the editor. */
export function NewWorkflowButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Plus aria-hidden="true" className="h-4 w-4" />
        New workflow
      </Button>
      <Modal open={open} onOpenChange={setOpen} title="New workflow">
        <form
          aria-label="New workflow"
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const r = await createWorkflowAction({ name });
              if (!r.ok) return setError(r.error.message.replace(/^name: /, ""));
              setOpen(false);
              toast.success("Workflow created");
              router.push(`/workflows/${r.data.id}`);
            });
          }}
        >
          <Field id="new-workflow-name" label="Name" error={error}>
            <Input
              id="new-workflow-name"
              value={name}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              {...describedBy("new-workflow-name", error)}
            />
          </Field>
          <div className="flex justify-end">
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create workflow"}
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
