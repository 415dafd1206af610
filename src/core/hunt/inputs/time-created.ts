/**
 * TimeCreated normalisation: ISO-8601 UTC ending in `Z`, keeping the sub-second digits as given.
 */

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Normalises a timestamp string. Zone-less values (`2020-10-18 07:50:05.910`) are taken as UTC, as Windows
 * writes SystemTime; values with an offset are converted to UTC keeping their fraction digits.
 * Returns undefined for text that is not a timestamp.
 */
export function normaliseTimestamp(value: string): string | undefined {
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, date, time, fraction = '', zone] = m;
  if (!zone || zone.toUpperCase() === 'Z' || /^[+-]00:?00$/.test(zone)) return `${date}T${time}${fraction}Z`;
  const ms = Date.parse(
    `${date}T${time}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
  );
  if (Number.isNaN(ms)) return undefined;
  const shifted = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  return `${shifted.slice(0, 19)}${fraction}Z`;
}
