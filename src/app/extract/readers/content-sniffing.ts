/**
 * Content type detection from magic bytes, file extension, HTTP Content-Type and the text itself.
 * Binary formats stormwatch does not read are named, so the error can say what the file is.
 */
import { looksLikeFeed } from './feed-reader.js';
import { looksLikeStix } from './stix-reader.js';

/** What a reader is picked for. */
export type InputKind = 'text' | 'markdown' | 'html' | 'pdf' | 'feed' | 'stix';

const MAGIC: readonly (readonly [readonly number[], string])[] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or a DOCX/XLSX Office document)'],
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0x42, 0x5a, 0x68], 'a bzip2-compressed file'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an xz-compressed file'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x4d, 0x5a], 'a Windows executable (PE)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a Mach-O executable'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF media file'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an OLE2 file (legacy .doc/.xls/.msg)'],
  [
    [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00],
    'a Windows event log (EVTX); hunt it with stormwatch hunt',
  ],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF document'],
];

/** True when the first KiB holds the PDF header (`%PDF-`, which may follow some junk). */
export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/** A description of a known binary format, or undefined. */
export function binaryFormat(bytes: Uint8Array): string | undefined {
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) return what;
  }
  return undefined;
}

/** True when too many C0 control characters make the text implausible. */
export function mostlyControlCharacters(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.length < 16) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) control++;
  }
  return control / sample.length > 0.1;
}

const EXTENSIONS: Readonly<Record<string, InputKind | 'xml' | 'json'>> = {
  txt: 'text',
  text: 'text',
  log: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  mkd: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  shtml: 'html',
  pdf: 'pdf',
  rss: 'feed',
  atom: 'feed',
  xml: 'xml',
  json: 'json',
};

/** The lower-case extension of a file name or URL path. */
export function extensionOf(name: string): string {
  const path = name.replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** True when a directory walk should read a file with this name. */
export function isSupportedName(name: string): boolean {
  return Object.hasOwn(EXTENSIONS, extensionOf(name));
}

function kindFromContentType(contentType: string | undefined): InputKind | 'xml' | 'json' | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return undefined;
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'application/rss+xml' || type === 'application/atom+xml' || type === 'application/rdf+xml')
    return 'feed';
  if (type === 'application/xml' || type === 'text/xml') return 'xml';
  if (type === 'application/stix+json' || type === 'application/taxii+json' || type === 'application/json')
    return 'json';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  if (type === 'text/plain') return 'text';
  return undefined;
}

const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const MARKDOWN_HINTS = /(^|\n)(#{1,6} \S|```|~~~|\s*\|?\s*:?-{3,}:?\s*\|)/;

/**
 * The reader for a decoded text, from (in order) its extension, the HTTP Content-Type and its content.
 * Returns a reason string when the input is of a kind stormwatch does not read.
 */
export function chooseTextKind(
  text: string,
  name: string,
  contentType?: string,
): InputKind | { readonly unsupported: string } {
  const head = text.slice(0, 2048);
  const declared = EXTENSIONS[extensionOf(name)] ?? kindFromContentType(contentType);
  if (declared === 'xml' || declared === 'feed') {
    if (looksLikeFeed(head)) return 'feed';
    if (HTML_START.test(head) || /^\s*(<\?xml[^>]*\?>\s*)?<html[\s>]/i.test(head)) return 'html';
    return { unsupported: 'XML that is not an RSS or Atom feed' };
  }
  if (declared === 'json') {
    return looksLikeStix(head) ? 'stix' : { unsupported: 'JSON that is not a STIX 2.1 bundle' };
  }
  if (declared !== undefined && declared !== 'pdf') return declared;
  if (looksLikeFeed(head)) return 'feed';
  if (HTML_START.test(head)) return 'html';
  if (looksLikeStix(head)) return 'stix';
  if (MARKDOWN_HINTS.test(head)) return 'markdown';
  return 'text';
}
