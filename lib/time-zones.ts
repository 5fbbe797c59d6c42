/** The zones the runtime lists (ICU's canonical names, e.g. Asia/Calcutta), and UTC. */
const listed = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
/**
 * Current IANA names in the geographic areas (and Etc/): the only other names accepted. Legacy
 * ones (US/Pacific, SystemV/EST5, US/Pacific-New) are left out: PostgreSQL's zone data may not have
 * them, and offsets such as "+05:30" or POSIX strings mean other things to it.
 */
const IANA_NAME =
  /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?$/;

/**
 * Whether a string is a time zone name to accept: a listed zone, or a current IANA name the runtime
 * resolves that ICU lists under an older one (Asia/Kolkata, Europe/Kyiv, Asia/Kathmandu: what
 * browsers report). A name PostgreSQL still does not know is refused by the queries as a validation error
 *  (lib/usage/analytics/results.ts unknownZoneError), never a 500.
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
