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

/** Splits `source` into the header block and chunks (file order). */
export async function* frameEvtxBlocks(source: AsyncIterable<Uint8Array>): AsyncGenerator<EvtxBlock> {
  let buf = new Uint8Array(FILE_HEADER_SIZE);
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
      const take = Math.min(buf.length - fill, data.length - p);
      buf.set(data.subarray(p, p + take), fill);
      fill += take;
      p += take;
      if (fill === buf.length) {
        yield block(buf);
        buf = new Uint8Array(CHUNK_SIZE);
        fill = 0;
      }
    }
  }
  if (!headerDone || fill > 0) yield block(buf.subarray(0, fill));
}
