import Link from "next/link";

/** The "← Terminology" breadcrumb above the dictionary's sub-pages. */
export function BackToDictionary() {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm">
      <Link href="/terminology" className="text-muted-foreground hover:text-foreground hover:underline">
        ← Terminology
      </Link>
    </nav>
  );
}
