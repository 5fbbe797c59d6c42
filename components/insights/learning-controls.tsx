"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { deleteLearnedAction, setLearningAction } from "@/app/(app)/insights/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Modal } from "@/components/ui/dialog";

/** The privacy controls: learning on/off, and deleting every learned pattern (after a confirmation). */
export function LearningControls({ enabled, patterns }: { enabled: boolean; patterns: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [on, setOn] = useState(enabled);
  const [confirm, setConfirm] = useState(false);
  return (
    <Card className="space-y-4 p-4" data-testid="learning-controls">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id="learning-switch-label" className="font-semibold">
            Learn from my feedback
          </h2>
          <p id="learning-switch-hint" className="text-sm text-muted-foreground">
            {on
              ? "Prism keeps learned patterns up to date and suggests models in chat."
              : "Off: nothing new is learned and chat shows no suggestions. The leaderboard still reads your votes."}
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="learning-switch-label"
          aria-describedby="learning-switch-hint"
          disabled={pending}
          onClick={() => {
            const next = !on;
            setOn(next);
            start(async () => {
              const res = await setLearningAction({ enabled: next });
              if (res.ok) toast.success(next ? "Learning is on." : "Learning is off.");
              else {
                setOn(!next);
                toast.error(res.error.message);
              }
              router.refresh();
            });
          }}
          className="relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border border-input bg-muted transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary disabled:opacity-50 aria-checked:bg-primary"
        >
          <span
            aria-hidden="true"
            className={`inline-block h-5 w-5 rounded-full bg-card shadow transition-transform ${on ? "translate-x-5" : "translate-x-0.5"}`}
          />
        </button>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t pt-4">
        <p className="text-sm text-muted-foreground" data-testid="learned-count">
          {patterns === 0
            ? "Nothing learned is stored."
            : `${patterns} learned pattern${patterns === 1 ? "" : "s"} stored.`}
        </p>
        <Button
          variant="outline"
          size="sm"
          disabled={pending || patterns === 0}
          onClick={() => setConfirm(true)}
        >
          <Trash2 aria-hidden="true" className="h-4 w-4" /> Delete what was learned
        </Button>
      </div>
      <Modal
        open={confirm}
        onOpenChange={setConfirm}
        title="Delete what was learned?"
        description="Removes every learned pattern: model preferences, term usage and workflow patterns. Your conversations, votes and scores stay; with learning on, new feedback is learned again."
      >
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirm(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const res = await deleteLearnedAction();
                setConfirm(false);
                if (res.ok) toast.success(`Deleted ${res.data} learned pattern${res.data === 1 ? "" : "s"}.`);
                else toast.error(res.error.message);
                router.refresh();
              })
            }
          >
            Delete
          </Button>
        </div>
      </Modal>
    </Card>
  );
}
