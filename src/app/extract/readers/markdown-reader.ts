/**
 * Markdown reader (CommonMark + GFM tables): keeps the prose, drops markup noise. Fenced and indented
 * code blocks and code spans are kept verbatim (they often hold commands and IOCs); table rows become
 * lines with cells joined by ` | `; links keep their text, images their alt text; YAML front matter
 * gives title and date; link reference definitions (citations) are dropped.
 */
import { htmlFragmentToText } from './html-reader.js';
import { normalisePublished } from './published-date.js';

export interface MarkdownText {
  readonly text: string;
  readonly title?: string;
  readonly published?: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const HTML_BLOCK_START =
  /^ {0,3}<\/?(pre|script|style|table|div|p|ul|ol|dl|blockquote|details|figure|section|article|aside|h[1-6]|hr)(?=[\s/>]|$)/i;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s+\S+/;

/** Inline markup → text. Code spans are protected first so nothing inside them changes. */
export function markdownInline(line: string): string {
  const spans: string[] = [];
  let s = line.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) => {
    spans.push(code.replace(/^ (.*) $/, '$1'));
    return `\uE000${spans.length - 1}\uE001`;
  });
  s = s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|ftp|mailto):[^>\s]+)>/gi, '$1')
    .replace(/<br\s*\/?>/gi, '\n')
    // Block and cell tags separate words: never glue the texts on either side of them.
    .replace(
      /<\/?(?:td|th|tr|p|div|li|table|thead|tbody|ul|ol|h[1-6]|blockquote|section)(?:\s[^<>]*)?>/gi,
      ' ',
    )
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>/g, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[\s(])\*(?=\S)([^*]*?\S)\*(?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/(^|[\s(])_(?=\S)([^_]*?\S)_(?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
    .replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, '$1');
  return s.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => spans[Number(i)] ?? '');
}

function tableCells(line: string): string[] {
  const trimmed = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  const cells: string[] = [];
  let current = '';
  let inCode = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed.charAt(i);
    if (c === '`') inCode = !inCode;
    if (c === '\\' && trimmed.charAt(i + 1) === '|') {
      current += '|';
      i++;
      continue;
    }
    if (c === '|' && !inCode) {
      cells.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  cells.push(current);
  return cells.map((cell) => markdownInline(cell.trim()));
}

function frontMatter(lines: string[]): { end: number; title?: string; published?: string } {
  if (lines[0]?.trim() !== '---') return { end: 0 };
  const close = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (close < 0) return { end: 0 };
  let title: string | undefined;
  let published: string | undefined;
  for (const l of lines.slice(1, close)) {
    const m = /^(title|date|published|pubdate)\s*:\s*["']?(.*?)["']?\s*$/i.exec(l);
    if (!m?.[2]) continue;
    if (m[1]?.toLowerCase() === 'title') title = m[2];
    else published ??= normalisePublished(m[2]);
  }
  return { end: close + 1, ...(title ? { title } : {}), ...(published ? { published } : {}) };
}

/** Converts Markdown to reading text plus title/date. */
export function readMarkdown(markdown: string): MarkdownText {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const fm = frontMatter(lines);
  const out: string[] = [];
  let title = fm.title;
  let fence: string | undefined;
  let previousBlank = true;
  for (let i = fm.end; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (fence !== undefined) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
      else out.push(line);
      continue;
    }
    const htmlBlock = HTML_BLOCK_START.exec(line);
    if (htmlBlock && previousBlank) {
      // CommonMark HTML block: up to the closing tag for <pre>/<script>/<style>, else up to a blank line.
      const raw = htmlBlock[1]?.toLowerCase() ?? '';
      const closing =
        raw === 'pre' || raw === 'script' || raw === 'style' ? new RegExp(`</${raw}>`, 'i') : undefined;
      const block: string[] = [line];
      while (
        i + 1 < lines.length &&
        (closing ? !closing.test(block[block.length - 1] ?? '') : (lines[i + 1] ?? '').trim() !== '')
      ) {
        block.push(lines[++i] ?? '');
      }
      if (raw !== 'script' && raw !== 'style') out.push(htmlFragmentToText(block.join('\n')));
      previousBlank = false;
      continue;
    }
    const fenceOpen = FENCE.exec(line);
    if (fenceOpen) {
      fence = fenceOpen[1]?.charAt(0).repeat(fenceOpen[1].length);
      continue;
    }
    if (
      /^( {4}|\t)/.test(line) &&
      previousBlank &&
      line.trim() !== '' &&
      !/^\s*([-*+]|\d+[.)])\s/.test(line)
    ) {
      out.push(line.replace(/^( {4}|\t)/, ''));
      continue;
    }
    previousBlank = line.trim() === '';
    if (REFERENCE_DEFINITION.test(line)) continue;
    if (/^ {0,3}(=+|-+)\s*$/.test(line) && out.length > 0 && (out[out.length - 1] ?? '').trim() !== '') {
      // Setext heading underline: the line above is the heading.
      if (line.includes('=') && title === undefined) title = (out[out.length - 1] ?? '').trim();
      continue;
    }
    if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('');
      continue;
    }
    if (line.includes('|') && (TABLE_DELIMITER.test(lines[i + 1] ?? '') || TABLE_DELIMITER.test(line))) {
      if (TABLE_DELIMITER.test(line)) continue;
      out.push(tableCells(line).join(' | '));
      continue;
    }
    if (line.includes('|') && /^\s*\|.*\|\s*$/.test(line)) {
      out.push(tableCells(line).join(' | '));
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const text = markdownInline(heading[2] ?? '');
      if (heading[1] === '#' && title === undefined) title = text;
      out.push(text);
      continue;
    }
    const body = line
      .replace(/^ {0,3}(>\s?)+/, '')
      .replace(/^(\s*)([-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, '$1');
    out.push(markdownInline(body));
  }
  const text = out
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, ...(title ? { title } : {}), ...(fm.published ? { published: fm.published } : {}) };
}
