import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TermCheck } from "@/lib/terminology/match";
import { SafeMarkdown } from "./safe-markdown";
import { markMatcher, splitMarks, type TermMark, termMarks } from "./term-marks";

const check: TermCheck = {
  version: 1,
  score: 0.5,
  items: [
    {
      entryId: "e1",
      term: "color",
      status: "forbidden_used",
      spans: [{ start: 0, end: 5, text: "color" }],
      forbidden: [{ start: 10, end: 16, text: "colour", replacement: "color" }],
    },
    {
      entryId: "e2",
      term: "API",
      status: "used",
      spans: [{ start: 20, end: 23, text: "API" }],
      forbidden: [],
    },
    { entryId: "e3", term: "tenant", status: "missing", spans: [], forbidden: [] },
  ],
};

const render = (text: string, marks: TermMark[]) =>
  renderToStaticMarkup(createElement(SafeMarkdown, { marks } as ComponentProps<typeof SafeMarkdown>, text));

describe("term marks", () => {
  it("lists forbidden words with their replacement, then used terms, once each", () => {
    expect(termMarks(check)).toEqual([
      { text: "colour", kind: "forbidden", title: "Use “color” instead" },
      { text: "color", kind: "used", title: "“color”, from your dictionary" },
      { text: "API", kind: "used", title: "“API”, from your dictionary" },
    ]);
    expect(termMarks(null)).toEqual([]);
  });

  it("matches whole words only, in any script, longest first", () => {
    const marks = termMarks(check);
    const re = markMatcher(marks) as RegExp;
    const pieces = splitMarks("colours, colour (API) and color. APIs", re, marks);
    expect(pieces).toEqual([
      "colours, ",
      { mark: marks[0], text: "colour" },
      " (",
      { mark: marks[2], text: "API" },
      ") and ",
      { mark: marks[1], text: "color" },
      ". APIs",
    ]);
    const jp: TermMark[] = [{ text: "API", kind: "used", title: "t" }];
    expect(splitMarks("APIキー", markMatcher(jp) as RegExp, jp)).toEqual([
      { mark: jp[0], text: "API" },
      "キー",
    ]);
    const spaced: TermMark[] = [{ text: "color palette", kind: "forbidden", title: "t" }];
    expect(splitMarks("a color\npalette", markMatcher(spaced) as RegExp, spaced)).toEqual([
      "a ",
      { mark: spaced[0], text: "color\npalette" },
    ]);
  });

  it("marks text inside rendered markdown, leaves code alone, and never turns the answer into HTML", () => {
    const marks = termMarks(check);
    const html = render(
      'Pick a **colour** for the [API](https://example.com).\n\n`colour` <img src=x onerror="alert(1)"> colour',
      marks,
    );
    // Bold and the link still render, with the marks inside them.
    expect(html).toMatch(
      /data-streamdown="strong"><mark[^>]*data-term="forbidden"[^>]*>colour<\/mark><\/span>/,
    );
    expect(html).toMatch(/title="Use “color” instead"/);
    expect(html).toMatch(/data-streamdown="link"[^>]*><mark[^>]*data-term="used"[^>]*>API<\/mark><\/button>/);
    // Inline code stays as written.
    expect(html).toMatch(/<code[^>]*>colour<\/code>/);
    // The raw HTML is text (escaped), not an element.
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img");
  });

  it("renders as before without marks", () => {
    expect(render("Plain **bold**", [])).toMatch(/data-streamdown="strong">bold</);
  });
});
