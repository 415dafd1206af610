/**
 * Re-frames a stream of byte blocks of any size into the EVTX file layout: the 4096-byte header block, then
 * 64 KiB chunks in file order. Memory stays at one chunk. A stream that ends early yields a short last block
 * (a header shorter than 4096 bytes means the file ends inside its header).
 */
import { CHUNK_SIZE } from './chunk-header.js';
import { FILE_HEADER_SIZE } from './file-header.js';

export type EvtxBlock =
  | { readonly kind: 'header'; readonly bytes: Uint8Array }
  | {
      readonly kind: 'chunk';
      readonly index: number;
      readonly fileOffset: number;
      readonly bytes: Uint8Array;
    };

/**
 * Splits `source` into the header block and chunks (file order). A chunk lying whole inside one source block
 * is yielded as a view of it (no copy); one straddling blocks is assembled in a buffer of its own. A view
 * stays valid as long as the source does not reuse a block's memory for later blocks (Node streams, zlib
 * included, never do).
 */
export async function* frameEvtxBlocks(source: AsyncIterable<Uint8Array>): AsyncGenerator<EvtxBlock> {
  let buf: Uint8Array | undefined;
  let fill = 0;
  let headerDone = false;
  let index = 0;
  const block = (bytes: Uint8Array): EvtxBlock => {
    if (!headerDone) {
      headerDone = true;
      return { kind: 'header', bytes };
    }
    const chunk: EvtxBlock = {
      kind: 'chunk',
      index,
      fileOffset: FILE_HEADER_SIZE + index * CHUNK_SIZE,
      bytes,
    };
    index++;
    return chunk;
  };
  for await (const data of source) {
    let p = 0;
    while (p < data.length) {
      const want = headerDone ? CHUNK_SIZE : FILE_HEADER_SIZE;
      if (buf === undefined && data.length - p >= want) {
        // A plain Uint8Array view even of a Buffer: the decoder then only ever meets one kind of byte array
        // (a second one deoptimises every read function on first contact and has them compiled again).
        yield block(new Uint8Array(data.buffer, data.byteOffset + p, want));
        p += want;
        continue;
      }
      buf ??= new Uint8Array(want);
      const take = Math.min(buf.length - fill, data.length - p);
      buf.set(data.subarray(p, p + take), fill);
      fill += take;
      p += take;
      if (fill === buf.length) {
        const whole = buf;
        buf = undefined;
        fill = 0;
        yield block(whole);
      }
    }
  }
  if (!headerDone) yield block((buf ?? new Uint8Array(0)).subarray(0, fill));
  else if (buf !== undefined && fill > 0) yield block(buf.subarray(0, fill));
}
