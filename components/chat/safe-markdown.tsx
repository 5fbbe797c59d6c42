"use client";

import { memo } from "react";
import { defaultRehypePlugins, defaultUrlTransform, Streamdown } from "streamdown";
import { cn } from "@/lib/utils";

/**
 * Streamdown's defaults parse raw HTML (rehype-raw). Model output and user text are untrusted, so
 * the raw plugin is left out: HTML in a reply stays literal text, while sanitize (drops
 * `javascript:` links and unknown attributes) and harden still run. Passing the URL transform
 * explicitly also makes Streamdown turn leftover raw HTML nodes into text instead of dropping them.
 */
const { raw: _raw, ...safePlugins } = defaultRehypePlugins;
const SAFE_REHYPE_PLUGINS = Object.values(safePlugins);

export const SafeMarkdown = memo(function SafeMarkdown({
  children,
  streaming = false,
  className,
}: {
  children: string;
  streaming?: boolean;
  className?: string;
}) {
  return (
    <Streamdown
      rehypePlugins={SAFE_REHYPE_PLUGINS}
      urlTransform={defaultUrlTransform}
      mode={streaming ? "streaming" : "static"}
      isAnimating={streaming}
      caret={streaming ? "block" : undefined}
      lineNumbers={false}
      className={cn("chat-markdown min-w-0 break-words text-sm leading-relaxed", className)}
    >
      {children}
    </Streamdown>
  );
});
