/**
 * XML event framing for wevtutil / Get-WinEvent / Sysmon exports: `<Events><Event xmlns=…>…</Event>…</Events>`
 * or bare `<Event>` elements back to back. A linear byte-level state machine (tags, quoted attribute values,
 * comments, CDATA, processing instructions, declarations) finds each `<Event>` element (any namespace prefix)
 * and returns its bytes; markup outside Event elements is skipped. The first non-blank text outside any element
 * is reported once (a file forced to XML that is not XML would otherwise yield nothing at all, silently).
 */
import { RecordBuffer, type RecordFrame, type RecordFramer } from './record-frame.js';

enum S {
  Text,
  Lt, // after '<'
  Bang, // after '<!'
  Comment,
  Cdata,
  Pi,
  Decl,
  TagName,
  InTag,
  QuoteD,
  QuoteS,
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QMARK = 0x3f;
const DQ = 0x22;
const SQ = 0x27;
const NL = 0x0a;
const EVENT = [0x45, 0x76, 0x65, 0x6e, 0x74]; // "Event"
const MAX_NAME = 256;

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

function isNameEnd(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === GT || b === SLASH;
}

/** A framer of `<Event>` elements. */
export function xmlEventFramer(maxRecordBytes: number): RecordFramer {
  let out: RecordFrame[] = [];
  const buffer = new RecordBuffer(maxRecordBytes);
  let state = S.Text;
  let line = 1;
  let position = 0;
  let depth = 0; // element depth inside the current Event (0 = outside)
  let closing = false; // current tag is an end tag
  let name: number[] = [];
  let bang: number[] = [];
  let prev = 0; // previous byte inside a tag / comment / PI
  let prev2 = 0;
  let tagLine = 0;
  let tagOffset = 0;
  let recordLine = 0;
  let recordOffset = 0;
  let segmentStart = 0;
  let counted = 0; // index in the current chunk up to which newlines have been counted into `line`
  let strayReported = false; // non-blank text outside any element already reported

  /** Counts newlines in chunk[counted, upTo) (natively, via indexOf) so `line` is the line of byte `upTo`. */
  const countLines = (chunk: Uint8Array, upTo: number): void => {
    for (let k = chunk.indexOf(NL, counted); k >= 0 && k < upTo; k = chunk.indexOf(NL, k + 1)) line++;
    counted = upTo;
  };

  const isEventName = (): boolean => {
    // local name (after an optional prefix) equals "Event"
    let start = name.lastIndexOf(0x3a) + 1;
    if (name.length - start !== EVENT.length) return false;
    for (let k = 0; k < EVENT.length; k++, start++) if (name[start] !== EVENT[k]) return false;
    return true;
  };

  /** Reports the first non-blank byte of chunk[from, to), text outside any element (a UTF-8 BOM at 0 aside). */
  const strayText = (chunk: Uint8Array, from: number, to: number): void => {
    let k = from;
    if (position + k === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) k = 3;
    while (k < to && isBlank(chunk[k]!)) k++;
    if (k >= to) return;
    strayReported = true;
    countLines(chunk, k);
    out.push({
      kind: 'malformed',
      reason: 'text outside any element: not an XML event export (only the first such text is reported)',
      bytes: chunk.slice(k, Math.min(to, k + 64)),
      line,
      offset: position + k,
    });
  };

  const push = (chunk: Uint8Array): RecordFrame[] => {
    out = [];
    segmentStart = 0;
    counted = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      switch (state) {
        case S.Text: {
          // character data: jump to the next '<' natively
          const lt = b === LT ? i : chunk.indexOf(LT, i);
          if (depth === 0 && !strayReported && lt !== i) strayText(chunk, i, lt < 0 ? n : lt);
          if (lt < 0) {
            i = n;
            break;
          }
          i = lt;
          state = S.Lt;
          tagOffset = position + i;
          if (depth === 0) {
            countLines(chunk, i);
            tagLine = line;
            segmentStart = i;
            buffer.reset(); // drop bytes of an earlier tag that was not an Event
          }
          break;
        }
        case S.Lt:
          if (b === BANG) {
            state = S.Bang;
            bang = [];
          } else if (b === QMARK) {
            state = S.Pi;
            prev = 0;
          } else {
            closing = b === SLASH;
            // element names only matter outside an Event (to recognise one); inside, depth is enough
            name = closing || depth > 0 ? [] : [b];
            state = S.TagName;
          }
          break;
        case S.Bang:
          bang.push(b);
          if (bang.length === 2 && bang[0] === 0x2d && bang[1] === 0x2d) {
            state = S.Comment;
            prev = prev2 = 0;
          } else if (bang.length === 7) {
            state = String.fromCharCode(...bang) === '[CDATA[' ? S.Cdata : S.Decl;
            prev = prev2 = 0;
          } else if (b === GT) state = S.Text;
          break;
        case S.Comment:
          if (b === GT && prev === 0x2d && prev2 === 0x2d) state = S.Text;
          prev2 = prev;
          prev = b;
          break;
        case S.Cdata:
          if (b === GT && prev === 0x5d && prev2 === 0x5d) state = S.Text;
          prev2 = prev;
          prev = b;
          break;
        case S.Pi:
          if (b === GT && prev === QMARK) state = S.Text;
          prev = b;
          break;
        case S.Decl:
          if (b === GT) state = S.Text;
          break;
        case S.TagName:
          if (isNameEnd(b)) {
            state = S.InTag;
            prev = 0;
            i--; // let InTag see this byte (it may be '>' or '/')
            continue;
          }
          if (depth === 0 && name.length < MAX_NAME) name.push(b);
          break;
        case S.InTag:
          if (b === DQ) state = S.QuoteD;
          else if (b === SQ) state = S.QuoteS;
          else if (b === GT) {
            state = S.Text;
            const selfClosing = prev === SLASH;
            if (closing) {
              if (depth > 0) {
                depth--;
                if (depth === 0) {
                  buffer.push(chunk.subarray(segmentStart, i + 1));
                  if (buffer.overflowed) {
                    const size = buffer.size;
                    buffer.reset();
                    out.push({ kind: 'too-large', size, line: recordLine, offset: recordOffset });
                  } else {
                    out.push({
                      kind: 'record',
                      bytes: buffer.take(),
                      line: recordLine,
                      offset: recordOffset,
                    });
                  }
                }
              }
            } else if (depth > 0) {
              if (!selfClosing) depth++;
            } else if (isEventName()) {
              recordLine = tagLine;
              recordOffset = tagOffset;
              if (selfClosing) {
                buffer.push(chunk.subarray(segmentStart, i + 1));
                out.push({ kind: 'record', bytes: buffer.take(), line: recordLine, offset: recordOffset });
              } else depth = 1;
            }
          } else if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) prev = b;
          break;
        case S.QuoteD: {
          const q = chunk.indexOf(DQ, i);
          if (q < 0) i = n;
          else {
            i = q;
            state = S.InTag;
          }
          break;
        }
        case S.QuoteS: {
          const q = chunk.indexOf(SQ, i);
          if (q < 0) i = n;
          else {
            i = q;
            state = S.InTag;
          }
          break;
        }
      }
    }
    countLines(chunk, n);
    // Keep the bytes of an open Event, or of a tag that may turn out to open one.
    if (
      depth > 0 ||
      state === S.Lt ||
      state === S.TagName ||
      state === S.InTag ||
      state === S.QuoteD ||
      state === S.QuoteS
    ) {
      buffer.push(chunk.subarray(segmentStart));
    }
    position += n;
    return out;
  };
  const end = (): RecordFrame[] => {
    out = [];
    if (depth > 0) {
      const bytes = buffer.overflowed ? new Uint8Array(0) : buffer.take();
      out.push({
        kind: 'malformed',
        reason: 'truncated XML: <Event> element not closed at end of input',
        bytes,
        line: recordLine,
        offset: recordOffset,
      });
    }
    return out;
  };
  return { push, end };
}
