/**
 * Decoding of substitution values (every MS-EVEN6 value type and arrays of them) straight from the chunk
 * bytes, in one of three styles: evtx_dump JSON (typed: numbers, booleans, strings), XML text (strings as
 * Windows renders them) and the flat hunting event (typed, GUIDs braced, full-precision timestamps).
 */
import type { TemplateValues } from './binxml-node.js';
import {
  TYPE_ANSI_STRING,
  TYPE_ARRAY_FLAG,
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

/** Byte size of each fixed-size base type (0 = variable), indexed by type. */
const FIXED_SIZE = new Uint8Array(256);
for (const t of [TYPE_INT8, TYPE_UINT8]) FIXED_SIZE[t] = 1;
for (const t of [TYPE_INT16, TYPE_UINT16]) FIXED_SIZE[t] = 2;
for (const t of [TYPE_INT32, TYPE_UINT32, TYPE_REAL32, TYPE_BOOL, TYPE_HEX_INT32]) FIXED_SIZE[t] = 4;
for (const t of [TYPE_INT64, TYPE_UINT64, TYPE_REAL64, TYPE_FILETIME, TYPE_HEX_INT64]) FIXED_SIZE[t] = 8;
for (const t of [TYPE_GUID, TYPE_SYSTEMTIME]) FIXED_SIZE[t] = 16;

/** 1 for each scalar type MS-EVEN6 defines (any other byte in a value descriptor is corruption). */
const DEFINED = new Uint8Array(256);
for (let t = TYPE_NULL; t <= TYPE_HEX_INT64; t++) DEFINED[t] = 1;
for (const t of [TYPE_EVT_HANDLE, TYPE_BINXML, TYPE_EVT_XML]) DEFINED[t] = 1;

/** Reinterprets 4 or 8 little-endian bytes as a float without a DataView per value. */
const FLOAT_BITS = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT_BITS.buffer);
const FLOAT32_BITS = new Float32Array(FLOAT_BITS.buffer, 0, 1);
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function real(b: Uint8Array, o: number, n: 4 | 8): number {
  for (let i = 0; i < n; i++) FLOAT_BYTES[LITTLE_ENDIAN_HOST ? i : n - 1 - i] = b[o + i]!;
  return n === 4 ? FLOAT32_BITS[0]! : FLOAT_BITS[0]!;
}

/** Decodes one scalar of a base type occupying `size` bytes at `o`. */
type ScalarDecoder = (b: Uint8Array, o: number, size: number, style: ValueStyle) => DecodedScalar;

const hexBytes: ScalarDecoder = (b, o, size) => formatHexBytes(b, o, size);
const hexInt: ScalarDecoder = (b, o, size) => {
  if (size === 4) return formatHex32(u32(b, o));
  if (size === 8) return formatHex64(u32(b, o), u32(b, o + 4), false);
  return `0x${formatHexBytes(b, o, size)}`;
};
const utf16Decoder: ScalarDecoder = (b, o, size) => utf16Value(b, o, size);

/*
 * One small decoder per value type, called through this table: the call site stays generic, so a value type
 * met late in a run (a record with a REAL64 or a SYSTEMTIME after thousands without) neither deoptimises nor
 * forces a recompilation of one large switch with every type's formatting inlined.
 */
const SCALAR: ScalarDecoder[] = new Array<ScalarDecoder>(256).fill(hexBytes);
SCALAR[TYPE_NULL] = () => null;
SCALAR[TYPE_STRING] = utf16Decoder;
SCALAR[TYPE_EVT_XML] = utf16Decoder;
SCALAR[TYPE_ANSI_STRING] = (b, o, size) => ansiValue(b, o, size);
SCALAR[TYPE_INT8] = (b, o, _, style) => {
  const v = (b[o]! << 24) >> 24;
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_UINT8] = (b, o, _, style) => (style === STYLE_XML ? String(b[o]!) : b[o]!);
SCALAR[TYPE_INT16] = (b, o, _, style) => {
  const v = (u16(b, o) << 16) >> 16;
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_UINT16] = (b, o, _, style) => {
  const v = u16(b, o);
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_INT32] = (b, o, _, style) => {
  const v = i32(b, o);
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_UINT32] = (b, o, _, style) => {
  const v = u32(b, o);
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_INT64] = (b, o, _, style) => {
  const v = int64(b, o, true);
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_UINT64] = (b, o, _, style) => {
  const v = int64(b, o, false);
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_REAL32] = (b, o, _, style) => {
  const v = real(b, o, 4);
  return style === STYLE_XML || !Number.isFinite(v) ? formatReal32(v) : Number(formatReal32(v));
};
SCALAR[TYPE_REAL64] = (b, o, _, style) => {
  const v = real(b, o, 8);
  // `+ 0` turns -0 into 0, as JSON text (and so a value passed back from a worker thread) would.
  return style === STYLE_XML || !Number.isFinite(v) ? String(v) : v + 0;
};
SCALAR[TYPE_BOOL] = (b, o, _, style) => {
  const v = u32(b, o) !== 0;
  return style === STYLE_XML ? String(v) : v;
};
SCALAR[TYPE_GUID] = (b, o, _, style) => formatGuid(b, o, style !== STYLE_JSON);
SCALAR[TYPE_SIZE_T] = hexInt;
SCALAR[TYPE_HEX_INT32] = hexInt;
SCALAR[TYPE_HEX_INT64] = hexInt;
SCALAR[TYPE_FILETIME] = (b, o, _, style) =>
  formatFiletime(u32(b, o), u32(b, o + 4), style === STYLE_JSON ? 6 : 7);
SCALAR[TYPE_SYSTEMTIME] = (b, o) => formatSystemtime(b, o);
SCALAR[TYPE_SID] = (b, o, size) => formatSid(b, o, size) ?? formatHexBytes(b, o, size);
SCALAR[TYPE_EVT_HANDLE] = (b, o, size, style) => {
  const text = style === STYLE_XML;
  if (size === 4) return text ? String(u32(b, o)) : u32(b, o);
  if (size === 8) return text ? String(int64(b, o, false)) : int64(b, o, false);
  return formatHexBytes(b, o, size);
};

/** Decodes one scalar of base type `t` (0–255) occupying `size` bytes at `o`. */
function scalar(b: Uint8Array, o: number, size: number, t: number, style: ValueStyle): DecodedScalar {
  return SCALAR[t]!(b, o, size, style);
}

/**
 * Decodes template value `i` of `values` in `style`. BinXml values (0x21) are not handled here (the renderer
 * expands them as nodes); NULL yields null. Throws `evtx.value.bad-size` for a fixed-size type of the wrong size
 * or a UTF-16 string of an odd number of bytes, `evtx.value.bad-type` for a type MS-EVEN6 does not define.
 */
export function decodeValue(values: TemplateValues, i: number, style: ValueStyle): DecodedValue {
  const b = values.ctx.bytes;
  const t = b[values.desc + i * 4 + 2]!;
  const o = values.offsets[i]!;
  const size = values.offsets[i + 1]! - o;
  if ((t & TYPE_ARRAY_FLAG) === 0) {
    if (DEFINED[t] === 0) {
      throw evtxError(
        'value.bad-type',
        `value #${i} has type 0x${t.toString(16)}, which is not a defined value type`,
        values.ctx.fileOffset + values.desc + i * 4 + 2,
        `TemplateInstanceData.valueSpec[${i}].type`,
      );
    }
    if ((size & 1) !== 0 && (t === TYPE_STRING || t === TYPE_EVT_XML)) {
      throw evtxError(
        'value.bad-size',
        `${valueTypeName(t)} value #${i} has ${size} bytes, not a whole number of UTF-16 code units`,
        values.ctx.fileOffset + values.desc + i * 4,
        `TemplateInstanceData.valueSpec[${i}].size`,
      );
    }
    const fs = FIXED_SIZE[t]!;
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
    if ((size & 1) !== 0) {
      throw evtxError(
        'value.bad-size',
        `${valueTypeName(t)} value #${i} has ${size} bytes, not a whole number of UTF-16 code units`,
        values.ctx.fileOffset + values.desc + i * 4,
        `TemplateInstanceData.valueSpec[${i}].size`,
      );
    }
    // NUL-separated UTF-16 strings.
    let start = o;
    const end = o + size;
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
  let fs: number = FIXED_SIZE[base]!;
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
