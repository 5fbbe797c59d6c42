import { anthropicMessages } from "@/lib/api/anthropic-messages";
import { toResponse } from "@/lib/api/reply";

export const dynamic = "force-dynamic";

/**
 * Anthropic's Messages API over any Prism model. In production server.ts answers this path itself,
 * before Next.js (same handler); this route serves `next dev` and any other host.
 */
export async function POST(request: Request) {
  const reply = await anthropicMessages({
    authorization: request.headers.get("authorization"),
    header: (name) => request.headers.get(name),
    json: () => request.json(),
    signal: request.signal,
  });
  return toResponse(reply);
}
