import { describe, expect, it } from 'vitest';
import { markdownInline, readMarkdown } from './markdown-reader.js';

describe('Markdown inline markup', () => {
  it.each([
    ['**bold** and *em* and _em_', 'bold and em and em'],
    ['code `C:\\Windows\\*.exe` stays', 'code C:\\Windows\\*.exe stays'],
    ['`a **not bold** b`', 'a **not bold** b'],
    ['[text](https://x.example/a_(b)) and <https://auto.example/x>', 'text and https://auto.example/x'],
    [
      'evil\\[.\\]example\\[.\\]com and snake_case_name and 2*3*4',
      'evil[.]example[.]com and snake_case_name and 2*3*4',
    ],
    ['line<br>break and <span class="x">tag</span>', 'line\nbreak and tag'],
    ['<td>198.51.100.1</td><td>evil.example</td>', ' 198.51.100.1  evil.example '],
  ])('%s', (input, output) => {
    expect(markdownInline(input)).toBe(output);
  });
});

describe('Markdown blocks', () => {
  it('renders HTML blocks as HTML (table rows as lines), without gluing cells', () => {
    const md =
      'Before\n\n<table>\n<tr><td>198.51.100.1</td><td>C2</td></tr>\n<tr><td>evil.example</td><td>drop</td></tr>\n</table>\n\n<script>x()</script>\n\nAfter';
    expect(readMarkdown(md).text).toBe('Before\n\n198.51.100.1 | C2\nevil.example | drop\n\nAfter');
  });

  it('keeps fenced and indented code verbatim and takes the first H1 as title', () => {
    const md =
      'Intro\n===\n\nText **x**\n\n    indented **code**\n\n~~~\nfenced `x` *y*\n~~~\n\n1. one\n2. two\n';
    expect(readMarkdown(md)).toEqual({
      text: 'Intro\n\nText x\n\nindented **code**\n\nfenced `x` *y*\n\none\ntwo',
      title: 'Intro',
    });
  });
});
