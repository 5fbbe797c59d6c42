"use client";

import { useRouter } from "next/navigation";
import { Switch } from "radix-ui";
import { useTransition } from "react";
import { toast } from "sonner";
import { setModelActiveAction } from "@/app/admin/models/actions";

/** Enables or disables a model; a disabled model is not offered to users. */
export function ModelActiveSwitch({ model }: { model: { id: string; name: string; active: boolean } }) {
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <Switch.Root
      checked={model.active}
      disabled={pending}
      aria-label={`${model.name} enabled`}
      onCheckedChange={(active) =>
        start(async () => {
          const res = await setModelActiveAction({ modelId: model.id, active });
          if (res.ok) toast.success(`${model.name} ${active ? "enabled" : "disabled"}`);
          else toast.error(res.error.message);
          router.refresh();
        })
      }
      className="relative inline-flex h-5 w-9 shrink-0 items-center rounded-full bg-input transition-colors disabled:opacity-50 data-[state=checked]:bg-primary"
    >
      <Switch.Thumb className="block h-4 w-4 translate-x-0.5 rounded-full bg-card shadow transition-transform data-[state=checked]:translate-x-[18px]" />
    </Switch.Root>
  );
}
