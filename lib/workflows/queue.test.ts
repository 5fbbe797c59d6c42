import { expect, it } from "vitest";
import { describeEachEngine } from "@/lib/testing/db";
import { JobQueue, QUEUES } from "./queue";

describeEachEngine("pg-boss spike", ({ database }) => {
  it("sends, fetches, completes", async () => {
    const t0 = Date.now();
    const dd = database();
    const q = await JobQueue.start(dd, { supervise: true });
    console.log("start ms", Date.now() - t0);
    await database().db.transaction(async (tx) => {
      await q.send(QUEUES.step, { stepRunId: "a" }, { tx });
      await q.sendMany(
        QUEUES.step,
        [
          { data: { stepRunId: "b" } },
          { data: { stepRunId: "c" }, startAfter: new Date(Date.now() + 60000) },
        ],
        tx,
      );
    });
    const jobs = await q.fetch<{ stepRunId: string }>(QUEUES.step, 10);
    expect(jobs.map((j) => j.data.stepRunId).sort()).toEqual(["a", "b"]);
    await database().db.transaction(async (tx) => {
      await q.complete(
        QUEUES.step,
        jobs.map((j) => j.id),
        tx,
      );
    });
    expect(await q.fetch(QUEUES.step, 10)).toEqual([]);
    const a = await q.send(QUEUES.maintenance, {}, { singletonKey: "reap" });
    const b = await q.send(QUEUES.maintenance, {}, { singletonKey: "reap" });
    expect(a).toBeTruthy();
    expect(b).toBeNull();
    const n = 500;
    const t1 = Date.now();
    for (let i = 0; i < n; i += 50) {
      await database().db.transaction(async (tx) => {
        await q.sendMany(
          QUEUES.step,
          Array.from({ length: 50 }, (_, k) => ({ data: { stepRunId: `x${i + k}` } })),
          tx,
        );
      });
    }
    let got = 0;
    while (got < n) {
      const js = await q.fetch(QUEUES.step, 50);
      if (!js.length) break;
      got += js.length;
      await q.complete(
        QUEUES.step,
        js.map((j) => j.id),
      );
    }
    console.log("500 jobs ms", Date.now() - t1, got);
    await q.stop();
  });
});
