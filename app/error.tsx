"use client";

import { Button } from "@/components/ui/button";

/** Shown when a page fails to render; the server logged the details, the browser gets none. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-muted-foreground">We could not show this page. Please try again.</p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
