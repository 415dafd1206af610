/**
 * Decoding of substitution values (every MS-EVEN6 value type and arrays of them) straight from the chunk
 * bytes, in one of three styles: evtx_dump JSON (typed: numbers, booleans, strings), XML text (strings as
 * Windows renders them) and the flat hunting event (typed, GUIDs braced, full-precision timestamps).
 */
import type { TemplateValues } from './binxml-node.js';
import {
  TYPE_ANSI_STRING,
  TYPE_ARRAY_FLAG,
  TYPE_BINARY,
  TYPE_BINXML,
  TYPE_BOOL,
  TYPE_EVT_HANDLE,
  TYPE_EVT_XML,
  TYPE_FILETIME,
  TYPE_GUID,
  TYPE_HEX_INT32,
  TYPE_HEX_INT64,
  TYPE_INT8,
  TYPE_INT16,
  TYPE_INT32,
  TYPE_INT64,
  TYPE_NULL,
  TYPE_REAL32,
  TYPE_REAL64,
  TYPE_SID,
  TYPE_SIZE_T,
  TYPE_STRING,
  TYPE_SYSTEMTIME,
  TYPE_UINT8,
  TYPE_UINT16,
  TYPE_UINT32,
  TYPE_UINT64,
  valueTypeName,
} from './binxml-tokens.js';
import { evtxError } from './evtx-error.js';
import { i32, u16, u32 } from './little-endian.js';
import { ansiValue, utf16Value } from './utf16.js';
import {
  formatFiletime,
  formatGuid,
  formatHex32,
  formatHex64,
  formatHexBytes,
  formatReal32,
  formatSid,
  formatSystemtime,
} from './value-format.js';

/** evtx_dump JSON style. */
export const STYLE_JSON = 0;
/** XML text style. */
export const STYLE_XML = 1;
/** Flat hunting event style. */
export const STYLE_FLAT = 2;
export type ValueStyle = typeof STYLE_JSON | typeof STYLE_XML | typeof STYLE_FLAT;

export type DecodedScalar = string | number | boolean | null;
export type DecodedValue = DecodedScalar | DecodedScalar[];

const TWO32 = 0x1_0000_0000;

function int64(b: Uint8Array, o: number, signed: boolean): number | string {
  const lo = u32(b, o);
  const hi = signed ? i32(b, o + 4) : u32(b, o + 4);
  const n = hi * TWO32 + lo;
  if (Number.isSafeInteger(n)) return n;
  const big = signed ? (BigInt(hi) << 32n) | BigInt(lo) : (BigInt(hi >>> 0) << 32n) | BigInt(lo);
  return big.toString();
}

function fixedSize(t: number): number {
  switch (t) {
    case TYPE_INT8:
    case TYPE_UINT8:
      return 1;
    case TYPE_INT16:
    case TYPE_UINT16:
      return 2;
    case TYPE_INT32:
    case TYPE_UINT32:
    case TYPE_REAL32:
    case TYPE_BOOL:
    case TYPE_HEX_INT32:
      return 4;
    case TYPE_INT64:
    case TYPE_UINT64:
    case TYPE_REAL64:
    case TYPE_FILETIME:
    case TYPE_HEX_INT64:
      return 8;
    case TYPE_GUID:
    case TYPE_SYSTEMTIME:
      return 16;
    default:
      return 0;
  }
}

/** Decodes one scalar of base type `t` occupying `size` bytes at `o`. */
function scalar(b: Uint8Array, o: number, size: number, t: number, style: ValueStyle): DecodedScalar {
  const text = style === STYLE_XML;
  switch (t) {
    case TYPE_NULL:
      return null;
    case TYPE_STRING:
    case TYPE_EVT_XML:
      return utf16Value(b, o, size);
    case TYPE_ANSI_STRING:
      return ansiValue(b, o, size);
    case TYPE_INT8: {
      const v = (b[o]! << 24) >> 24;
      return text ? String(v) : v;
    }
    case TYPE_UINT8:
      return text ? String(b[o]!) : b[o]!;
    case TYPE_INT16: {
      const v = (u16(b, o) << 16) >> 16;
      return text ? String(v) : v;
    }
    case TYPE_UINT16: {
      const v = u16(b, o);
      return text ? String(v) : v;
    }
    case TYPE_INT32: {
      const v = i32(b, o);
      return text ? String(v) : v;
    }
    case TYPE_UINT32: {
      const v = u32(b, o);
      return text ? String(v) : v;
    }
    case TYPE_INT64: {
      const v = int64(b, o, true);
      return text ? String(v) : v;
    }
    case TYPE_UINT64: {
      const v = int64(b, o, false);
      return text ? String(v) : v;
    }
    case TYPE_REAL32: {
      const v = new DataView(b.buffer, b.byteOffset + o, 4).getFloat32(0, true);
      return text || !Number.isFinite(v) ? formatReal32(v) : Number(formatReal32(v));
    }
    case TYPE_REAL64: {
      const v = new DataView(b.buffer, b.byteOffset + o, 8).getFloat64(0, true);
      // `+ 0` turns -0 into 0, as JSON text (and so a value passed back from a worker thread) would.
      return text || !Number.isFinite(v) ? String(v) : v + 0;
    }
    case TYPE_BOOL: {
      const v = u32(b, o) !== 0;
      return text ? String(v) : v;
    }
    case TYPE_BINARY:
      return formatHexBytes(b, o, size);
    case TYPE_GUID:
      return formatGuid(b, o, style !== STYLE_JSON);
    case TYPE_SIZE_T:
    case TYPE_HEX_INT32:
    case TYPE_HEX_INT64:
      if (size === 4) return formatHex32(u32(b, o));
      if (size === 8) return formatHex64(u32(b, o), u32(b, o + 4), false);
      return `0x${formatHexBytes(b, o, size)}`;
    case TYPE_FILETIME:
      return formatFiletime(u32(b, o), u32(b, o + 4), style === STYLE_JSON ? 6 : 7);
    case TYPE_SYSTEMTIME:
      return formatSystemtime(b, o);
    case TYPE_SID:
      return formatSid(b, o, size) ?? formatHexBytes(b, o, size);
    case TYPE_EVT_HANDLE:
      if (size === 4) return text ? String(u32(b, o)) : u32(b, o);
      if (size === 8) return text ? String(int64(b, o, false)) : int64(b, o, false);
      return formatHexBytes(b, o, size);
    default:
      return formatHexBytes(b, o, size);
  }
}

/**
 * Decodes template value `i` of `values` in `style`. BinXml values (0x21) are not handled here (the renderer
 * expands them as nodes); NULL yields null. Throws `evtx.value.bad-size` for a fixed-size type of the wrong size.
 */
export function decodeValue(values: TemplateValues, i: number, style: ValueStyle): DecodedValue {
  const b = values.ctx.bytes;
  const t = values.types[i]!;
  const o = values.offsets[i]!;
  const size = values.sizes[i]!;
  if ((t & TYPE_ARRAY_FLAG) === 0) {
    const fs = fixedSize(t);
    if (fs !== 0 && size !== fs && !(t === TYPE_SIZE_T && (size === 4 || size === 8))) {
      throw evtxError(
        'value.bad-size',
        `${valueTypeName(t)} value #${i} has ${size} bytes, expected ${fs}`,
        values.ctx.fileOffset + o,
        `TemplateInstanceData.value[${i}]`,
      );
    }
    if (t === TYPE_BINXML) return null;
    return scalar(b, o, size, t, style);
  }
  const base = t & 0x7f;
  const out: DecodedScalar[] = [];
  if (base === TYPE_STRING || base === TYPE_EVT_XML) {
    // NUL-separated UTF-16 strings.
    let start = o;
    const end = o + (size & ~1);
    for (let p = o; p < end; p += 2) {
      if (b[p] === 0 && b[p + 1] === 0) {
        out.push(utf16Value(b, start, p - start));
        start = p + 2;
      }
    }
    if (start < end) out.push(utf16Value(b, start, end - start));
    return out;
  }
  if (base === TYPE_ANSI_STRING) {
    let start = o;
    const end = o + size;
    for (let p = o; p < end; p++) {
      if (b[p] === 0) {
        out.push(ansiValue(b, start, p - start));
        start = p + 1;
      }
    }
    if (start < end) out.push(ansiValue(b, start, end - start));
    return out;
  }
  if (base === TYPE_SID) {
    let p = o;
    const end = o + size;
    while (p + 8 <= end) {
      const len = 8 + b[p + 1]! * 4;
      if (p + len > end) break;
      out.push(formatSid(b, p, len) ?? formatHexBytes(b, p, len));
      p += len;
    }
    return out;
  }
  let fs = fixedSize(base);
  if (base === TYPE_SIZE_T || base === TYPE_EVT_HANDLE) fs = 8;
  if (fs === 0) {
    throw evtxError(
      'value.bad-type',
      `arrays of ${valueTypeName(base)} are not defined`,
      values.ctx.fileOffset + o,
      `TemplateInstanceData.value[${i}]`,
    );
  }
  for (let p = o; p + fs <= o + size; p += fs) out.push(scalar(b, p, fs, base, style));
  return out;
}
