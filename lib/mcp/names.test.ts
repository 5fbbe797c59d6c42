import { describe, expect, it } from "vitest";
import { namespacedName, TOOL_NAME } from "./names";

describe("namespaced tool names", () => {
  it("keeps a clean pair as server__tool", () => {
    expect(namespacedName("weather", "forecast")).toBe("weather__forecast");
  });
  it("sanitises other characters and keeps sanitised names apart", () => {
    const a = namespacedName("my server", "get.thing");
    const b = namespacedName("my_server", "get_thing");
    expect(a).toMatch(TOOL_NAME);
    expect(a.startsWith("my_server__get_thing_")).toBe(true);
    expect(a).not.toBe(b);
  });
  it("hash-truncates long names to 64 characters, distinct per pair", () => {
    const long = "t".repeat(80);
    const a = namespacedName("srv", `${long}a`);
    const b = namespacedName("srv", `${long}b`);
    expect(a).toMatch(TOOL_NAME);
    expect(b).toMatch(TOOL_NAME);
    expect(a).not.toBe(b);
    expect(a.endsWith("__x")).toBe(false);
  });
});
