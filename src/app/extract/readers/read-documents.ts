/**
 * `readDocuments(input)`: the documents of a file, a directory (recursive), standard input (`-`) or a
 * URL, each as text plus provenance, or as a per-document error — one bad input never stops the run.
 * Bytes are typed by magic number, extension, Content-Type and content, decoded (text-decoding.ts)
 * and handed to the reader for their format.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { type Issue, isStormwatchError, StormwatchError } from '../../../core/shared/index.js';
import {
  binaryFormat,
  chooseTextKind,
  isPdf,
  isSupportedName,
  mostlyControlCharacters,
} from './content-sniffing.js';
import { fetchUrl, readFileBytes, readStdin, type SourceBytes, walkDirectory } from './document-sources.js';
import { readFeed } from './feed-reader.js';
import { readHtml } from './html-reader.js';
import { readMarkdown } from './markdown-reader.js';
import { readPdf } from './pdf-reader.js';
import { readerErrors } from './reader-errors.js';
import { readStix } from './stix-reader.js';
import { decodeText, decodeWindows1252 } from './text-decoding.js';
import {
  type DocumentResult,
  type ExtractedDocument,
  type ReadOptions,
  type ResolvedReadOptions,
  resolveReadOptions,
} from './types.js';

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function failure(source: string, cause: unknown): DocumentResult {
  if (isStormwatchError(cause)) return { ok: false, source, error: cause };
  return {
    ok: false,
    source,
    error: new StormwatchError({
      code: 'extract.internal',
      kind: 'internal',
      message: `${source}: unexpected failure while reading (${cause instanceof Error ? cause.message : String(cause)})`,
      location: { file: source },
      hint: 'Please report this with the input file attached.',
      cause,
    }),
  };
}

function clean(text: string): string {
  // Normalise line ends and strip a BOM so that offsets are stable across platforms.
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Hints about bytes obtained from somewhere other than a named file. */
export interface BytesHints {
  /** File name or URL path used for extension-based typing. */
  readonly name?: string;
  readonly contentType?: string;
  readonly url?: string;
}

/**
 * The documents in one input's bytes (several for feeds and multi-report STIX bundles). Never throws:
 * failures come back as `{ ok: false }` results naming `source`.
 */
export async function documentsFromBytes(
  bytes: Uint8Array,
  source: string,
  hints: BytesHints = {},
  options: ReadOptions = {},
): Promise<DocumentResult[]> {
  const limits = resolveReadOptions(options);
  try {
    return await interpret(bytes, source, hints, limits);
  } catch (cause) {
    return [failure(source, cause)];
  }
}

async function interpret(
  bytes: Uint8Array,
  source: string,
  hints: BytesHints,
  limits: ResolvedReadOptions,
): Promise<DocumentResult[]> {
  if (bytes.length === 0) throw readerErrors.empty(source);
  if (bytes.length > limits.maxBytes) throw readerErrors.tooLarge(source, bytes.length, limits.maxBytes);
  const common = { bytes: bytes.length, sha256: sha256(bytes), ...(hints.url ? { url: hints.url } : {}) };
  const name = hints.name ?? source;
  if (isPdf(bytes) || hints.contentType?.startsWith('application/pdf')) {
    if (!isPdf(bytes)) throw readerErrors.pdfInvalid(source, new Error('no %PDF- header'));
    const pdf = await readPdf(bytes, source, limits.maxPdfPages);
    return [
      ok({
        source,
        format: 'pdf',
        text: clean(pdf.text),
        warnings: pdf.warnings,
        ...common,
        ...optional(pdf.title, pdf.published, hints.url),
      }),
    ];
  }
  const binary = binaryFormat(bytes);
  if (binary) throw readerErrors.binary(source, binary, 0);
  const charset = /charset=([\w.:-]+)/i.exec(hints.contentType ?? '')?.[1];
  const decoded = charset
    ? (decodeWith(bytes, charset) ?? decodeText(bytes, source))
    : decodeText(bytes, source);
  if ('binaryAt' in decoded)
    throw readerErrors.binary(
      source,
      `binary data (NUL byte at offset ${decoded.binaryAt})`,
      decoded.binaryAt,
    );
  if (mostlyControlCharacters(decoded.text))
    throw readerErrors.binary(source, 'binary data (mostly control characters)');
  const text = clean(decoded.text);
  if (text.trim() === '') throw readerErrors.noText(source, 'the file holds only whitespace');
  const encoding = { encoding: decoded.encoding };
  const kind = chooseTextKind(text, name, hints.contentType);
  if (typeof kind === 'object') throw readerErrors.unsupported(source, kind.unsupported);
  switch (kind) {
    case 'text':
      return [ok({ source, format: 'text', text, warnings: decoded.warnings, ...common, ...encoding })];
    case 'markdown': {
      const md = readMarkdown(text);
      return [
        ok({
          source,
          format: 'markdown',
          text: md.text,
          warnings: decoded.warnings,
          ...common,
          ...encoding,
          ...optional(md.title, md.published, hints.url),
        }),
      ];
    }
    case 'html': {
      const html = readHtml(text, source);
      if (html.text.trim() === '') throw readerErrors.noText(source, 'the HTML page has no readable text');
      return [
        ok({
          source,
          format: 'html',
          text: html.text,
          warnings: [...decoded.warnings, ...html.warnings],
          ...common,
          ...encoding,
          ...optional(html.title, html.published, hints.url ?? html.url),
        }),
      ];
    }
    case 'feed': {
      const feed = readFeed(text, source);
      return feed.items.map((result): DocumentResult => {
        if (!result.ok) return { ok: false, source: `${source}#item-${result.index}`, error: result.error };
        const item = result.item;
        return ok({
          source: `${source}#item-${item.index}`,
          format: 'feed-item',
          text: clean(item.text),
          warnings: [...decoded.warnings, ...item.warnings],
          bytes: Buffer.byteLength(item.raw, 'utf8'),
          sha256: sha256(item.raw),
          ...encoding,
          ...optional(item.title, item.published, item.url),
        });
      });
    }
    case 'stix':
      return readStix(text, source).map((doc) =>
        ok({
          source: `${source}${doc.fragment}`,
          format: 'stix',
          text: clean(doc.text),
          warnings: [...decoded.warnings, ...doc.warnings],
          ...common,
          ...encoding,
          ...optional(doc.title, doc.published, hints.url ?? doc.url),
        }),
      );
    case 'pdf':
      throw readerErrors.pdfInvalid(source, new Error('no %PDF- header'));
  }
}

function decodeWith(
  bytes: Uint8Array,
  charset: string,
): { text: string; encoding: string; warnings: Issue[] } | undefined {
  try {
    const decoder = new TextDecoder(charset, { fatal: true });
    const text = decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
    return { text, encoding: decoder.encoding, warnings: [] };
  } catch {
    return undefined; // unknown label or invalid bytes: fall back to detection
  }
}

function optional(title: string | undefined, published: string | undefined, url: string | undefined) {
  return { ...(title ? { title } : {}), ...(published ? { published } : {}), ...(url ? { url } : {}) };
}

function ok(doc: ExtractedDocument): DocumentResult {
  return { ok: true, doc };
}

async function fromSource(
  load: () => Promise<SourceBytes>,
  source: string,
  hints: BytesHints,
  options: ReadOptions,
): Promise<DocumentResult[]> {
  let loaded: SourceBytes;
  try {
    loaded = await load();
  } catch (cause) {
    return [failure(source, cause)];
  }
  return documentsFromBytes(
    loaded.bytes,
    source,
    {
      ...hints,
      ...(loaded.contentType ? { contentType: loaded.contentType } : {}),
      ...(loaded.url ? { url: loaded.url } : {}),
    },
    options,
  );
}

/**
 * Reads every document of `input`: a file, a directory (every supported file, recursively; others
 * come back as `skipped`), `-` for standard input, or an http(s) URL.
 */
export async function* readDocuments(
  input: string,
  options: ReadOptions = {},
): AsyncIterable<DocumentResult> {
  const limits = resolveReadOptions(options);
  if (input === '-') {
    const stdin =
      options.stdin ?? (process.stdin as unknown as AsyncIterable<Uint8Array> & { isTTY?: boolean });
    yield* await fromSource(() => readStdin(stdin, limits.maxBytes), '<stdin>', { name: '' }, options);
    return;
  }
  if (/^https?:\/\//i.test(input)) {
    const url = new URL(input);
    const fetchOptions = {
      ...limits,
      ...(options.offline ? { offline: true } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
    yield* await fromSource(() => fetchUrl(input, fetchOptions), input, { name: url.pathname }, options);
    return;
  }
  let isDirectory = false;
  try {
    isDirectory = (await stat(input)).isDirectory();
  } catch (cause) {
    const code =
      typeof cause === 'object' && cause !== null && 'code' in cause
        ? (cause as { code: unknown }).code
        : undefined;
    yield failure(
      input,
      code === 'ENOENT' ? readerErrors.notFound(input) : readerErrors.unreadable(input, cause),
    );
    return;
  }
  if (!isDirectory) {
    yield* await fromSource(() => readFileBytes(input, limits.maxBytes), input, {}, options);
    return;
  }
  let files: string[];
  try {
    files = await walkDirectory(input);
  } catch (cause) {
    yield failure(input, readerErrors.unreadable(input, cause));
    return;
  }
  let done = 0;
  for (const file of files) {
    if (isSupportedName(file)) {
      yield* await fromSource(() => readFileBytes(file, limits.maxBytes), file, {}, options);
    } else {
      yield {
        ok: false,
        source: file,
        skipped: true,
        error: readerErrors.unsupported(file, 'not a supported document type (skipped)'),
      };
    }
    options.onProgress?.({ done: ++done, total: files.length, source: file });
  }
}
