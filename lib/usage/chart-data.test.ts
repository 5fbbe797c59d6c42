import { describe, expect, it } from "vitest";
import { bucketsBetween, pivot, rateSeries, toCsv } from "./chart-data";

describe("chart data", () => {
  it("lists day buckets in the viewer's time zone", () => {
    const b = bucketsBetween(
      new Date("2026-03-01T00:00:00Z"),
      new Date("2026-03-04T00:00:00Z"),
      "day",
      "America/New_York",
    );
    expect(b).toEqual([
      "2026-02-28T00:00:00",
      "2026-03-01T00:00:00",
      "2026-03-02T00:00:00",
      "2026-03-03T00:00:00",
    ]);
    expect(
      bucketsBetween(new Date("2026-03-02T00:00:00Z"), new Date("2026-03-16T00:00:00Z"), "week", "UTC"),
    ).toEqual(["2026-03-02T00:00:00", "2026-03-09T00:00:00"]);
  });

  it("lists every local day, week and month across clock changes and year ends, as date_trunc does", () => {
    // Europe/Berlin: 29 March 2026 has 23 hours, 25 October 25 hours.
    const spring = bucketsBetween(
      new Date("2026-03-27T22:30:00Z"),
      new Date("2026-03-31T05:00:00Z"),
      "day",
      "Europe/Berlin",
    );
    expect(spring).toEqual([
      "2026-03-27T00:00:00",
      "2026-03-28T00:00:00",
      "2026-03-29T00:00:00",
      "2026-03-30T00:00:00",
      "2026-03-31T00:00:00",
    ]);
    expect(
      bucketsBetween(
        new Date("2026-10-24T21:59:00Z"),
        new Date("2026-10-25T23:00:00Z"),
        "day",
        "Europe/Berlin",
      ),
    ).toEqual(["2026-10-24T00:00:00", "2026-10-25T00:00:00"]);
    // Week of 29 Dec 2025 (a Monday) to the week of 5 Jan 2026, in Tokyo.
    expect(
      bucketsBetween(
        new Date("2025-12-31T15:00:00Z"),
        new Date("2026-01-05T15:00:00Z"),
        "week",
        "Asia/Tokyo",
      ),
    ).toEqual(["2025-12-29T00:00:00", "2026-01-05T00:00:00"]);
    expect(
      bucketsBetween(
        new Date("2025-11-30T12:00:00Z"),
        new Date("2026-02-01T00:00:00Z"),
        "month",
        "America/Los_Angeles",
      ),
    ).toEqual(["2025-11-01T00:00:00", "2025-12-01T00:00:00", "2026-01-01T00:00:00"]);
    expect(
      bucketsBetween(new Date("2026-01-02T00:00:00Z"), new Date("2026-01-02T00:00:00Z"), "day", "UTC"),
    ).toEqual([]);
  });

  it("pivots rows into series, keeps gaps as gaps, and groups the tail as Other", () => {
    const buckets = ["d1", "d2", "d3"];
    const rows = [
      { bucket: "d1", model: "a", requests: 5 },
      { bucket: "d3", model: "a", requests: 1 },
      { bucket: "d1", model: "b", requests: 2 },
      { bucket: "d2", model: "c", requests: 1 },
    ];
    const { data, series } = pivot(rows, {
      dimension: "model",
      metric: "requests",
      buckets,
      labels: { a: "Model A" },
      top: 2,
    });
    expect(series).toEqual([
      { key: "a", label: "Model A" },
      { key: "b", label: "b" },
      { key: "__other", label: "Other" },
    ]);
    expect(data).toEqual([
      { bucket: "d1", a: 5, b: 2 },
      { bucket: "d2", __other: 1 },
      { bucket: "d3", a: 1 },
    ]);
    expect(data[1]?.a).toBeUndefined();
  });

  it("computes rates per bucket with gaps where there was no traffic", () => {
    const points = rateSeries([{ bucket: "d1", errors: 1, requests: 4 }], ["d1", "d2"], "errors", "requests");
    expect(points).toEqual([
      { bucket: "d1", rate: 0.25 },
      { bucket: "d2", rate: undefined },
    ]);
  });

  it("writes CSV safely (quotes, commas, formula injection)", () => {
    const csv = toCsv(
      [
        { key: "name", label: "Name" },
        { key: "cost", label: "Cost" },
      ],
      [
        { name: 'He said "hi", twice', cost: "0.100000" },
        { name: "=HYPERLINK(1)", cost: null },
      ],
    );
    expect(csv).toBe('Name,Cost\r\n"He said ""hi"", twice",0.100000\r\n"=HYPERLINK(1)",');
  });
});
