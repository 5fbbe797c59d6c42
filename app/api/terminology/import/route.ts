import { z } from "zod";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current";
import { requestContextFrom } from "@/lib/auth/request-context";
import { AppError, errorBody, errorResponse, parseInput, toAppError } from "@/lib/errors";
import { applyImport, planImport } from "@/lib/terminology/import";
import { IMPORT_MAX_BYTES, parseImport } from "@/lib/terminology/io";

export const dynamic = "force-dynamic";

const query = z.object({
  mode: z.enum(["preview", "skip", "all"], { error: "mode must be preview, skip or all" }),
  format: z.enum(["csv", "json"], { error: "format must be csv or json" }).optional(),
});

/** Room for the multipart envelope (boundaries, part headers) around a file of the maximum size. */
const ENVELOPE_BYTES = 64 * 1024;
const MB = 1024 * 1024;

function tooLarge(bytes?: number): Response {
  const size = bytes ? ` (${(bytes / MB).toFixed(1)} MB)` : "";
  const err = new AppError(
    "bad_request",
    `file: the file is too large${size}; the limit is ${IMPORT_MAX_BYTES / MB} MB. Split it into smaller files.`,
    { field: "file", details: { maxBytes: IMPORT_MAX_BYTES } },
  );
  return Response.json(errorBody(err), { status: 413 });
}

/** The request body, or null when it is longer than `cap` (reading stops there). */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  cap: number,
): Promise<Uint8Array[] | null> {
  if (!body) return [];
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    length += value.byteLength;
    if (length > cap) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
}

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/**
 * Dictionary import. `mode=preview` answers what would be created, updated and rejected (a dry
 * run, JSON); `mode=skip|all` writes and streams NDJSON: `{"type":"progress","done","total"}`
 * lines, then `{"type":"done",...}` or `{"type":"error","message","errors"}`. The file comes as
 * multipart field `file`; size is checked before it is parsed.
 */
export async function POST(request: Request) {
  try {
    const actor = await requireActor();
    const { mode, format } = parseInput(query, Object.fromEntries(new URL(request.url).searchParams));
    const cap = IMPORT_MAX_BYTES + ENVELOPE_BYTES;
    const declared = Number(request.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > cap) return tooLarge(declared);
    const type = request.headers.get("content-type") ?? "";
    if (!type.toLowerCase().startsWith("multipart/form-data")) {
      throw new AppError(
        "bad_request",
        "file: send the file as multipart/form-data in a field named “file”.",
        {
          field: "file",
        },
      );
    }
    const body = await readCapped(request.body, cap);
    if (!body) return tooLarge();
    let form: FormData;
    try {
      form = await new Response(new Blob(body as BlobPart[]), {
        headers: { "content-type": type },
      }).formData();
    } catch {
      throw new AppError("bad_request", "file: the upload could not be read as multipart/form-data.", {
        field: "file",
      });
    }
    const file = form.get("file");
    if (!(file instanceof File)) {
      throw new AppError("validation_failed", "file: choose a CSV or JSON file to import.", {
        field: "file",
      });
    }
    if (file.size > IMPORT_MAX_BYTES) return tooLarge(file.size);
    const parsed = parseImport({
      bytes: new Uint8Array(await file.arrayBuffer()),
      filename: file.name,
      format,
    });
    if (!parsed.ok) {
      throw new AppError("validation_failed", `file: ${sentence(parsed.message)}`, { field: "file" });
    }
    const db = await getDb();
    if (mode === "preview") return Response.json(await planImport(db, actor, parsed));

    const ctx = requestContextFrom(request.headers);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        // The import finishes (or rolls back) even when the browser goes away mid-way.
        const send = (line: Record<string, unknown>) => {
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {}
        };
        send({ type: "progress", done: 0, total: parsed.rows.length });
        try {
          const result = await applyImport(db, actor, parsed, mode, ctx, (done, total) =>
            send({ type: "progress", done, total }),
          );
          send({ type: "done", ...result });
        } catch (err) {
          const e = toAppError(err);
          const errors = Array.isArray(e.details?.errors) ? e.details.errors : [];
          send({ type: "error", code: e.code, message: e.message, errors });
        }
        try {
          controller.close();
        } catch {}
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
