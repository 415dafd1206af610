/**
 * Template definitions shared across chunks. Every chunk carries its own copy of each template it uses
 * (MS-EVEN6 §2.2.12; libyal EVTX format, "Template definition"), so a reader that parses definitions per chunk
 * parses the same few templates again in every chunk of a log. A definition's bytes are the same wherever it
 * is written except its name references, which are chunk offsets: a name defined inline points at itself (its
 * offset moves with the definition), an earlier one points back into the chunk.
 *
 * So a parsed definition is kept with its bytes and the name references its parse read (where, which name,
 * whether inline). A definition elsewhere reuses the parsed tree only when it proves to parse the same: equal
 * GUID and size, equal bytes outside the name references, each reference inline at the same place or naming the
 * same name (and, for element names, passing the same layout check the parser makes), and its nesting within
 * the current depth limit. Anything else — a miss, a definition holding a template instance — is parsed as
 * before, so the cache changes what is parsed, never the result.
 */
import { plausibleNameOffset } from './binxml-cursor.js';
import { type BinXmlNode, type ChunkContext, NODE_ELEMENT, type TemplateDefinition } from './binxml-node.js';
import { u32 } from './little-endian.js';
import { readName } from './name.js';
import type { NameUses } from './name-uses.js';

interface Entry {
  /** The definition from its GUID on (GUID, data size, data), copied. */
  readonly bytes: Uint8Array;
  /**
   * Name references relative to `bytes`, three numbers each: offset of the u32 field, offset of its element token
   * or -1, inline (1) or not (0).
   */
  readonly refs: Int32Array;
  readonly names: readonly string[];
  /** Element nesting of the tree (the parser's depth limit must allow it where it is reused). */
  readonly nesting: number;
  /**
   * The definition as first parsed, with the plans later compiled for it (shared with its copies: no fingerprint
   * to compute again). plan-cache.ts bounds what plans may stay alive: it empties this cache when it starts its
   * own sharing afresh.
   */
  readonly def: TemplateDefinition;
}

/** Offset of the GUID in a definition (after the next-definition offset); the compared bytes start there. */
const GUID_AT = 4;
/** Offset of the data (the BinXml) in a definition. */
const DATA_AT = 24;

/** By a hash of GUID and data size (a number: no key string to build and hash per lookup). */
const CACHE = new Map<number, Entry[]>();
let cachedBytes = 0;
let cachedEntries = 0;
/**
 * Bounds on what is kept (the cache starts afresh beyond either): definitions, and their copied bytes. Each also
 * keeps its parsed tree and the plans compiled for it, several times its bytes; a log uses a few dozen
 * definitions of well under 1 KB each, while damaged or hostile files can present a new one in every chunk.
 */
const MAX_ENTRIES = 1024;
const MAX_CACHED_BYTES = 1024 * 1024;
/** Definitions kept per key (versions of one template differing in names or texts). */
const MAX_VARIANTS = 8;

/** Whether definitions are reused at all (see `resetTemplateCache`). */
let reuse = true;
/** Definitions reused and kept since the last reset (diagnostics and tests). */
const stats = { reused: 0, kept: 0 };

/**
 * How many definitions were reused instead of parsed, and kept for reuse, since the last reset; how many are
 * held now.
 */
export function templateCacheStats(): {
  readonly reused: number;
  readonly kept: number;
  readonly held: number;
} {
  return { ...stats, held: cachedEntries };
}

/**
 * Forgets every kept definition and sets whether definitions are reused from now on (tests and benchmarks
 * compare both ways; a reader never needs it: the cache is bounded and changes no result).
 */
export function resetTemplateCache(reuseDefinitions = true): void {
  forgetTemplates();
  reuse = reuseDefinitions;
  stats.reused = 0;
  stats.kept = 0;
}

/** Forgets every kept definition (plan-cache.ts calls it when it drops its shared plans). */
export function forgetTemplates(): void {
  CACHE.clear();
  cachedBytes = 0;
  cachedEntries = 0;
}

/** Hash of the 20 bytes of GUID and data size at `at`. */
function keyOf(b: Uint8Array, at: number): number {
  let h = 0x811c9dc5;
  for (let i = at; i < at + 20; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h;
}

function nestingOf(nodes: readonly BinXmlNode[]): number {
  let deepest = 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.k === NODE_ELEMENT) deepest = Math.max(deepest, 1 + nestingOf(n.children));
  }
  return deepest;
}

/**
 * A definition parsed elsewhere that the one at chunk offset `off` (data size `size`) provably parses to,
 * rebased to `off`, or undefined. `depth`: the nesting depth the parse would start at.
 */
export function reuseTemplate(
  ctx: ChunkContext,
  off: number,
  size: number,
  depth: number,
): TemplateDefinition | undefined {
  if (!reuse) return undefined;
  const variants = CACHE.get(keyOf(ctx.bytes, off + GUID_AT));
  if (variants === undefined) return undefined;
  for (let v = 0; v < variants.length; v++) {
    const e = variants[v]!;
    if (e.bytes.length !== DATA_AT - GUID_AT + size || depth + e.nesting > ctx.limits.maxDepth) continue;
    if (!sameDefinition(ctx, off + GUID_AT, e)) continue;
    // A definition object per chunk (its offset differs); tree and compiled plans are shared.
    stats.reused++;
    return { offset: off, guid: e.def.guid, root: e.def.root, plans: e.def.plans };
  }
  return undefined;
}

type Compare = (
  this: Uint8Array,
  target: Uint8Array,
  targetStart: number,
  targetEnd: number,
  sourceStart: number,
  sourceEnd: number,
) => number;
// The host's native memcmp when it has one (Node's Buffer#compare, which takes any Uint8Array), looked up through
// globalThis so the core stays free of Node imports: a JS loop costs ~1 ns a byte once optimised and far more
// before, and a run over many small logs compares most definitions in code not yet optimised.
const nativeCompare: Compare | undefined = (globalThis as { Buffer?: { prototype?: { compare?: Compare } } })
  .Buffer?.prototype?.compare;

/** Whether `[a, a + n)` of the chunk equals `[x, x + n)` of the entry's bytes. */
function sameBytes(b: Uint8Array, a: number, x: Uint8Array, at: number, n: number): boolean {
  if (nativeCompare !== undefined && n >= 16) return nativeCompare.call(b, x, at, at + n, a, a + n) === 0;
  for (let i = 0; i < n; i++) if (b[a + i] !== x[at + i]) return false;
  return true;
}

function sameDefinition(ctx: ChunkContext, start: number, e: Entry): boolean {
  const b = ctx.bytes;
  const refs = e.refs;
  let from = 0;
  for (let r = 0; r <= refs.length; r += 3) {
    // Bytes up to the next name reference (or the end) must be equal.
    const to = r < refs.length ? refs[r]! : e.bytes.length;
    if (!sameBytes(b, start + from, e.bytes, from, to - from)) return false;
    if (r === refs.length) return true;
    const field = start + to;
    const target = u32(b, field);
    const inline = target === field + 4;
    if (inline !== (refs[r + 2] === 1)) return false;
    const tokenRel = refs[r + 1]!;
    if (tokenRel >= 0) {
      const tokenAt = start + tokenRel;
      if (!plausibleNameOffset(b, target, tokenAt + 11, tokenAt)) return false;
    }
    if (inline) {
      // An inline name's first field links the chunk's string table (a chunk offset): not compared.
      from = to + 8;
      continue;
    }
    let name: string;
    try {
      name = readName(ctx, target, 'BinXmlTemplateDefinition');
    } catch {
      return false; // the parse will report it
    }
    if (name !== e.names[r / 3]) return false;
    from = to + 4;
  }
  return true;
}

/** Keeps a definition just parsed from chunk offset `off` (data size `size`) with the name references it read. */
export function keepTemplate(
  ctx: ChunkContext,
  off: number,
  size: number,
  def: TemplateDefinition,
  uses: NameUses,
): void {
  if (!uses.reusable || !reuse) return;
  const start = off + GUID_AT;
  const end = off + DATA_AT + size;
  const refs = new Int32Array((uses.fields.length / 2) * 3);
  for (let i = 0, r = 0; i < uses.fields.length; i += 2, r += 3) {
    const field = uses.fields[i]!;
    // Only references inside the data, in stream order, can be checked against another copy.
    const inline = u32(ctx.bytes, field) === field + 4;
    const prevEnd = r === 0 ? DATA_AT - GUID_AT : refs[r - 3]! + (refs[r - 1] === 1 ? 8 : 4);
    if (field - start < prevEnd || field + (inline ? 8 : 4) > end) return;
    const token = uses.fields[i + 1]!;
    refs[r] = field - start;
    refs[r + 1] = token < 0 ? -1 : token - start;
    refs[r + 2] = inline ? 1 : 0;
  }
  if (cachedBytes + end - start > MAX_CACHED_BYTES || cachedEntries >= MAX_ENTRIES) forgetTemplates();
  const key = keyOf(ctx.bytes, start);
  const variants = CACHE.get(key) ?? [];
  if (variants.length >= MAX_VARIANTS) return;
  cachedBytes += end - start;
  cachedEntries++;
  stats.kept++;
  variants.push({
    bytes: ctx.bytes.slice(start, end),
    refs,
    names: uses.names,
    nesting: nestingOf(def.root),
    def,
  });
  CACHE.set(key, variants);
}
