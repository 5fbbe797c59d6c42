import { z } from "zod";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { ConversationModel } from "@/lib/chat/conversations";
import { toJson, toMarkdown } from "@/lib/chat/export";
import { errorResponse, parseInput } from "@/lib/errors";

/** Download as Markdown (default) or JSON. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    const { format } = parseInput(
      z.object({ format: z.enum(["md", "json"], { error: "format must be md or json" }).default("md") }),
      Object.fromEntries(new URL(request.url).searchParams),
    );
    const model = new ConversationModel(await getDb(), actor.id);
    const conversation = await model.get(id);
    const messages = await model.messages(id);
    const base =
      (conversation.title ?? "conversation")
        .replace(/[^\p{L}\p{N}]+/gu, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 60) || "conversation";
    if (format === "json") {
      return new Response(JSON.stringify(toJson(conversation, messages), null, 2), {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="${base}.json"`,
        },
      });
    }
    return new Response(toMarkdown(conversation, messages), {
      headers: {
        "content-type": "text/markdown; charset=utf-8",
        "content-disposition": `attachment; filename="${base}.md"`,
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
