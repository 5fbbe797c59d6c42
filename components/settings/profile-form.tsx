"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { updateProfileAction } from "@/app/(app)/settings/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";

export function ProfileForm({
  initial,
  email,
  role,
  timezones,
}: {
  initial: { name: string; timezone: string };
  email: string;
  role: string;
  timezones: string[];
}) {
  const [name, setName] = useState(initial.name);
  const [timezone, setTimezone] = useState(initial.timezone);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();

  return (
    <Card className="p-6">
      <form
        className="max-w-md space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const res = await updateProfileAction({ name, timezone });
            if (res.ok) {
              setError(null);
              toast.success("Profile saved");
              router.refresh();
            } else {
              setError({ field: res.error.field, message: res.error.message });
              toast.error(res.error.message);
            }
          });
        }}
      >
        <Field id="email" label="Email" hint={`Role: ${role}`}>
          <Input id="email" value={email} disabled readOnly />
        </Field>
        <Field id="name" label="Name" error={error?.field === "name" ? error.message : undefined}>
          <Input
            id="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={error?.field === "name"}
            required
          />
        </Field>
        <Field
          id="timezone"
          label="Time zone"
          hint="Usage charts bucket days in this time zone."
          error={error?.field === "timezone" ? error.message : undefined}
        >
          <Select id="timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {timezones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </Button>
      </form>
    </Card>
  );
}
