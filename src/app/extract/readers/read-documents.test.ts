import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../../../test/fixtures/extract/make-pdf.js';
import { describeShared, shared } from '../../../../test/shared-data.js';
import {
  type DocumentResult,
  documentsFromBytes,
  type ReadOptions,
  type ReadProgress,
  readDocuments,
} from '../index.js';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/extract');
const fixture = (name: string) => join(FIXTURES, name);

async function all(input: string, options?: ReadOptions): Promise<DocumentResult[]> {
  const out: DocumentResult[] = [];
  for await (const r of readDocuments(input, options)) out.push(r);
  return out;
}

/** JSON-safe view of results with paths made relative, for whole-output snapshots. */
function view(results: readonly DocumentResult[]) {
  return results.map((r) => {
    const rel = (s: string) => s.replace(FIXTURES, '<fixtures>');
    if (r.ok) {
      const { sha256, warnings, source, ...rest } = r.doc;
      return {
        ok: true,
        source: rel(source),
        ...rest,
        sha256: sha256.slice(0, 12),
        warnings: warnings.map((w) => `${w.code}: ${rel(w.message)}`),
      };
    }
    return {
      ok: false,
      source: rel(r.source),
      ...(r.skipped ? { skipped: true } : {}),
      code: r.error.code,
      message: rel(r.error.message),
      hint: r.error.hint,
    };
  });
}

function only(results: readonly DocumentResult[]) {
  expect(results).toHaveLength(1);
  const [r] = results;
  if (!r) throw new Error('no result');
  return r;
}

describe('HTML', () => {
  it('keeps the article (paragraphs, IOC table rows, <pre>) and drops navigation, scripts and footer', async () => {
    const r = only(await all(fixture('article.html')));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { text } = r.doc;
    expect(text).toContain(
      'SHA-256 | e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | Web shell',
    );
    expect(text).toContain('URL | hxxps://update-check[.]example[.]net/api/v2/beacon | Beacon every 60 s');
    expect(text).toContain(
      'ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro"\nnetsh interface portproxy add v4tov4',
    );
    expect(text).toContain('traffic to 198.51.100.23 and to the domain update-check[.]example[.]net.');
    for (const furniture of ['Home', 'Contact', 'window.analytics', 'font-family', '© 2024'])
      expect(text).not.toContain(furniture);
    expect(r.doc).toMatchObject({
      format: 'html',
      title: 'Volt Typhoon targets US water utilities with living-off-the-land techniques',
      published: '2024-02-07',
      url: 'https://news.example.org/2024/02/volt-typhoon-water',
      encoding: 'utf-8',
    });
    expect(r.doc.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(fixture('article.html')))
        .digest('hex'),
    );
    expect(view([r])).toMatchSnapshot();
  });

  it('falls back to the page body (minus furniture) when there is no article, with a warning', async () => {
    const html =
      '<html><head><title>Tiny</title></head><body><nav>Menu Home</nav><div>IOC: 192.0.2.1</div><footer>footer</footer></body></html>';
    const r = only(await documentsFromBytes(Buffer.from(html), 'tiny.html'));
    expect(view([r])).toEqual([
      expect.objectContaining({
        ok: true,
        text: 'IOC: 192.0.2.1',
        title: 'Tiny',
        warnings: [expect.stringMatching(/^extract.readability-fallback/)],
      }),
    ]);
  });

  it('appends IOC tables Readability dropped as boilerplate, but not tables inside navigation', async () => {
    const para = `<p>${'The actor compromised many organisations across sectors and regions in a long campaign. '.repeat(8)}</p>`;
    const html = `<html><body><nav><table><tr><td>menu</td><td>home</td></tr></table></nav><div class="content">${para}${para}</div><div class="sidebar widget"><a href="/1">Link one</a> <a href="/2">Link two</a><table class="ioc"><tr><td><a href="/a">198.51.100.9</a></td><td><a href="/b">c2 node</a></td></tr><tr><td><a href="/c">evil.example.com</a></td><td><a href="/d">domain</a></td></tr></table></div></body></html>`;
    const r = only(await documentsFromBytes(Buffer.from(html), 'p.html'));
    if (!r.ok) throw r.error;
    expect(r.doc.text.endsWith('campaign.\n\n198.51.100.9 | c2 node\nevil.example.com | domain')).toBe(true);
    expect(r.doc.text).not.toContain('menu');
    expect(r.doc.warnings.map((w) => w.message)).toEqual([
      'p.html: 1 table/code block left out by Readability appended after the article text',
    ]);
  });

  it('keeps a large IOC table in place (Readability scores a stand-in for it)', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `<tr><td>IPv4</td><td>198.51.100.${i}</td></tr>`).join(
      '',
    );
    const para = `<p>${'Operators should hunt for the indicators listed below across all network segments. '.repeat(4)}</p>`;
    const html = `<html><body><article>${para}<table>${rows}</table><p>Closing paragraph of the advisory text.</p></article></body></html>`;
    const r = only(await documentsFromBytes(Buffer.from(html), 'big-table.html'));
    if (!r.ok) throw r.error;
    const lines = r.doc.text.split('\n');
    expect(lines.filter((l) => l.startsWith('IPv4 | 198.51.100.'))).toHaveLength(60);
    expect(lines.at(-1)).toBe('Closing paragraph of the advisory text.');
    expect(r.doc.text).not.toContain('stormwatch-table');
    expect(r.doc.warnings).toEqual([]);
  });

  it('reads malformed HTML leniently', async () => {
    const html =
      '<html><body><p>Unclosed <b>bold <i>both</p><table><tr><td>1.2.3.4<td>x</table><p>After &amp; more &bogus; text';
    const r = only(await documentsFromBytes(Buffer.from(html), 'bad.html'));
    expect(r.ok && r.doc.text).toBe('Unclosed bold both\n\n1.2.3.4 | x\n\nAfter & more &bogus; text');
  });
});

describe('Markdown', () => {
  it('keeps prose, table cells and code, drops markup and citation definitions', async () => {
    const r = only(await all(fixture('report.md')));
    expect(view([r])).toMatchSnapshot();
    if (!r.ok) throw new Error('not ok');
    expect(r.doc.text).toContain(
      'SHA-256 | 4f2c7b1e0d1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3 | encryptor',
    );
    expect(r.doc.text).toContain('Domain | evil[.]example[.]com | exfiltration | staging');
    expect(r.doc.text).toContain('Get-WmiObject Win32_ShadowCopy | ForEach-Object { $_.Delete() }');
    expect(r.doc.text).toContain('file_name_with_underscores.exe is not emphasis');
    expect(r.doc.text).not.toContain('citation.example.org');
    expect(r.doc).toMatchObject({
      title: 'Vice Society ransomware: IOC appendix',
      published: '2023-07-14',
      format: 'markdown',
    });
  });
});

describe('feeds', () => {
  it('RSS: one document per item; a broken item is its own error and the others are read', async () => {
    const results = await all(fixture('feed.rss'));
    expect(results.map((r) => (r.ok ? `ok ${r.doc.source.split('#')[1]}` : `error ${r.error.code}`))).toEqual(
      ['ok item-1', 'error extract.feed-item', 'ok item-3', 'ok item-4'],
    );
    expect(view(results)).toMatchSnapshot();
  });

  it('Atom: xhtml, html and text content, entries without content or title', async () => {
    const results = await all(fixture('feed.atom'));
    expect(view(results)).toMatchSnapshot();
    const first = results[0];
    expect(first?.ok && first.doc).toMatchObject({
      title: 'Sandworm again hits Ukrainian energy',
      url: 'https://blog.example.org/sandworm-energy',
      published: '2024-03-01',
      text: 'Sandworm deployed a new wiper against energy companies.\n\nC:\\ProgramData\\wiper.exe /all',
    });
    expect(results[2]?.ok).toBe(false);
    expect(results[3]?.ok && results[3].doc.text).toBe('Indicators: 203.0.113.9 <not a tag>');
  });

  it('a file that is no feed is one clear error', async () => {
    const r = only(
      await documentsFromBytes(Buffer.from('<?xml version="1.0"?><catalog><book/></catalog>'), 'books.xml'),
    );
    expect(r.ok ? '' : `${r.error.code} ${r.error.message}`).toBe(
      'extract.unsupported books.xml: XML that is not an RSS or Atom feed',
    );
  });
});

describe('STIX bundles', () => {
  it('reads report and note text, marks the format stix', async () => {
    const r = only(await all(fixture('bundle.json')));
    expect(view([r])).toMatchSnapshot();
    expect(r.ok && r.doc.text).toBe(
      'Volt Typhoon advisory summary\n\nPRC state-sponsored actor Volt Typhoon compromised US critical infrastructure.\n\nTooling\n\nThe actor used ntdsutil and netsh interface portproxy.',
    );
  });

  it('broken JSON and bundles without text are clear errors', async () => {
    const broken = only(await documentsFromBytes(Buffer.from('{"type": "bundle", "objects": [ {'), 'b.json'));
    expect(broken.ok ? '' : broken.error.code).toBe('extract.stix-invalid');
    const textless = only(
      await documentsFromBytes(
        Buffer.from(
          JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [] }),
        ),
        'e.json',
      ),
    );
    expect(textless.ok ? '' : textless.error.message).toMatch(/no report or note text/);
  });
});

describe('encodings and bad inputs', () => {
  it.each([
    ['utf16le-bom.txt', 'utf-16le', []],
    ['utf16be-nobom.txt', 'utf-16be', ['extract.encoding-guessed']],
    ['windows-1252.txt', 'windows-1252', ['extract.encoding-fallback']],
    ['damaged-utf8.txt', 'utf-8', ['extract.invalid-utf8']],
  ])('%s is decoded as %s', async (name, encoding, warnings) => {
    const r = only(await all(fixture(name)));
    if (!r.ok) throw r.error;
    expect(r.doc.encoding).toBe(encoding);
    expect(r.doc.warnings.map((w) => w.code)).toEqual(warnings);
    expect(r.doc.text.includes(String.fromCharCode(0))).toBe(false);
  });

  it('decodes text correctly and names the first bad UTF-8 byte', async () => {
    const texts = await Promise.all(
      ['utf16le-bom.txt', 'utf16be-nobom.txt', 'windows-1252.txt', 'damaged-utf8.txt'].map(async (n) =>
        only(await all(fixture(n))),
      ),
    );
    expect(texts.map((r) => (r.ok ? r.doc.text : r.error.code))).toEqual([
      'Volt Typhoon used ntdsutil.exe against the domain controller at 10.0.0.5 — “quoted” café.\n',
      'Volt Typhoon used ntdsutil.exe against the domain controller at 10.0.0.5 — “quoted” café.\n',
      'Les opérateurs de l’APT ont visé la société d’électricité à 198.51.100.77 — résumé.\n',
      'Résumé: APT29 used \uFFFD\uFFFD stolen tokens — see 203.0.113.50.\n',
    ]);
    const damaged = texts[3];
    expect(damaged?.ok && damaged.doc.warnings[0]).toMatchObject({
      location: { offset: 21 },
      message: expect.stringContaining('first at byte offset 21 (0xff)'),
    });
  });

  it.each([
    ['binary.txt', 'extract.binary', /binary data \(NUL byte at offset 3\)/],
    ['image.png', 'extract.binary', /a PNG image/],
    ['renamed-zip.txt', 'extract.binary', /a ZIP archive/],
    ['empty.txt', 'extract.empty', /the file is empty/],
    ['no-such-file.txt', 'extract.not-found', /no such file or directory/],
  ])('%s → %s', async (name, code, message) => {
    const r = only(await all(fixture(name)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
    expect(r.error.message).toContain(name);
    expect(r.error.hint).toBeTruthy();
  });

  describe('size limits', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sw-readers-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('rejects a 500 MB file from its size alone, naming the limit and the flag', async () => {
      const big = join(dir, 'huge.txt');
      writeFileSync(big, '');
      truncateSync(big, 500 * 1024 * 1024); // sparse: no 500 MB are written or read
      const before = process.memoryUsage().rss;
      const r = only(await all(big));
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
      expect(r.ok ? '' : `${r.error.code}: ${r.error.message} / ${r.error.hint}`).toBe(
        `extract.too-large: ${big}: 500 MiB, over the 50 MiB limit / Raise the limit with --max-bytes 524288001 if this input is genuine.`,
      );
    });

    it('applies a configured limit to files and stdin', async () => {
      const r = only(await all(fixture('article.html'), { maxBytes: 1024 }));
      expect(r.ok ? '' : r.error.message).toMatch(/3\.1 KiB, over the 1 KiB limit/);
      const s = only(
        await all('-', {
          maxBytes: 10,
          stdin: Readable.from([Buffer.from('0123456789'), Buffer.from('abc')]),
        }),
      );
      expect(s.ok ? '' : `${s.error.code} ${s.error.message}`).toBe(
        'extract.too-large <stdin>: more than the 10 bytes limit',
      );
    });
  });
});

describe('PDF', () => {
  const good = makePdf(
    [
      [
        'Volt Typhoon used the hash e3b0c44298fc1c149afbf4c8996fb9',
        '2427ae41e4649b934ca495991b7852b855 on the host.',
        'Beacon: https://update-check.example.net/api/v2/',
        'beacon.php?id=7 was seen, and so was the server at',
        'hxxps://cdn-edge-',
        'files.example.com/x and the state-',
        'sponsored actor is based in',
        'China.',
        { text: 'MD5 list:', gap: 14 },
        'd41d8cd98f00b204e9800998ecf8427e',
        '0cc175b9c0f1b6a831c399e269772661',
      ],
      ['Second page text.', 'TLP:CLEAR'],
      ['Third page text.', 'TLP:CLEAR'],
      ['Fourth page.', 'TLP:CLEAR'],
    ],
    { title: 'Joint advisory', creationDate: 'D:20240207120000Z' },
  );

  it('rebuilds lines, rejoins broken digests/URLs/hyphenations, keeps other line ends and drops running footers', async () => {
    const r = only(await documentsFromBytes(good, 'advisory.pdf'));
    if (!r.ok) throw r.error;
    expect(r.doc.text).toBe(
      [
        'Volt Typhoon used the hash e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 on the host.',
        'Beacon: https://update-check.example.net/api/v2/beacon.php?id=7 was seen, and so was the server at',
        'hxxps://cdn-edge-files.example.com/x and the state-sponsored actor is based in',
        'China.',
        '',
        'MD5 list:',
        'd41d8cd98f00b204e9800998ecf8427e',
        '0cc175b9c0f1b6a831c399e269772661',
        '',
        'Second page text.',
        '',
        'Third page text.',
        '',
        'Fourth page.',
      ].join('\n'),
    );
    expect(r.doc).toMatchObject({
      format: 'pdf',
      title: 'Joint advisory',
      published: '2024-02-07',
      bytes: good.length,
    });
  });

  it.each([
    [
      'encrypted',
      'extract.pdf-encrypted',
      /encrypted with a password/,
      makePdf([['secret']], { encrypted: true }),
    ],
    ['truncated', 'extract.pdf-invalid', /not a readable PDF/, good.subarray(0, 300)],
    [
      'garbage',
      'extract.pdf-invalid',
      /not a readable PDF/,
      Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog>>\ngarbage\n'),
    ],
    ['textless (scanned)', 'extract.no-text', /none of the 2 PDF pages holds text/, makePdf([[], []])],
  ])('%s PDF → %s', async (_name, code, message, bytes) => {
    const r = only(await documentsFromBytes(bytes, 'x.pdf'));
    expect(r.ok ? '' : r.error.code).toBe(code);
    expect(r.ok ? '' : r.error.message).toMatch(message);
  });

  it('handles kerned TJ arrays and compressed streams: kerning stays inside words, wide gaps become spaces', async () => {
    const pdf = makePdf(
      [
        [
          { text: 'Volt Typhoon', tj: ['Vol', 30, 't Ty', -15, 'phoon'] },
          { text: 'The attackers', tj: ['The', -350, 'attackers', -350, 'used'] },
          { text: 'netsh', tj: ['ne', 10, 'tsh interface portproxy add v4tov4 listenport=9999'] },
        ],
      ],
      { compress: true },
    );
    const r = only(await documentsFromBytes(pdf, 'kerned.pdf'));
    if (!r.ok) throw r.error;
    expect(r.doc.text).toBe(
      'Volt Typhoon\nThe attackers used\nnetsh interface portproxy add v4tov4 listenport=9999',
    );
  });

  it('refuses PDFs over the page limit before reading pages', async () => {
    const r = only(await documentsFromBytes(good, 'advisory.pdf', {}, { maxPdfPages: 3 }));
    expect(r.ok ? '' : `${r.error.code}: ${r.error.message} / ${r.error.hint}`).toBe(
      'extract.too-many-pages: advisory.pdf: 4 PDF pages, over the 3-page limit / Raise the limit with --max-pages 4.',
    );
  });
});

describe('directories, stdin, URLs', () => {
  it('reads every supported file of a directory recursively, lists the others as skipped, reports progress', async () => {
    const progress: ReadProgress[] = [];
    const results = await all(FIXTURES, { onProgress: (p) => progress.push(p) });
    const files = readdirSync(FIXTURES).filter((f) => !f.startsWith('.'));
    expect(progress.map((p) => p.done)).toEqual(files.map((_, i) => i + 1));
    expect(progress.every((p) => p.total === files.length)).toBe(true);
    expect(
      results.map(
        (r) =>
          `${r.ok ? 'ok' : r.skipped ? 'skipped' : r.error.code} ${(r.ok ? r.doc.source : r.source).replace(`${FIXTURES}/`, '')}`,
      ),
    ).toMatchSnapshot();
  });

  it('leaves dot-files out of a walk and cuts symlink loops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-walk-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'a.txt'), 'APT29 note');
      writeFileSync(join(dir, '.hidden.txt'), 'secret');
      symlinkSync(dir, join(dir, 'sub', 'loop'));
      const results = await all(dir);
      expect(results.map((r) => (r.ok ? r.doc.source : r.source).replace(dir, ''))).toEqual(['/sub/a.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads stdin', async () => {
    const r = only(
      await all('-', {
        stdin: Readable.from([Buffer.from('# Title\n\nAPT28 used '), Buffer.from('`mimikatz.exe`.\n')]),
      }),
    );
    expect(r.ok && r.doc).toMatchObject({
      source: '<stdin>',
      format: 'markdown',
      title: 'Title',
      text: 'Title\n\nAPT28 used mimikatz.exe.',
    });
    const tty = only(await all('-', { stdin: Object.assign(Readable.from([]), { isTTY: true }) }));
    expect(tty.ok ? '' : tty.error.code).toBe('extract.stdin-tty');
    const empty = only(await all('-', { stdin: Readable.from([]) }));
    expect(empty.ok ? '' : empty.error.code).toBe('extract.empty');
  });

  describe('URLs (local HTTP server)', () => {
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/article') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(readFileSync(fixture('article.html')));
        } else if (req.url === '/feed') {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          res.end(readFileSync(fixture('feed.rss')));
        } else if (req.url === '/slow') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial');
          setTimeout(() => res.end(' rest'), 2000).unref();
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it('fetches a page and a feed', async () => {
      const page = only(await all(`${base}/article`));
      expect(page.ok && page.doc).toMatchObject({
        source: `${base}/article`,
        format: 'html',
        url: `${base}/article`,
        published: '2024-02-07',
      });
      const feed = await all(`${base}/feed`);
      expect(feed.map((r) => (r.ok ? r.doc.format : r.error.code))).toEqual([
        'feed-item',
        'extract.feed-item',
        'feed-item',
        'feed-item',
      ]);
    });

    it('HTTP errors, timeouts, unreachable hosts and --offline are clear errors', async () => {
      const missing = only(await all(`${base}/missing`));
      expect(missing.ok ? '' : missing.error.message).toBe(
        `${base}/missing: the server answered 404 Not Found`,
      );
      const slow = only(await all(`${base}/slow`, { timeoutMs: 200 }));
      expect(slow.ok ? '' : `${slow.error.code} ${slow.error.hint}`).toBe(
        'extract.timeout Raise the limit with --timeout 400 (milliseconds), or save the page and pass the file.',
      );
      server.close(); // nothing listens any more on this port
      const refused = only(await all(`${base}/article`));
      expect(refused.ok ? '' : refused.error.code).toBe('extract.offline');
      const offline = only(await all('https://example.org/report', { offline: true }));
      expect(offline.ok ? '' : `${offline.error.code}: ${offline.error.message}`).toBe(
        'extract.offline: https://example.org/report: cannot fetch (network access is disabled (--offline))',
      );
    });
  });
});

describeShared('the shared report corpus', () => {
  it('reads every report text as UTF-8 text with its SHA-256', async () => {
    const dir = shared('reports');
    const names = readdirSync(dir).filter((f) => f.endsWith('.txt'));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      const path = join(dir, name);
      const r = only(await all(path));
      if (!r.ok) throw r.error;
      const bytes = readFileSync(path);
      expect(r.doc.format, name).toBe('text');
      expect(r.doc.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(r.doc.text).toBe(
        bytes
          .toString('utf8')
          .replace(/^\uFEFF/, '')
          .replace(/\r\n?/g, '\n'),
      );
      expect(r.doc.warnings, name).toEqual([]);
    }
  });
});
