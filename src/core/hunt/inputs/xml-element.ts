/**
 * A small, linear XML element parser for the subset event exports use: elements, attributes (single or double
 * quoted), namespace prefixes (kept out of names: local names only), character and predefined entity
 * references, CDATA sections, comments and processing instructions (skipped). No DTDs, no external entities.
 * Throws StormwatchError `HUNT_INPUT_XML` with the character offset of the problem.
 */
import { StormwatchError } from '../../shared/index.js';

/** One parsed element. `text` is the concatenation of its direct character data. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function fail(message: string, offset: number): never {
  throw new StormwatchError({
    code: 'HUNT_INPUT_XML',
    kind: 'input',
    message: `malformed XML: ${message}`,
    location: { offset },
    hint: 'The event element is not well-formed XML; re-export it (wevtutil qe <log> /f:xml) or skip it.',
  });
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Decodes entity and character references in `raw` (which started at `base` in the element text). */
export function decodeEntities(raw: string, base = 0): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (;;) {
    const amp = raw.indexOf('&', from);
    if (amp < 0) break;
    out += raw.slice(from, amp);
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 12) fail('"&" is not the start of an entity reference', base + amp);
    const ref = raw.slice(amp + 1, semi);
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const digits = ref.slice(hex ? 2 : 1);
      const code = Number.parseInt(digits, hex ? 16 : 10);
      if (!(hex ? /^[0-9a-f]+$/i : /^\d+$/).test(digits) || code > 0x10ffff) {
        fail(`bad character reference &${ref};`, base + amp);
      }
      out += String.fromCodePoint(code);
    } else {
      const v = PREDEFINED[ref];
      if (v === undefined) fail(`unknown entity &${ref};`, base + amp);
      out += v;
    }
    from = semi + 1;
  }
  return out + raw.slice(from);
}

const NAME = /[^\s/>=]+/y;
const ATTRIBUTE = /\s*([^\s/>=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const SPACE = /\s*/y;

/** Parses the single element in `text` (leading/trailing whitespace, comments and PIs allowed around it). */
export function parseXmlElement(text: string): XmlElement {
  const stack: { element: XmlElement; qname: string }[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      const chunk = text.slice(i, textEnd);
      if (top) top.element.text += decodeEntities(chunk, i);
      else if (chunk.trim() !== '') fail('text outside the root element', i);
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) fail('unterminated comment', lt);
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) fail('unterminated CDATA section', lt);
      const top = stack[stack.length - 1];
      if (!top) fail('CDATA outside the root element', lt);
      top.element.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) fail('unterminated processing instruction', lt);
      i = end + 2;
    } else if (text.startsWith('<!', lt)) {
      fail('DOCTYPE and other declarations are not supported inside an event', lt);
    } else if (text[lt + 1] === '/') {
      NAME.lastIndex = lt + 2;
      const m = NAME.exec(text);
      if (!m) fail('end tag without a name', lt);
      const top = stack.pop();
      if (!top || top.qname !== m[0])
        fail(`end tag </${m[0]}> does not match <${top?.qname ?? '(none)'}>`, lt);
      SPACE.lastIndex = NAME.lastIndex;
      SPACE.exec(text);
      if (text[SPACE.lastIndex] !== '>') fail(`expected ">" to close </${m[0]}>`, SPACE.lastIndex);
      i = SPACE.lastIndex + 1;
      if (stack.length === 0) {
        const rest = text.slice(i).trim();
        if (rest !== '' && !/^(<!--[\s\S]*?-->|<\?[\s\S]*?\?>|\s)*$/.test(rest))
          fail('content after the root element', i);
        return root!;
      }
    } else {
      NAME.lastIndex = lt + 1;
      const m = NAME.exec(text);
      if (!m) fail('start tag without a name', lt);
      const qname = m[0];
      const attributes: Record<string, string> = {};
      let at = NAME.lastIndex;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const a = ATTRIBUTE.exec(text);
        if (!a) break;
        const attrName = a[1]!;
        at = ATTRIBUTE.lastIndex;
        if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) continue;
        attributes[localName(attrName)] = decodeEntities(a[2] ?? a[3] ?? '', at);
      }
      SPACE.lastIndex = at;
      SPACE.exec(text);
      at = SPACE.lastIndex;
      let selfClosing = false;
      if (text[at] === '/') {
        selfClosing = true;
        at++;
      }
      if (text[at] !== '>') fail(`malformed start tag <${qname}>`, at);
      const element: XmlElement = { name: localName(qname), attributes, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.element.children.push(element);
      else if (root) fail('more than one root element', lt);
      else root = element;
      i = at + 1;
      if (selfClosing) {
        if (!parent) return element;
      } else stack.push({ element, qname });
    }
  }
  if (!root) fail('no element found', 0);
  fail(`element <${stack[stack.length - 1]?.qname ?? root.name}> is not closed`, n);
}
