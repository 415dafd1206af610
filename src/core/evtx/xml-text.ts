/**
 * XML 1.0 text for the XML rendering: markup characters escaped, and each character XML 1.0 does not allow
 * (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates) replaced by
 * U+FFFD, so that every record is a well-formed document. JSON and the flat event keep the exact value.
 */

/** Characters XML 1.0 forbids, as a character class body (C0 controls but tab, LF and CR; U+FFFE, U+FFFF). */
const FORBIDDEN = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff';
const NOT_XML_CHAR = new RegExp(
  `[${FORBIDDEN}]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`,
  'g',
);
/** A quick test for markup or a character to replace (any surrogate: pairs are then kept by NOT_XML_CHAR). */
const TEXT_RE = new RegExp(`[&<>${FORBIDDEN}\\ud800-\\udfff]`);
const ATTR_RE = new RegExp(`[&<>"${FORBIDDEN}\\ud800-\\udfff]`);

/** `s` with each character XML 1.0 forbids replaced by U+FFFD. */
export function xmlChars(s: string): string {
  return s.replace(NOT_XML_CHAR, '\ufffd');
}

/** Escapes `&`, `<`, `>` in element text (and replaces characters XML forbids). */
export function escapeXmlText(s: string): string {
  return TEXT_RE.test(s) ? xmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
}

/** Escapes `&`, `<`, `>`, `"` in attribute values (and replaces characters XML forbids). */
export function escapeXmlAttr(s: string): string {
  return ATTR_RE.test(s) ? escapeXmlText(s).replace(/"/g, '&quot;') : s;
}

/** Whether code point `c` is a character XML 1.0 allows. */
function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
}

/** A character reference (`&#N;`), or U+FFFD for one XML forbids. */
export function xmlCharRef(code: number): string {
  return isXmlChar(code) ? `&#${code};` : '\ufffd';
}

/** A CDATA section holding `text` (a `]]>` inside is split across two sections). */
export function xmlCData(text: string): string {
  return `<![CDATA[${xmlChars(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
