/**
 * STIX 2.1 §2.13 timestamps: RFC 3339, UTC (`Z`), stormwatch emits millisecond precision
 * (`2026-01-31T09:00:00.000Z`). Reading accepts any sub-second precision.
 */
import { StormwatchError } from '../shared/index.js';

/** STIX timestamp grammar: date, `T`, time, optional fraction, mandatory `Z`. */
export const STIX_TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/** Formats a Date (or a parseable date string) as a STIX timestamp with millisecond precision. */
export function formatTimestamp(value: Date | string): string {
  const date = typeof value === 'string' ? parseDate(value) : value;
  if (Number.isNaN(date.getTime())) throw badTimestamp(String(value));
  return date.toISOString();
}

function parseDate(value: string): Date {
  // A bare calendar date means midnight UTC, not local midnight.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : new Date(value);
}

/** True when `value` follows the STIX timestamp grammar and names a real instant. */
export function isStixTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = STIX_TIMESTAMP_RE.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
  return date.getUTCMonth() === (mo ?? 1) - 1 && date.getUTCDate() === d && (h ?? 0) < 24 && (s ?? 0) <= 60;
}

/**
 * Compares two STIX timestamps exactly, whatever their fractional precision (`.5Z` = `.500Z`).
 * Returns <0, 0 or >0. Both must satisfy `isStixTimestamp`.
 */
export function compareTimestamps(a: string, b: string): number {
  const na = normalise(a);
  const nb = normalise(b);
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function normalise(ts: string): string {
  const m = STIX_TIMESTAMP_RE.exec(ts);
  if (!m) return ts;
  const whole = ts.slice(0, 19);
  return `${whole}.${(m[7] ?? '').padEnd(9, '0').slice(0, 9)}`;
}

function badTimestamp(value: string): StormwatchError {
  return new StormwatchError({
    code: 'stix.bad-timestamp',
    kind: 'input',
    message: `"${value}" is not a date stormwatch can turn into a STIX timestamp`,
    hint: 'Give an RFC 3339 timestamp such as 2026-01-31T09:00:00Z or a date such as 2026-01-31.',
  });
}
