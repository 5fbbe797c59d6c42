"use client";

import { useQuery } from "@tanstack/react-query";
import { suggestionsAction } from "@/app/(app)/insights/actions";
import type { Suggestions } from "@/lib/learning/suggestions";

export const SUGGESTIONS_KEY = ["learning-suggestions"] as const;

/**
 * What was learned, for the chat UI: suggested models, the "Best quality" / "Best value" presets and
 * the default fuser. Null while loading, on failure, or with learning off (nothing is suggested then).
 * `enabled` lets the model picker ask only once it is opened.
 */
export function useSuggestions(enabled = true): Suggestions | null {
  const q = useQuery({
    queryKey: SUGGESTIONS_KEY,
    queryFn: async () => {
      const res = await suggestionsAction({});
      return res.ok ? res.data : null;
    },
    enabled,
    staleTime: 60_000,
  });
  return q.data?.enabled ? q.data : null;
}
