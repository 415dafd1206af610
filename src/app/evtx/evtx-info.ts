/**
 * Use case behind `stormwatch evtx info`: file header fields, chunk counts by state (ok / empty / bad),
 * dirty and full flags, record id range, first/last timestamps and counts of good, bad and recovered
 * records (those `evtx dump` with the same flags prints and reports) — read chunk by chunk with bounded memory.
 */

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import {
  addToSummary,
  CarveDeduplicator,
  type EvtxSummary,
  emptySummary,
  type FileHeader,
  parseFileHeader,
  readChunk,
  recordToJsonLine,
} from '../../core/evtx/index.js';
import { chunksOf, type EvtxInput } from './chunk-source.js';
import { fastCrc32 } from './native-crc.js';

export interface EvtxFileInfo {
  readonly file: string;
  readonly header: FileHeader | undefined;
  readonly chunks: { total: number; ok: number; empty: number; bad: number; badChecksum: number };
  readonly summary: EvtxSummary;
  /** First error messages (up to 20) with their locations and, for record errors, the record id when known. */
  readonly errors: {
    code: string;
    message: string;
    offset: number | undefined;
    path: string | undefined;
    recordId?: number;
  }[];
}

/** Gathers `evtx info` facts for one input. Only an unreadable path throws. */
export async function evtxInfo(
  name: string,
  input: EvtxInput = name,
  recover = false,
): Promise<EvtxFileInfo> {
  const summary = emptySummary();
  const chunks = { total: 0, ok: 0, empty: 0, bad: 0, badChecksum: 0 };
  const errors: EvtxFileInfo['errors'] = [];
  const dedup = new CarveDeduplicator();
  const carved: Parameters<typeof addToSummary>[1][] = [];
  const note = (r: Parameters<typeof addToSummary>[1]): void => {
    addToSummary(summary, r);
    if (!r.ok && errors.length < 20) {
      errors.push({
        code: r.error.code,
        message: r.error.message,
        offset: r.error.location?.offset,
        path: r.error.location?.path,
        ...(r.recordId === undefined ? {} : { recordId: r.recordId }),
      });
    }
  };
  for await (const piece of chunksOf(input)) {
    if (piece.kind === 'failures') {
      for (const f of piece.failures) note(f);
      continue;
    }
    chunks.total++;
    // Records are rendered as `evtx dump` prints them: errors found only while rendering (a template or name
    // looked up on first use, a value of the wrong size) count as they do there, and so do carved candidates.
    const report = readChunk(piece.bytes, piece.index, piece.fileOffset, {
      render: recordToJsonLine,
      recover,
      crc32: fastCrc32,
    });
    if (report.status === 'empty') chunks.empty++;
    else if (report.status === 'bad') chunks.bad++;
    else chunks.ok++;
    if (report.header && !report.header.checksumValid) chunks.badChecksum++;
    for (const r of report.items) {
      if (r.ok) dedup.allocated(r.record.recordId, r.record.offset);
      note(r);
    }
    carved.push(...report.carved);
  }
  for (const c of carved) if (c.ok && dedup.accept(c.record.recordId, c.record.offset)) note(c);
  const header =
    typeof input === 'string' || input instanceof Uint8Array ? await readHeader(input) : undefined;
  return { file: name, header, chunks, summary, errors };
}

async function readHeader(input: string | Uint8Array): Promise<FileHeader | undefined> {
  try {
    if (input instanceof Uint8Array) return parseFileHeader(input);
    if (input.toLowerCase().endsWith('.gz')) {
      const s = createReadStream(input).pipe(createGunzip());
      const parts: Buffer[] = [];
      let n = 0;
      for await (const b of s) {
        parts.push(b as Buffer);
        n += (b as Buffer).length;
        if (n >= 128) break;
      }
      s.destroy();
      return parseFileHeader(new Uint8Array(Buffer.concat(parts)));
    }
    const fh = await open(input, 'r');
    try {
      const head = new Uint8Array(128);
      await fh.read(head, 0, 128, 0);
      return parseFileHeader(head);
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}
