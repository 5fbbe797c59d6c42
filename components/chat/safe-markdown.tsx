"use client";

import { code } from "@streamdown/code";
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
// Syntax highlighting (Shiki, bundled grammars loaded on demand; nothing fetched from other hosts).
const PLUGINS = { code };

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
      plugins={PLUGINS}
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
