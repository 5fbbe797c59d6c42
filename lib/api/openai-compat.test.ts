import { describe, expect, it } from "vitest";
import { chunkBody, contentEventWriter } from "./openai-compat";

describe("contentEventWriter", () => {
  it("writes exactly the event JSON.stringify(chunkBody) would, for any text", () => {
    const texts = ["", "plain", 'quo"te \\ back', "line\nbreak\ttab", "ünï 🙂 \u2028 \u0001", "</script>"];
    for (const withUsage of [false, true]) {
      const write = contentEventWriter("chatcmpl-1", 1_700_000_000, 'openai/"odd" model', withUsage);
      for (const content of texts) {
        const expected = `data: ${JSON.stringify(
          chunkBody(
            "chatcmpl-1",
            1_700_000_000,
            'openai/"odd" model',
            { content },
            null,
            withUsage ? null : undefined,
          ),
        )}\n\n`;
        expect(write(content)).toBe(expected);
        expect(JSON.parse(write(content).slice(6))).toEqual(JSON.parse(expected.slice(6)));
      }
    }
  });
});
