/**
 * One Intl.DateTimeFormat per time zone, made on first use and kept: building a formatter costs far more than
 * formatting with it, and deadlines, rosters and reports read wall clocks in a handful of zones over and over.
 * Intl only, no Node built-in: safe in workflow code.
 */

/** The options of a zone's formatter: everything but the zone, which each call names. */
export type ZoneFormatOptions = Omit<Intl.DateTimeFormatOptions, 'timeZone'>;

/**
 * A getter of the formatter for `locale` and `options` in a given IANA zone, each zone's made once.
 * @example const dayFormat = formatsByZone('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
 *          dayFormat('Asia/Shanghai').format(new Date()); // 2026-12-02
 * @throws RangeError (from Intl) when the zone is not an IANA zone, on the first call for it
 */
export function formatsByZone(locale: string, options: ZoneFormatOptions): (zone: string) => Intl.DateTimeFormat {
  const made = new Map<string, Intl.DateTimeFormat>();
  return (zone) => {
    let format = made.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
      made.set(zone, format);
    }
    return format;
  };
}
