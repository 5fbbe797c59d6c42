import { chatCompletions } from "@/lib/api/chat-completions";
import { toResponse } from "@/lib/api/reply";

export const dynamic = "force-dynamic";

/**
 * OpenAI-compatible Chat Completions. In production server.ts answers this path itself, before
 * Next.js (same handler, less overhead per call); this route serves `next dev` and any other host.
 */
export async function POST(request: Request) {
  const reply = await chatCompletions({
    authorization: request.headers.get("authorization"),
    header: (name) => request.headers.get(name),
    json: () => request.json(),
    signal: request.signal,
  });
  return toResponse(reply);
}
