import { describe, expect, it } from 'vitest';
import { type PdfTextItem, pageLines, pagesToText, rejoin } from './pdf-lines.js';

describe('rejoining indicators broken at line ends', () => {
  it.each([
    [
      'SHA-1 halves',
      'hash 0123456789abcdef0123',
      '456789abcdef01234567 is bad',
      'hash 0123456789abcdef0123456789abcdef01234567 is bad',
    ],
    [
      'URL after a slash, continued by a path',
      'see https://evil.example/wp-content/',
      'uploads/shell.php now',
      'see https://evil.example/wp-content/uploads/shell.php now',
    ],
    [
      'defanged URL after a hyphen',
      'at hxxps://cdn-',
      'edge[.]example[.]com/x',
      'at hxxps://cdn-edge[.]example[.]com/x',
    ],
    ['hyphenated word', 'the state-', 'sponsored actor', 'the state-sponsored actor'],
  ])('%s', (_name, prev, next, joined) => {
    expect(rejoin(prev, next)).toBe(joined);
  });

  it.each([
    ['two words', 'the attackers used', 'valid accounts'],
    ['a sentence after a URL', 'Details at https://www.cisa.gov/advisory.', 'The agency said'],
    ['a capitalised word after a URL slash', 'Read https://example.com/', 'Microsoft said'],
    ['two MD5s in a list', 'd41d8cd98f00b204e9800998ecf8427e', '0cc175b9c0f1b6a831c399e269772661'],
    ['a dash before a capital', 'Volt Typhoon -', 'China'],
    ['a number after a sentence', 'It ended in', '2024 with arrests'],
  ])('keeps a line end between %s', (_name, prev, next) => {
    expect(rejoin(prev, next)).toBeUndefined();
  });
});

describe('lines from text items', () => {
  const item = (str: string, x: number, y: number, width: number, hasEOL = false): PdfTextItem => ({
    str,
    transform: [10, 0, 0, 10, x, y],
    width,
    height: 10,
    hasEOL,
  });

  it('groups items by baseline, spaces visibly separate items and keeps adjacent ones together', () => {
    const lines = pageLines([
      item('198.51', 72, 700, 30),
      item('.100.3', 102, 700, 30),
      item('C2', 140, 700, 10, true),
      item('next', 72, 686, 20),
    ]);
    expect(lines.map((l) => l.text)).toEqual(['198.51.100.3 C2', 'next']);
  });

  it('drops running headers/footers that repeat on most pages', () => {
    const page = (n: number) => [
      { text: 'ACME Threat Report', y: 780, height: 10 },
      { text: `Body of page ${n}`, y: 700, height: 10 },
      { text: `Page ${n} of 4`, y: 40, height: 10 },
    ];
    expect(pagesToText([page(1), page(2), page(3), page(4)])).toBe(
      'Body of page 1\n\nBody of page 2\n\nBody of page 3\n\nBody of page 4',
    );
  });
});
