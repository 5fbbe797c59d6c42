import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeEachEngine } from "@/lib/testing/db";
import { listenForStops, publishStop, registerStream, stopStream, unregisterStream } from "./active";

/**
 * Stopping a column from any instance: locally when the stream runs here, else published on
 * Postgres (NOTIFY, on a pooled connection) and acted on by the instance that LISTENs (its own
 * connection), which checks the owner again.
 */
describeEachEngine("stopping a stream from any instance", ({ db, database }) => {
  it("stops a stream running here at once", async () => {
    const id = randomUUID();
    const controller = registerStream(id, "alice");
    expect(await stopStream(db(), id, "alice")).toBe("here");
    expect(controller.signal.aborted).toBe(true);
    unregisterStream(id);
  });

  it("publishes a stop for a stream that is not here", async () => {
    expect(await stopStream(db(), randomUUID(), "alice")).toBe("elsewhere");
  });

  it("the listening instance aborts the stream a published stop names, for its owner only", async () => {
    const unlisten = await listenForStops(database());
    try {
      const id = randomUUID();
      const controller = registerStream(id, "alice");
      await publishStop(db(), id, "mallory");
      await publishStop(db(), randomUUID(), "alice");
      // Give both notifications time to arrive: neither names alice's stream with its owner.
      await new Promise((r) => setTimeout(r, 300));
      expect(controller.signal.aborted).toBe(false);
      await publishStop(db(), id, "alice");
      await expect.poll(() => controller.signal.aborted, { timeout: 5_000 }).toBe(true);
      unregisterStream(id);
    } finally {
      await unlisten();
    }
  });
});
