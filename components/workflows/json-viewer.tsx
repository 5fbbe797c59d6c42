/** A value as indented JSON (text is shown as is), scrollable; labelled for screen readers. */
export function JsonViewer({ value, label }: { value: unknown; label: string }) {
  const text =
    value === undefined || value === null
      ? "—"
      : typeof value === "string"
        ? value
        : JSON.stringify(value, null, 2);
  return (
    <pre
      role="region"
      aria-label={label}
      className="max-h-72 overflow-auto whitespace-pre-wrap break-words rounded-md bg-muted/50 p-2 font-mono text-xs"
    >
      {text}
    </pre>
  );
}
