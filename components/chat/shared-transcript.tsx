"use client";

import { useMemo } from "react";
import { buildTree, visibleRows } from "./tree";
import { TurnBlock, type TurnContext } from "./turn-block";
import type { ChatMessage } from "./types";
import { UserMessage } from "./user-message";

const READ_ONLY: TurnContext = { models: new Map(), votes: {}, scores: {}, busy: false };

/** A shared conversation, read-only: the latest branch, rendered with the same safe markdown. */
export function SharedTranscript({ messages }: { messages: ChatMessage[] }) {
  const rows = useMemo(() => visibleRows(buildTree(messages), { branch: {}, turn: {} }), [messages]);
  if (rows.length === 0) {
    return (
      <p className="py-10 text-center text-sm text-muted-foreground">This conversation has no messages.</p>
    );
  }
  return (
    <div className="@container space-y-5">
      {rows.map((row) =>
        row.type === "user" ? (
          <UserMessage
            key={row.key}
            message={row.message}
            siblings={[row.message]}
            level={row.level}
            busy={false}
          />
        ) : row.type === "turn" ? (
          <TurnBlock
            key={row.key}
            userMessage={row.userMessage}
            turn={row.turn}
            turns={[row.turn]}
            ctx={READ_ONLY}
          />
        ) : null,
      )}
    </div>
  );
}
