/**
 * BinXmlName: the chunk string table entry for element, attribute, entity and PI names
 * (next-string offset u32, hash u16, character count u16, UTF-16 characters, NUL). Names are read once
 * per chunk and cached by offset.
 */
import type { ChunkContext } from './binxml-node.js';
import { evtxError } from './evtx-error.js';
import { u16 } from './little-endian.js';
import { utf16 } from './utf16.js';

/** Byte size of the name structure at chunk offset `o` (for skipping inline definitions). */
export function nameSize(ctx: ChunkContext, o: number): number {
  return 10 + u16(ctx.bytes, o + 6) * 2;
}

/**
 * Reads (or returns the cached) name at chunk offset `o`; `path` names the referring field for errors and
 * `refAt` its chunk offset (where an offset outside the chunk is reported).
 */
export function readName(ctx: ChunkContext, o: number, path: string, refAt = o): string {
  const cached = ctx.names.get(o);
  if (cached !== undefined) return cached;
  const b = ctx.bytes;
  if (o < 0 || o + 8 > b.length) {
    throw evtxError(
      'name.out-of-range',
      `name offset ${o} is outside the chunk`,
      ctx.fileOffset + refAt,
      path,
    );
  }
  const chars = u16(b, o + 6);
  if (o + 8 + chars * 2 > b.length) {
    throw evtxError(
      'name.out-of-range',
      `name of ${chars} characters at chunk offset ${o} runs past the chunk`,
      ctx.fileOffset + o + 6,
      `${path}.BinXmlName.characterCount`,
    );
  }
  const s = utf16(b, o + 8, chars);
  ctx.names.set(o, s);
  return s;
}
