/**
 * NDJSON framing: one record per `\n`-terminated line (a trailing `\r` is dropped). Blank lines are not records.
 * A line longer than the cap is reported as `too-large` and skipped without being buffered.
 */
import { isBlank, RecordBuffer, type RecordFrame, type RecordFramer } from './record-frame.js';

/** A framer of lines. */
export function lineFramer(maxRecordBytes: number): RecordFramer {
  let out: RecordFrame[] = [];
  const buffer = new RecordBuffer(maxRecordBytes);
  let line = 1;
  let lineStart = 0;
  let position = 0;
  const finish = (): RecordFrame | undefined => {
    if (buffer.overflowed) {
      const size = buffer.size;
      buffer.reset();
      return { kind: 'too-large', size, line, offset: lineStart };
    }
    let bytes = buffer.take();
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (isBlank(bytes)) return undefined;
    return { kind: 'record', bytes, line, offset: lineStart };
  };
  const push = (chunk: Uint8Array): RecordFrame[] => {
    out = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) {
        buffer.push(chunk.subarray(from));
        break;
      }
      buffer.push(chunk.subarray(from, nl));
      const frame = finish();
      if (frame) out.push(frame);
      line++;
      lineStart = position + nl + 1;
      from = nl + 1;
    }
    position += chunk.byteLength;
    return out;
  };
  const end = (): RecordFrame[] => {
    out = [];
    const frame = finish();
    if (frame) out.push(frame);
    return out;
  };
  return { push, end };
}
