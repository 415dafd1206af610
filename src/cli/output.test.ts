import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutput } from './output.js';

/** A stream that takes `delayMs` per write, with a 16-byte buffer: like a pipe to a slow reader. */
function slowStream(delayMs: number): { stream: Writable; chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setTimeout(done, delayMs);
    },
  });
  return { stream, chunks };
}

describe('createOutput', () => {
  it('writes strings and bytes; drained() waits while the stream buffer is full', async () => {
    const { stream, chunks } = slowStream(20);
    const out = createOutput(stream, false);
    out.write('{"a":1}\n');
    out.write(new TextEncoder().encode('{"b":"é"}\n'));
    expect(stream.writableNeedDrain).toBe(true);
    const t = performance.now();
    await out.drained();
    expect(performance.now() - t).toBeGreaterThanOrEqual(15);
    expect(stream.writableNeedDrain).toBe(false);
    await out.drained(); // room again: resolves at once
    expect(Buffer.concat(chunks).toString('utf8')).toBe('{"a":1}\n{"b":"é"}\n');
  });

  it('drained() also ends when the stream fails instead of draining', async () => {
    const stream = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, done) {
        setTimeout(() => done(Object.assign(new Error('broken pipe'), { code: 'EPIPE' })), 5);
      },
    });
    stream.on('error', () => {});
    const out = createOutput(stream, false);
    out.write('xx');
    await out.drained();
    expect(stream.errored).toBeTruthy();
  });
});
