"use client";

import { code } from "@streamdown/code";
import { memo, useMemo } from "react";
import { defaultRehypePlugins, defaultUrlTransform, Streamdown, type StreamdownProps } from "streamdown";
import { cn } from "@/lib/utils";
import { rehypeTermMarks, type TermMark } from "./term-marks";

type Plugins = NonNullable<StreamdownProps["rehypePlugins"]>;

/**
 * Streamdown's defaults parse raw HTML (rehype-raw). Model output and user text are untrusted, so
 * the raw plugin is left out: HTML in a reply stays literal text, while sanitize (drops
 * `javascript:` links and unknown attributes) and harden still run. Passing the URL transform
 * explicitly also makes Streamdown turn leftover raw HTML nodes into text instead of dropping them.
 */
const { raw: _raw, ...safePlugins } = defaultRehypePlugins;
const SAFE_REHYPE_PLUGINS: Plugins = Object.values(safePlugins);
// Syntax highlighting (Shiki, bundled grammars loaded on demand; nothing fetched from other hosts).
const PLUGINS = { code };

export const SafeMarkdown = memo(function SafeMarkdown({
  children,
  streaming = false,
  className,
  marks,
}: {
  children: string;
  streaming?: boolean;
  className?: string;
  /** Terms to mark in the rendered text (after sanitizing; see term-marks.ts). Keep the array stable. */
  marks?: TermMark[];
}) {
  const rehypePlugins = useMemo<Plugins>(
    () =>
      marks?.length
        ? [...SAFE_REHYPE_PLUGINS, [rehypeTermMarks, { marks }] as Plugins[number]]
        : SAFE_REHYPE_PLUGINS,
    [marks],
  );
  return (
    <Streamdown
      rehypePlugins={rehypePlugins}
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
