"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { setSecretsAction } from "@/app/(app)/workflows/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";

/** Workflow secrets: names are listed, values are write-only ({{secrets.NAME}} in steps). */
export function SecretsEditor({ workflowId, names }: { workflowId: string; names: string[] }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const apply = (changes: Record<string, string | null>, done: string) =>
    start(async () => {
      const r = await setSecretsAction(workflowId, changes);
      if (!r.ok) {
        setError(r.error.message.replace(/^[A-Z0-9_]+: /, ""));
        return void toast.error(r.error.message);
      }
      setError(undefined);
      setName("");
      setValue("");
      toast.success(done);
      router.refresh();
    });
  return (
    <div className="space-y-3">
      {names.length ? (
        <ul className="space-y-1" aria-label="Secrets">
          {names.map((n) => (
            <li key={n} className="flex items-center justify-between rounded-md bg-muted px-3 py-1.5 text-sm">
              <span className="font-mono">{n}</span>
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Delete secret ${n}`}
                disabled={pending}
                onClick={() => apply({ [n]: null }, `Secret ${n} deleted`)}
              >
                <Trash2 aria-hidden="true" className="h-4 w-4" />
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No secrets yet.</p>
      )}
      <form
        aria-label="Set a secret"
        className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ [name.trim()]: value }, `Secret ${name.trim()} saved`);
        }}
      >
        <Field id="secret-name" label="Secret name" error={error}>
          <Input
            id="secret-name"
            value={name}
            placeholder="API_TOKEN"
            className="font-mono"
            onChange={(e) => setName(e.target.value.toUpperCase())}
            {...describedBy("secret-name", error)}
          />
        </Field>
        <Field id="secret-value" label="Value">
          <Input
            id="secret-value"
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
        <Button type="submit" disabled={pending || !name.trim() || !value}>
          Save secret
        </Button>
      </form>
    </div>
  );
}
