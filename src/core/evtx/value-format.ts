/**
 * Text forms of EVTX value types that need more than String(): FILETIME and SYSTEMTIME as ISO-8601 UTC,
 * GUIDs, SIDs, hexadecimal integers, binary as uppercase hex and single-precision reals.
 */
import { u16, u32 } from './little-endian.js';

const HEX = '0123456789ABCDEF';
const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS.push(HEX[i >>> 4]! + HEX[i & 15]!);

/** Seconds between 1601-01-01 and 1970-01-01. */
const EPOCH_DIFF_S = 11644473600;

/** Two-digit texts of 0–99, made once (a date-time needs five of them). */
const PAD2: readonly string[] = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

function pad2(n: number): string {
  return n < 100 ? PAD2[n]! : `${n}`;
}

/**
 * FILETIME (two 32-bit halves of 100 ns ticks since 1601) as `YYYY-MM-DDTHH:MM:SS.fffffffZ`;
 * `digits` sub-second digits (7 = full precision, 6 = microseconds as evtx_dump prints, truncated).
 */
export function formatFiletime(low: number, high: number, digits: 6 | 7): string {
  // A record's header time and its System/TimeCreated value are nearly always the same FILETIME, formatted
  // one after the other: the second one is the string made a moment ago.
  if (low === lastLow && high === lastHigh && digits === lastDigits) return lastText;
  const text = filetimeText(low, high, digits);
  lastLow = low;
  lastHigh = high;
  lastDigits = digits;
  lastText = text;
  return text;
}

let lastLow = -1;
let lastHigh = -1;
let lastDigits = 0;
let lastText = '';

function filetimeText(low: number, high: number, digits: 6 | 7): string {
  // Split into whole seconds and the 100 ns remainder exactly. Dates after 1629 are beyond 2^53 ticks, so
  // with 2^32 = 429 × 10^7 + 4967296: ticks = (high × 429) × 10^7 + (high × 4967296 + low), whose second
  // term stays below 2^53 for every high word up to about year 26000.
  let secs = 0;
  let frac = -1;
  if (high < 0x6c000000) {
    const r = high * 4967296 + low;
    const q = Math.floor(r / 1e7);
    secs = high * 429 + q;
    frac = r - q * 1e7;
  }
  if (frac < 0 || frac >= 1e7) {
    // Exact path for the (far-future) rest.
    const t = (BigInt(high) << 32n) | BigInt(low);
    secs = Number(t / 10_000_000n);
    frac = Number(t % 10_000_000n);
  }
  let prefix: string;
  if (secs === lastSecs) prefix = lastPrefix;
  else {
    prefix = isoPrefix(secs - EPOCH_DIFF_S);
    lastSecs = secs;
    lastPrefix = prefix;
  }
  const fs = String(frac);
  const f = fs.length === 7 ? fs : FRAC_PAD[fs.length]! + fs;
  return `${prefix}${digits === 6 ? f.slice(0, 6) : f}Z`;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.` for Unix seconds, with integer arithmetic (civil-from-days, proleptic Gregorian)
 * instead of a Date allocation per value.
 */
function isoPrefix(unix: number): string {
  const days = Math.floor(unix / 86400);
  let rem = unix - days * 86400;
  const h = Math.floor(rem / 3600);
  rem -= h * 3600;
  const mi = Math.floor(rem / 60);
  const sec = rem - mi * 60;
  // Records of a log mostly share the day: the date part is made once per day.
  if (days !== lastDays) {
    lastDays = days;
    lastDate = isoDate(days);
  }
  return `${lastDate}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}.`;
}

let lastDays = Number.NaN;
let lastDate = '';

/** `YYYY-MM-DD` for days since 1970-01-01. */
function isoDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const ys = y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
  return `${ys}-${pad2(m)}-${pad2(d)}`;
}

// Consecutive records mostly share the second: cache the formatted date-time prefix.
let lastSecs = Number.NaN;
let lastPrefix = '';
const FRAC_PAD = ['0000000', '000000', '00000', '0000', '000', '00', '0', ''];

/** SYSTEMTIME (16 bytes) as `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export function formatSystemtime(b: Uint8Array, o: number): string {
  const y = u16(b, o);
  const mo = u16(b, o + 2);
  const d = u16(b, o + 6);
  const h = u16(b, o + 8);
  const mi = u16(b, o + 10);
  const s = u16(b, o + 12);
  const ms = u16(b, o + 14);
  return `${String(y).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}.${String(
    ms,
  ).padStart(3, '0')}Z`;
}

/*
 * GUIDs repeat record after record (provider, activity, logon and process GUIDs), and formatting one takes
 * twenty string concatenations: a small direct-mapped cache returns the text made for equal bytes.
 */
const GUID_SLOTS = 256;
const guidKeys = new Uint8Array(GUID_SLOTS * 16);
const guidTexts: string[] = new Array<string>(GUID_SLOTS * 2).fill('');

/** GUID (16 bytes, mixed-endian) as uppercase `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`, optionally braced. */
export function formatGuid(b: Uint8Array, o: number, braces: boolean): string {
  const h = Math.imul(u32(b, o) ^ u32(b, o + 4) ^ u32(b, o + 8) ^ u32(b, o + 12), 0x9e3779b1);
  const slot = h >>> 24;
  const k = slot * 16;
  const t = slot * 2 + (braces ? 1 : 0);
  let same = guidTexts[t] !== '';
  for (let i = 0; same && i < 16; i++) same = guidKeys[k + i] === b[o + i];
  if (same) return guidTexts[t]!;
  let fresh = false;
  for (let i = 0; i < 16 && !fresh; i++) fresh = guidKeys[k + i] !== b[o + i];
  if (fresh) {
    // A different GUID takes the slot: forget both spellings of the previous one.
    for (let i = 0; i < 16; i++) guidKeys[k + i] = b[o + i]!;
    guidTexts[slot * 2] = '';
    guidTexts[slot * 2 + 1] = '';
  }
  const text = guidText(b, o, braces);
  guidTexts[t] = text;
  return text;
}

function guidText(b: Uint8Array, o: number, braces: boolean): string {
  const s =
    HEX_PAIRS[b[o + 3]!]! +
    HEX_PAIRS[b[o + 2]!]! +
    HEX_PAIRS[b[o + 1]!]! +
    HEX_PAIRS[b[o]!]! +
    '-' +
    HEX_PAIRS[b[o + 5]!]! +
    HEX_PAIRS[b[o + 4]!]! +
    '-' +
    HEX_PAIRS[b[o + 7]!]! +
    HEX_PAIRS[b[o + 6]!]! +
    '-' +
    HEX_PAIRS[b[o + 8]!]! +
    HEX_PAIRS[b[o + 9]!]! +
    '-' +
    HEX_PAIRS[b[o + 10]!]! +
    HEX_PAIRS[b[o + 11]!]! +
    HEX_PAIRS[b[o + 12]!]! +
    HEX_PAIRS[b[o + 13]!]! +
    HEX_PAIRS[b[o + 14]!]! +
    HEX_PAIRS[b[o + 15]!]!;
  return braces ? `{${s}}` : s;
}

/** NT SID as `S-R-A-S1-…`; returns undefined when `size` bytes cannot hold the declared sub-authorities. */
export function formatSid(b: Uint8Array, o: number, size: number): string | undefined {
  if (size < 8) return undefined;
  const rev = b[o]!;
  const n = b[o + 1]!;
  if (8 + n * 4 > size) return undefined;
  // 48-bit big-endian identifier authority.
  const auth =
    b[o + 2]! * 2 ** 40 +
    b[o + 3]! * 2 ** 32 +
    ((b[o + 4]! << 24) >>> 0) +
    (b[o + 5]! << 16) +
    (b[o + 6]! << 8) +
    b[o + 7]!;
  let s = `S-${rev}-${auth}`;
  for (let i = 0; i < n; i++) s += `-${u32(b, o + 8 + i * 4)}`;
  return s;
}

/** Bytes as uppercase hex, two digits per byte. */
export function formatHexBytes(b: Uint8Array, o: number, size: number): string {
  let s = '';
  for (let i = 0; i < size; i++) s += HEX_PAIRS[b[o + i]!]!;
  return s;
}

/** 32-bit unsigned as `0x…` lowercase hex without padding. */
export function formatHex32(v: number): string {
  return `0x${v.toString(16)}`;
}

/** 64-bit unsigned (two halves) as `0x…` lowercase hex; `pad16` zero-pads to 16 digits. */
export function formatHex64(low: number, high: number, pad16: boolean): string {
  // Consecutive records mostly carry the same flag words (System/Keywords): reuse the last string.
  if (low === hexLow && high === hexHigh && pad16 === hexPad) return hexText;
  const s = high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0');
  hexLow = low;
  hexHigh = high;
  hexPad = pad16;
  hexText = `0x${pad16 ? s.padStart(16, '0') : s}`;
  return hexText;
}

let hexLow = -1;
let hexHigh = -1;
let hexPad = false;
let hexText = '';

/** Shortest decimal form that reads back to the same single-precision float. */
export function formatReal32(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}
