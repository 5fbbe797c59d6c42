"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, Loader2, RefreshCw } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { Row } from "./tree";
import { TurnBlock, type TurnContext } from "./turn-block";
import { UserMessage, type UserMessageActions } from "./user-message";

/** Closer to the bottom than this (px) counts as "following the stream". */
const STICK_THRESHOLD = 80;

function PendingRow({ sending, onRegenerate }: { sending: boolean; onRegenerate?: () => void }) {
  if (sending) {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
        <Loader2 aria-hidden="true" className="h-4 w-4 animate-spin motion-reduce:animate-none" />
        Waiting for the models…
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
      No answer was saved for this prompt.
      {onRegenerate ? (
        <Button variant="outline" size="sm" onClick={onRegenerate}>
          <RefreshCw aria-hidden="true" className="h-4 w-4" /> Ask again
        </Button>
      ) : null}
    </div>
  );
}

/**
 * The shown path of the conversation, virtualized (rows have measured, changing heights) so a
 * 1,000-message conversation renders only what is on screen. It follows streaming answers to the
 * bottom unless the user scrolled up; "Jump to latest" brings them back.
 */
export function Transcript({
  rows,
  ctx,
  userActions,
  sending,
  onRegeneratePending,
  followSignal,
}: {
  rows: Row[];
  ctx: TurnContext;
  userActions?: UserMessageActions;
  sending: boolean;
  onRegeneratePending?: (userMessageId: string) => void;
  /** Changes when the user sends: scroll to the bottom and follow again. */
  followSignal: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const innerRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [away, setAway] = useState(false);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.type === "turn" ? 320 : 72),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 4,
    paddingStart: 24,
    paddingEnd: 24,
  });

  const toBottom = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  // Start at the latest message, and keep there while heights settle and answers grow.
  useLayoutEffect(() => {
    const inner = innerRef.current;
    if (!inner) return;
    toBottom();
    const observer = new ResizeObserver(() => {
      if (stick.current) toBottom();
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, [toBottom]);

  useEffect(() => {
    if (followSignal === 0) return;
    stick.current = true;
    setAway(false);
    toBottom();
  }, [followSignal, toBottom]);

  // Only the user scrolling up stops the follow; scrolls the page makes itself (following, or the
  // virtualizer keeping rows in place as they are measured) never do.
  const lastTop = useRef(0);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_THRESHOLD;
    const movedUp = el.scrollTop < lastTop.current - 2;
    lastTop.current = el.scrollTop;
    if (near) stick.current = true;
    else if (movedUp) stick.current = false;
    setAway(!near && !stick.current);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        data-testid="transcript"
        className="@container h-full overflow-y-auto overscroll-contain"
      >
        <div
          ref={innerRef}
          role="region"
          aria-label="Conversation"
          className="relative mx-auto w-full max-w-7xl"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute left-0 top-0 w-full px-3 pb-5 sm:px-6"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.type === "user" ? (
                  <UserMessage
                    message={row.message}
                    siblings={row.siblings}
                    level={row.level}
                    busy={sending}
                    actions={userActions}
                  />
                ) : row.type === "turn" ? (
                  <TurnBlock userMessage={row.userMessage} turn={row.turn} turns={row.turns} ctx={ctx} />
                ) : (
                  <PendingRow
                    sending={sending}
                    onRegenerate={
                      onRegeneratePending ? () => onRegeneratePending(row.userMessage.id) : undefined
                    }
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {away ? (
        <Button
          variant="outline"
          size="sm"
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full shadow-md"
          onClick={() => {
            stick.current = true;
            setAway(false);
            toBottom();
          }}
        >
          <ArrowDown aria-hidden="true" className="h-4 w-4" /> Jump to latest
        </Button>
      ) : null}
    </div>
  );
}
