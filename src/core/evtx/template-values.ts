/**
 * BinXmlTemplateInstanceData: the number of values, their descriptors (size u16, type u8, pad u8) and
 * the value bytes (MS-EVEN6 §2.2.12 TemplateInstanceData). Only offsets are recorded here; values are
 * decoded lazily from the chunk by value-decode.ts when a renderer asks for them.
 */
import type { ChunkContext, TemplateValues } from './binxml-node.js';
import { evtxError } from './evtx-error.js';
import { u16, u32 } from './little-endian.js';

/** Reads the instance data at chunk offset `o` (bounded by `end`); returns the values and the offset after them. */
export function readTemplateValues(
  ctx: ChunkContext,
  o: number,
  end: number,
): { values: TemplateValues; next: number } {
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
  const types: number[] = new Array(count);
  const sizes: number[] = new Array(count);
  const offsets: number[] = new Array(count);
  let d = o + 4;
  let v = d + count * 4;
  for (let i = 0; i < count; i++, d += 4) {
    const size = u16(b, d);
    types[i] = b[d + 2]!;
    sizes[i] = size;
    offsets[i] = v;
    v += size;
  }
  if (v > end) {
    throw evtxError(
      'template.values-overflow',
      `template values need ${v - o} bytes but only ${end - o} remain in the record`,
      ctx.fileOffset + o,
      'TemplateInstanceData.valueSpec',
    );
  }
  return { values: { ctx, count, types, offsets, sizes, binxml: undefined }, next: v };
}
