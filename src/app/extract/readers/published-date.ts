/**
 * Normalises publication dates found in documents (ISO 8601, RFC 822 feed dates, PDF `D:` dates,
 * "February 7, 2024") to `YYYY-MM-DD`, keeping the calendar date as written rather than shifting it
 * to UTC.
 */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function ymd(y: number, m: number, d: number): string | undefined {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCDate() !== d) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` for a date string, or undefined when it names no plausible date. */
export function normalisePublished(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  let m = /^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  // RFC 822: "Tue, 10 Jun 2024 14:00:00 +0000"; also "10 June 2024".
  m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})/.exec(s);
  if (m) return ymd(Number(m[3]), MONTHS[(m[2] ?? '').toLowerCase()] ?? 0, Number(m[1]));
  // "February 7, 2024"
  m = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})/.exec(s);
  if (m) return ymd(Number(m[3]), MONTHS[(m[1] ?? '').toLowerCase()] ?? 0, Number(m[2]));
  return undefined;
}
