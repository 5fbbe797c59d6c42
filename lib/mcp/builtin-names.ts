/** Prism's built-in tools (no server needed), named prism__<name> for models. Safe to import anywhere. */
export const BUILTIN_TOOLS = ["terminology_lookup", "fetch_page"] as const;
export type BuiltinTool = (typeof BUILTIN_TOOLS)[number];

export const BUILTIN_LABELS: Record<BuiltinTool, { label: string; description: string }> = {
  terminology_lookup: { label: "Terminology lookup", description: "Looks terms up in your dictionary." },
  fetch_page: { label: "Web page fetch", description: "Reads the text of a public web page." },
};
