/**
 * The read cursor of the BinXml parser (MS-EVEN6 §2.2.12): position and end of one BinXml stream inside the
 * chunk, nesting depth, and the checks every read makes — enough bytes left, nesting within the limit — whose
 * failures name the structure and its file offset.
 */
import type { ChunkContext } from './binxml-node.js';
import { evtxError } from './evtx-error.js';
import { u16, u32 } from './little-endian.js';
import { nameSize, readName } from './name.js';
import type { NameUses } from './name-uses.js';

/** Mutable cursor over one BinXml stream inside the chunk. */
export interface Cursor {
  readonly ctx: ChunkContext;
  readonly b: Uint8Array;
  pos: number;
  readonly end: number;
  depth: number;
  /** While a template definition is parsed: the name references read (see template-cache.ts); else null. */
  readonly names: NameUses | null;
}

/** Throws a located error: `code`, `message`, the structure `path` and the file offset of `at`. */
export function fail(c: Cursor, code: string, message: string, path: string, at = c.pos): never {
  throw evtxError(code, message, c.ctx.fileOffset + at, path);
}

/** Fails with `binxml.truncated` unless `n` bytes are left in the stream. */
export function need(c: Cursor, n: number, path: string): void {
  if (c.pos + n > c.end) fail(c, 'binxml.truncated', `${path} needs ${n} bytes but the stream ends`, path);
}

/** One nesting level deeper; fails with `binxml.too-deep` past the configured limit. */
export function enter(c: Cursor, path: string): void {
  if (++c.depth > c.ctx.limits.maxDepth) {
    fail(c, 'binxml.too-deep', `nesting deeper than ${c.ctx.limits.maxDepth} levels (recursion bomb?)`, path);
  }
}

/** Reads a name reference (u32 chunk offset), skipping the name when it is defined inline right here. */
export function nameRef(c: Cursor, path: string): string {
  need(c, 4, path);
  const field = c.pos;
  const off = u32(c.b, field);
  c.pos += 4;
  const name = readName(c.ctx, off, path, field);
  if (off === c.pos) c.pos += nameSize(c.ctx, off);
  c.names?.add(field, name);
  return name;
}

/** A name reference is either inline (right here) or points back into the record area of the chunk. */
export function plausibleNameOffset(b: Uint8Array, off: number, inlineAt: number, tokenAt: number): boolean {
  if (off === inlineAt) return true;
  if (off >= tokenAt || off < 512 || off + 8 > b.length) return false;
  return off + 10 + u16(b, off + 6) * 2 <= b.length;
}
