import { getDb } from "@/db/client";
import { errorResponse } from "@/lib/errors";
import { receiveWebhook, WEBHOOK_MAX_BYTES } from "@/lib/workflows/api";
import { getQueue } from "@/lib/workflows/runtime";

export const dynamic = "force-dynamic";

/** A workflow's webhook trigger (Standard Webhooks signatures, checked on the raw body). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > WEBHOOK_MAX_BYTES) {
      return Response.json({ error: `The body is larger than ${WEBHOOK_MAX_BYTES} bytes.` }, { status: 413 });
    }
    const raw = Buffer.from(await request.arrayBuffer());
    if (raw.length > WEBHOOK_MAX_BYTES) {
      return Response.json({ error: `The body is larger than ${WEBHOOK_MAX_BYTES} bytes.` }, { status: 413 });
    }
    const result = await receiveWebhook(await getDb(), await getQueue(), id, request.headers, raw);
    return Response.json(result.body, { status: result.status });
  } catch (err) {
    return errorResponse(err);
  }
}
