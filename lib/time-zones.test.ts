import { describe, expect, it } from "vitest";
import { isTimeZone } from "./time-zones";

describe("isTimeZone", () => {
  it("accepts listed zones and the current IANA names browsers report", () => {
    for (const tz of [
      "UTC",
      "Europe/Berlin",
      "America/Argentina/Buenos_Aires",
      "Asia/Kolkata",
      "Europe/Kyiv",
      "Etc/GMT+5",
    ])
      expect(isTimeZone(tz), tz).toBe(true);
  });
  it("refuses unknown names, offsets and abbreviations", () => {
    for (const tz of [
      "Mars/Olympus",
      "+05:30",
      "-08:00",
      "EST",
      "utc+2",
      "",
      "Europe/",
      "../etc/passwd",
      // Legacy names PostgreSQL's zone data may lack (Intl still resolves them).
      "US/Pacific-New",
      "SystemV/EST5",
    ])
      expect(isTimeZone(tz), tz).toBe(false);
  });
});
