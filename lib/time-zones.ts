/** The zones the runtime lists (ICU's canonical names, e.g. Asia/Calcutta), and UTC. */
const listed = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
/** Area/Location names only: offsets such as "+05:30" and POSIX strings mean other things to Postgres. */
const IANA_NAME = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

/**
 * Whether a string is an IANA time zone both the runtime and Postgres understand: a listed zone, or
 * another IANA name the runtime resolves — the current names ICU lists under an older one
 * (Asia/Kolkata, Europe/Kyiv, Asia/Kathmandu), which is what browsers report.
 */
export function isTimeZone(tz: string): boolean {
  if (listed.has(tz)) return true;
  if (!IANA_NAME.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
