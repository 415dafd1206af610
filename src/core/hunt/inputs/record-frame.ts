/**
 * Framing: turning a stream of byte chunks into the byte ranges of single records, with the 1-based line and the
 * byte offset where each starts. Framers never hold more than one record (capped) in memory.
 */

/** Chunks as they come from a file, a decompressor or a test: bytes or text (text is encoded as UTF-8). */
export type ChunkSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | Uint8Array
  | string;

/** One framed record: its bytes, or the fact that it was too large to keep (the bytes were skipped). */
export type RecordFrame =
  | { readonly kind: 'record'; readonly bytes: Uint8Array; readonly line: number; readonly offset: number }
  | {
      readonly kind: 'too-large';
      readonly size: number;
      readonly line: number;
      readonly offset: number;
    }
  | {
      /** Bytes that cannot start or continue a record (e.g. garbage between JSON values, a truncated value). */
      readonly kind: 'malformed';
      readonly reason: string;
      readonly bytes: Uint8Array;
      readonly line: number;
      readonly offset: number;
    };

/**
 * A framer fed one chunk at a time: returns the frames that chunk completes (synchronously, so a consumer
 * handles a chunk's records in one step instead of one async step per record), and at the end of input those
 * left open.
 */
export interface RecordFramer {
  push(chunk: Uint8Array): RecordFrame[];
  end(): RecordFrame[];
}

/** Default cap on one record (a single JSON document or XML event): 64 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

const encoder = new TextEncoder();

/** Normalises any `ChunkSource` to an async stream of byte chunks. */
export async function* byteChunks(source: ChunkSource): AsyncGenerator<Uint8Array> {
  if (typeof source === 'string') {
    yield encoder.encode(source);
    return;
  }
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    if (typeof chunk === 'string') {
      if (chunk.length > 0) yield encoder.encode(chunk);
    } else if (chunk.byteLength > 0) {
      yield chunk;
    }
  }
}

/**
 * Collects the parts of one record across chunk boundaries, up to `max` bytes; past that it only counts.
 */
export class RecordBuffer {
  private parts: Uint8Array[] = [];
  size = 0;
  constructor(private readonly max: number) {}

  get overflowed(): boolean {
    return this.size > this.max;
  }

  push(part: Uint8Array): void {
    this.size += part.byteLength;
    if (this.size > this.max) {
      this.parts = [];
      return;
    }
    if (part.byteLength > 0) this.parts.push(part);
  }

  /** The collected bytes (a copy when the record spanned chunks), and resets the buffer. */
  take(): Uint8Array {
    const parts = this.parts;
    this.parts = [];
    this.size = 0;
    if (parts.length === 1) return parts[0]!.slice();
    let total = 0;
    for (const p of parts) total += p.byteLength;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
  }
}

/** True when the bytes hold only ASCII whitespace (and maybe a UTF-8 BOM). */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (i === 0 && b === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}
