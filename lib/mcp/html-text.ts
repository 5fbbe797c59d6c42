const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * The readable text of an HTML page: the title, then the body without scripts, styles, navigation
 * chrome and markup; block elements become line breaks and entities are decoded.
 */
export function htmlToText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim();
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|noscript|template|svg|head|nav|footer|iframe)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<(br|hr)\b[^>]*>/gi, "\n")
    .replace(
      /<\/?(p|div|section|article|main|header|h[1-6]|li|ul|ol|tr|table|blockquote|pre)\b[^>]*>/gi,
      "\n",
    )
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\f\v\r]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const cleanTitle = title ? decodeTitle(title) : "";
  return cleanTitle && !text.startsWith(cleanTitle) ? `${cleanTitle}\n\n${text}` : text;
}

const decodeTitle = (t: string) => t.replace(/\s+/g, " ").replace(/&amp;/g, "&");
