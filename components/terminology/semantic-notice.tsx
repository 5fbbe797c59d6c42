import Link from "next/link";

/** Which rankings a search uses: says plainly when meaning search is off or failed, and where to fix it. */
export function SemanticNotice({
  id,
  status,
  error,
}: {
  id: string;
  status: "on" | "off" | "failed";
  error?: string;
}) {
  if (status === "on") {
    return (
      <p id={id} className="text-xs text-muted-foreground">
        Matches words, misspellings and meaning.
      </p>
    );
  }
  if (status === "failed") {
    return (
      <p id={id} role="status" className="rounded-md bg-warning/20 px-3 py-2 text-xs">
        Meaning search failed{error ? `: ${error}` : ""}. These results match words and misspellings only.{" "}
        <Link href="/settings/terminology" className="font-medium underline">
          Embedding settings
        </Link>
      </p>
    );
  }
  return (
    <p
      id={id}
      className="rounded-md bg-muted px-3 py-2 text-xs text-muted-foreground"
      data-testid="lexical-only"
    >
      Search is lexical only (words and misspellings): no embedding model is configured.{" "}
      <Link href="/settings/terminology" className="font-medium text-primary underline">
        Choose an embedding model
      </Link>{" "}
      to also find terms by meaning.
    </p>
  );
}
