"use client";

import { Pencil, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteEntriesAction } from "@/app/(app)/terminology/actions";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { EntryForm, type EntryFormValues } from "./entry-form";

/** Edit (every field, in a dialog) and delete (after a confirmation) on an entry's page. */
export function EntryActions({ id, term, initial }: { id: string; term: string; initial: EntryFormValues }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => setEditing(true)}>
        <Pencil aria-hidden="true" className="h-4 w-4" />
        Edit
      </Button>
      <Button variant="outline" onClick={() => setConfirming(true)}>
        <Trash2 aria-hidden="true" className="h-4 w-4" />
        Delete
      </Button>
      <Modal
        open={editing}
        onOpenChange={setEditing}
        title={`Edit “${term}”`}
        className="w-[min(48rem,calc(100vw-2rem))]"
      >
        <EntryForm
          idPrefix="edit-entry"
          entryId={id}
          initial={initial}
          onSaved={() => {
            setEditing(false);
            router.refresh();
          }}
          onCancel={() => setEditing(false)}
        />
      </Modal>
      <Modal
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete “${term}”?`}
        description="It is removed from your dictionary, and links to it from related terms go too. This cannot be undone."
      >
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await deleteEntriesAction([id]);
                if (!r.ok) return void toast.error(r.error.message);
                toast.success(`“${term}” deleted`);
                router.push("/terminology");
              })
            }
          >
            {pending ? "Deleting…" : "Delete entry"}
          </Button>
        </div>
      </Modal>
    </div>
  );
}
