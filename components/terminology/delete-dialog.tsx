"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { deleteEntriesAction } from "@/app/(app)/terminology/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";

/** Asks before deleting entries; deletes them and reports how many went. */
export function DeleteEntriesDialog({
  open,
  onOpenChange,
  ids,
  title,
  description,
  keepLabel,
  confirmLabel,
  onDeleted,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  ids: string[];
  title: string;
  description: string;
  keepLabel: string;
  confirmLabel: string;
  onDeleted: (count: number) => void;
}) {
  const [pending, start] = useTransition();
  return (
    <Modal open={open} onOpenChange={onOpenChange} title={title} description={description}>
      <div className="flex justify-end gap-2">
        <Button variant="outline" onClick={() => onOpenChange(false)}>
          {keepLabel}
        </Button>
        <Button
          variant="danger"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await deleteEntriesAction(ids);
              if (!r.ok) return void toast.error(r.error.message);
              onOpenChange(false);
              onDeleted(r.data);
            })
          }
        >
          {pending ? "Deleting…" : confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}
