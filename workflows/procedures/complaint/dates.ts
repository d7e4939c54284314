// Calendar dates (YYYY-MM-DD) the complaint rules compare: rule 8 counts two months from the handover date.

/** The date of `ms` (epoch ms) in time zone `zone` (IANA name), as YYYY-MM-DD. */
export function localDate(ms: number, zone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    ms,
  );
}

/** `date` (YYYY-MM-DD) plus `months` calendar months, clamped to the end of a shorter month (01-31 + 1 → 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}
