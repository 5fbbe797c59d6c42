import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="text-muted-foreground">It may have moved, or you may not have access to it.</p>
      <Link href="/" className="mt-2 text-sm font-medium text-primary underline-offset-4 hover:underline">
        Back to Prism
      </Link>
    </main>
  );
}
