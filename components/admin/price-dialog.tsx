"use client";

import { X } from "lucide-react";
import { useRouter } from "next/navigation";
import { Dialog } from "radix-ui";
import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  modelPriceHistoryAction,
  type PriceForm,
  type PriceHistoryEntry,
  setModelPricingAction,
} from "@/app/admin/models/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import {
  describedBy,
  errorFor,
  type FormError,
  formLevelError,
  toFormError,
} from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { formatPrice } from "@/components/ui/number-format";
import { formatDateTime } from "@/lib/format";

export type PricedModel = {
  id: string;
  name: string;
  displayName: string;
  type: string;
  pricing: Record<string, number | undefined>;
};

const TOKEN_FIELDS = [
  ["input", "Input"],
  ["output", "Output"],
  ["cachedInput", "Cached input"],
  ["cacheWrite", "Cache write"],
] as const;
const VIDEO_FIELDS = [["perSecond", "Per second"]] as const;

function describePricing(p: Record<string, number | undefined>): string {
  const parts = [
    ...TOKEN_FIELDS.map(([k, label]) => [label, p[k]] as const),
    ["Per second", p.perSecond] as const,
  ].filter(([, v]) => v !== undefined);
  return parts.length ? parts.map(([label, v]) => `${label} ${formatPrice(v)}`).join(" · ") : "No price";
}

/** Edit a model's price (from now on) and look at the prices it had before. */
export function PriceDialog({ model, timezone }: { model: PricedModel; timezone: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<FormError>(null);
  const [history, setHistory] = useState<PriceHistoryEntry[] | null>(null);
  const [pending, start] = useTransition();
  const [loadingHistory, startHistory] = useTransition();
  const router = useRouter();
  const fields = model.type === "video" ? VIDEO_FIELDS : TOKEN_FIELDS;
  const id = (field: string) => `price-${model.id}-${field}`;
  useEffect(() => {
    if (error?.field) document.getElementById(`price-${model.id}-${error.field}`)?.focus();
  }, [error, model.id]);
  const topError = formLevelError(
    error,
    fields.map(([k]) => k),
  );

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setError(null);
          setHistory(null);
        }
      }}
    >
      <Dialog.Trigger asChild>
        <Button size="sm" variant="outline" aria-label={`Edit price of ${model.name}`}>
          Edit price
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[90dvh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border bg-card p-6 shadow-xl focus:outline-none">
          <Dialog.Title className="pr-8 text-lg font-semibold">Price of {model.displayName}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-muted-foreground">
            {model.type === "video" ? "USD per second of video." : "USD per million tokens."} Leave a field
            empty when the model has no such price. Calls already made keep the price they were charged.
          </Dialog.Description>
          <Dialog.Close asChild>
            <Button variant="ghost" size="icon" aria-label="Close" className="absolute right-3 top-3">
              <X aria-hidden="true" className="h-4 w-4" />
            </Button>
          </Dialog.Close>
          <form
            className="mt-4 space-y-4"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const data = new FormData(e.currentTarget);
              const pricing: PriceForm = {};
              for (const [k] of fields) pricing[k] = String(data.get(k) ?? "");
              start(async () => {
                const res = await setModelPricingAction({ modelId: model.id, pricing });
                if (res.ok) {
                  toast.success(`Price of ${model.name} saved`);
                  setOpen(false);
                  setError(null);
                  router.refresh();
                } else {
                  setError(toFormError(res.error));
                }
              });
            }}
          >
            {topError ? (
              <p role="alert" className="text-sm text-danger">
                {topError}
              </p>
            ) : null}
            <div className="grid gap-4 sm:grid-cols-2">
              {fields.map(([k, label]) => {
                const fieldError = errorFor(error, k);
                return (
                  <Field key={k} id={id(k)} label={`${label} (USD)`} error={fieldError}>
                    <Input
                      id={id(k)}
                      name={k}
                      inputMode="decimal"
                      autoComplete="off"
                      defaultValue={model.pricing[k] === undefined ? "" : String(model.pricing[k])}
                      {...describedBy(id(k), fieldError)}
                    />
                  </Field>
                );
              })}
            </div>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={pending}>
                {pending ? "Saving…" : "Save price"}
              </Button>
              <Dialog.Close asChild>
                <Button variant="ghost">Cancel</Button>
              </Dialog.Close>
            </div>
          </form>
          <section aria-label="Price history" className="mt-6 border-t pt-4">
            {history === null ? (
              <Button
                variant="outline"
                size="sm"
                disabled={loadingHistory}
                onClick={() =>
                  startHistory(async () => {
                    const res = await modelPriceHistoryAction({ modelId: model.id });
                    if (res.ok) setHistory([...res.data].reverse());
                    else toast.error(res.error.message);
                  })
                }
              >
                {loadingHistory ? "Loading…" : "Show price history"}
              </Button>
            ) : history.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                No price changes recorded yet: the model still has its list price.
              </p>
            ) : (
              <ol className="space-y-2 text-sm" data-testid="price-history">
                {history.map((h, i) => (
                  <li key={h.effectiveFrom} className="rounded-md bg-muted/60 px-3 py-2">
                    <span className="block text-xs text-muted-foreground">
                      From {formatDateTime(new Date(h.effectiveFrom), timezone)}
                      {i === 0 ? " (current)" : ""}
                    </span>
                    {describePricing(h.pricing)}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
