/**
 * JSON-value framing for evtx_dump-style output: documents back to back (pretty-printed or one per line), or
 * wrapped in one top-level array. Scans bytes (JSON's structural characters are ASCII, so UTF-8 needs no
 * decoding here) tracking depth and strings; each complete top-level object or array is one record.
 *
 * Recovery, so that one damaged document never loses the rest of the file:
 * - a raw newline inside a string (illegal in JSON) ends the damaged record; scanning resumes at the next line
 *   that starts with `{` or `[` in column 0;
 * - a `{` in column 0 while a record that also began in column 0 is still open means that record was truncated
 *   (JSONL with a cut line): it is reported and a new record starts there;
 * - bytes outside any value (other than whitespace, and `,` `]` of a wrapping array) are reported per line.
 */
import { RecordBuffer, type RecordFrame, type RecordFramer } from './record-frame.js';

const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NL = 0x0a;
const COMMA = 0x2c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** A framer of top-level JSON values. */
export function jsonValueFramer(maxRecordBytes: number): RecordFramer {
  let out: RecordFrame[] = [];
  const buffer = new RecordBuffer(maxRecordBytes);
  let line = 1;
  let column = 0; // 0 right after a newline
  let position = 0; // absolute offset of the current chunk's first byte
  let depth = 0;
  let inString = false;
  let escaped = false;
  let wrapper = false; // inside a top-level `[` that wraps the documents
  let seenValue = false;
  let resync = false; // skipping to the next line starting with `{` or `[`
  let garbage = false; // collecting bytes outside any value until the end of the line
  let startLine = 0;
  let startOffset = 0;
  let startColumn = 0;
  let segmentStart = 0; // index in the current chunk where the current record's unbuffered bytes begin
  let bomChecked = false;

  const emitRecord = (): RecordFrame => {
    if (buffer.overflowed) {
      const size = buffer.size;
      buffer.reset();
      return { kind: 'too-large', size, line: startLine, offset: startOffset };
    }
    return { kind: 'record', bytes: buffer.take(), line: startLine, offset: startOffset };
  };
  const emitMalformed = (reason: string): RecordFrame => {
    const overflowed = buffer.overflowed;
    const bytes = overflowed ? new Uint8Array(0) : buffer.take();
    buffer.reset();
    return { kind: 'malformed', reason, bytes, line: startLine, offset: startOffset };
  };

  const push = (chunk: Uint8Array): RecordFrame[] => {
    out = [];
    let i = 0;
    if (!bomChecked) {
      bomChecked = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    segmentStart = i;
    const n = chunk.length;
    for (; i < n; i++) {
      const b = chunk[i]!;
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          else if (b === NL) {
            buffer.push(chunk.subarray(segmentStart, i));
            out.push(emitMalformed('unterminated string: a JSON string may not contain a raw line break'));
            depth = 0;
            inString = false;
            resync = true;
          }
        } else if (b === QUOTE) inString = true;
        else if (b === LBRACE || b === LBRACKET) {
          if (b === LBRACE && column === 0 && startColumn === 0) {
            buffer.push(chunk.subarray(segmentStart, i));
            out.push(emitMalformed('truncated JSON document: a new document starts before this one ends'));
            depth = 1;
            startLine = line;
            startOffset = position + i;
            startColumn = 0;
            segmentStart = i;
          } else depth++;
        } else if (b === RBRACE || b === RBRACKET) {
          depth--;
          if (depth === 0) {
            buffer.push(chunk.subarray(segmentStart, i + 1));
            out.push(emitRecord());
          }
        }
      } else if (resync) {
        if (column === 0 && (b === LBRACE || b === LBRACKET)) {
          resync = false;
          i--; // re-read this byte as the start of a value
          continue;
        }
      } else if (garbage) {
        if (b === NL) {
          buffer.push(chunk.subarray(segmentStart, i));
          garbage = false;
          out.push(emitMalformed('unexpected text outside a JSON document'));
        }
      } else if (isSpace(b)) {
        // between values
      } else if (b === LBRACKET && !seenValue && !wrapper) {
        wrapper = true;
      } else if (wrapper && b === COMMA) {
        // separator between wrapped documents
      } else if (wrapper && b === RBRACKET) {
        wrapper = false;
      } else if (b === LBRACE || b === LBRACKET) {
        depth = 1;
        seenValue = true;
        startLine = line;
        startOffset = position + i;
        startColumn = column;
        segmentStart = i;
      } else {
        garbage = true;
        startLine = line;
        startOffset = position + i;
        segmentStart = i;
      }
      if (b === NL) {
        line++;
        column = 0;
      } else column++;
    }
    if (depth > 0 || garbage) buffer.push(chunk.subarray(segmentStart));
    position += n;
    return out;
  };
  const end = (): RecordFrame[] => {
    out = [];
    if (depth > 0) out.push(emitMalformed('truncated JSON document at end of input'));
    else if (garbage) out.push(emitMalformed('unexpected text outside a JSON document'));
    return out;
  };
  return { push, end };
}
