/**
 * BinXmlTemplateInstanceData: the number of values, their descriptors (size u16, type u8, pad u8) and
 * the value bytes (MS-EVEN6 §2.2.12 TemplateInstanceData). Only offsets are recorded here; values are
 * decoded lazily from the chunk by value-decode.ts when a renderer asks for them.
 */
import type { ChunkContext, TemplateValues } from './binxml-node.js';
import { evtxError } from './evtx-error.js';
import { u16, u32 } from './little-endian.js';

/** Reads the instance data at chunk offset `o` (bounded by `end`); `valuesEnd` gives the offset after it. */
export function readTemplateValues(ctx: ChunkContext, o: number, end: number): TemplateValues {
  const b = ctx.bytes;
  if (o + 4 > end) {
    throw evtxError(
      'template.truncated-values',
      'template instance data is cut off before its value count',
      ctx.fileOffset + o,
      'TemplateInstanceData.numValues',
    );
  }
  const count = u32(b, o);
  if (count > (end - o - 4) / 4) {
    throw evtxError(
      'template.bad-value-count',
      `template instance declares ${count} values, more than its ${end - o - 4} bytes can describe`,
      ctx.fileOffset + o,
      'TemplateInstanceData.numValues',
    );
  }
  const offsets: number[] = new Array(count + 1);
  const desc = o + 4;
  let d = desc;
  let v = d + count * 4;
  for (let i = 0; i < count; i++, d += 4) {
    offsets[i] = v;
    v += u16(b, d);
  }
  offsets[count] = v;
  if (v > end) {
    throw evtxError(
      'template.values-overflow',
      `template values need ${v - o} bytes but only ${end - o} remain in the record`,
      ctx.fileOffset + o,
      'TemplateInstanceData.valueSpec',
    );
  }
  return { ctx, count, desc, offsets, binxml: undefined };
}

/** Value type of value `i` (caller checks `i < count`). */
export function valueType(values: TemplateValues, i: number): number {
  return values.ctx.bytes[values.desc + i * 4 + 2]!;
}

/** Byte size of value `i` (caller checks `i < count`). */
export function valueSize(values: TemplateValues, i: number): number {
  return values.offsets[i + 1]! - values.offsets[i]!;
}

/** Chunk offset just past the instance's last value. */
export function valuesEnd(values: TemplateValues): number {
  return values.offsets[values.count]!;
}
