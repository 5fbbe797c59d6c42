"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { describedBy } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { formatCount } from "@/components/ui/number-format";
import { creditsUsd } from "./format";

export const MIN_TOP_UP = 500;
const PRESETS = [500, 1_000, 2_500, 10_000];

/** Buy credits by card through Stripe Checkout; the browser goes to Stripe's page and comes back. */
export function TopUp() {
  const [credits, setCredits] = useState(String(1_000));
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const amount = Number(credits);
  const valid = Number.isInteger(amount) && amount >= MIN_TOP_UP;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid) {
      setError(`Enter a whole number of credits, at least ${formatCount(MIN_TOP_UP)}.`);
      return;
    }
    setError(undefined);
    setPending(true);
    try {
      const res = await fetch("/api/wallet/checkout", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ credits: amount }),
      });
      const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
      if (!res.ok || !body.url) {
        setError(body.error?.message?.replace(/^credits: /, "") ?? "The payment page could not be opened.");
        setPending(false);
        return;
      }
      window.location.assign(body.url);
    } catch {
      setError("The payment page could not be opened. Check your connection and try again.");
      setPending(false);
    }
  };

  return (
    <Card className="p-5" role="region" aria-labelledby="topup-heading">
      <h2 id="topup-heading" className="text-lg font-semibold">
        Top up
      </h2>
      <p className="mt-1 text-sm text-muted-foreground">
        Pay by card with Stripe. 100 credits = $1.00; at least {formatCount(MIN_TOP_UP)} credits.
      </p>
      <form className="mt-4 space-y-3" onSubmit={submit} aria-label="Top up credits" noValidate>
        <fieldset className="flex flex-wrap gap-2">
          <legend className="sr-only">Quick amounts</legend>
          {PRESETS.map((p) => (
            <Button
              key={p}
              size="sm"
              variant={amount === p ? "primary" : "outline"}
              aria-pressed={amount === p}
              onClick={() => {
                setCredits(String(p));
                setError(undefined);
              }}
            >
              {formatCount(p)}
            </Button>
          ))}
        </fieldset>
        <Field
          id="topup-credits"
          label="Credits"
          error={error}
          hint={valid ? `You pay ${creditsUsd(amount)}` : undefined}
        >
          <Input
            id="topup-credits"
            type="number"
            inputMode="numeric"
            min={MIN_TOP_UP}
            step={1}
            value={credits}
            onChange={(e) => setCredits(e.target.value)}
            {...describedBy("topup-credits", error, valid)}
          />
        </Field>
        <Button type="submit" disabled={pending} className="w-full sm:w-auto">
          {pending ? "Opening Stripe…" : valid ? `Pay ${creditsUsd(amount)}` : "Pay"}
        </Button>
      </form>
    </Card>
  );
}

/** Said instead of the form when this instance has no Stripe key: how credits arrive here. */
export function TopUpUnavailable({
  planName,
  allowance,
  isAdmin,
}: {
  planName: string;
  allowance: number;
  isAdmin: boolean;
}) {
  return (
    <Card className="p-5" role="region" aria-labelledby="topup-heading" data-testid="topup-unavailable">
      <h2 id="topup-heading" className="text-lg font-semibold">
        Top up
      </h2>
      <p className="mt-1 text-sm">Card top-ups are not configured on this instance.</p>
      <p className="mt-3 text-sm text-muted-foreground">Credits arrive in two ways instead:</p>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-muted-foreground">
        <li>
          {allowance > 0
            ? `your ${planName} plan's allowance of ${formatCount(allowance)} credits, added at the start of each month (UTC);`
            : `plan allowances (your ${planName} plan includes none);`}
        </li>
        <li>grants from an administrator, who can add credits to your wallet from Admin → Users.</li>
      </ul>
      {isAdmin ? (
        <p className="mt-3 text-xs text-muted-foreground">
          To take card payments, set <code className="font-mono">STRIPE_SECRET_KEY</code> and{" "}
          <code className="font-mono">STRIPE_WEBHOOK_SECRET</code> and point a Stripe webhook at{" "}
          <code className="font-mono">/api/stripe/webhook</code>.
        </p>
      ) : null}
    </Card>
  );
}
