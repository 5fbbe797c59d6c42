import { z } from "zod";
import { getDb } from "@/db/client";
import { getGateway } from "@/lib/ai";
import { requireActor } from "@/lib/auth/current";
import { ChatRunner, type Job, type TurnEvent } from "@/lib/chat/turn";
import { errorResponse, parseInput } from "@/lib/errors";

export const dynamic = "force-dynamic";

const body = z
  .object({
    action: z.enum(["send", "regenerate", "fuse"], { error: "action must be send, regenerate or fuse" }),
  })
  .passthrough();

/**
 * One chat action as a stream of server-sent events (TurnEvent). Refusals (bad input, someone
 * else's conversation, plan limits) are answered with a 4xx before anything streams; closing the
 * request stops every model of the turn.
 */
export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const input = parseInput(body, await request.json().catch(() => ({})));
    const runner = new ChatRunner(await getDb(), await getGateway(), actor);
    const job: Job =
      input.action === "send"
        ? await runner.send(input)
        : input.action === "regenerate"
          ? await runner.regenerate(input)
          : await runner.fuse(input);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const emit = (event: TurnEvent) => {
          try {
            controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
          } catch {
            // The browser went away; the job keeps saving what it has.
          }
        };
        try {
          await job(emit, request.signal);
        } catch (err) {
          console.error("[prism] chat turn failed", err);
          emit({
            type: "error",
            message: "The turn failed unexpectedly. What was answered so far is saved.",
          });
        } finally {
          try {
            controller.close();
          } catch {}
        }
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
