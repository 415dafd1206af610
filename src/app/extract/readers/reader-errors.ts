/**
 * Errors the readers raise, one factory per stable code, so messages, kinds and hints stay
 * consistent. Every error names the source (file, URL, `<stdin>`) and, where known, the byte offset.
 */
import { type ErrorLocation, StormwatchError } from '../../../core/shared/index.js';

function error(
  code: string,
  kind: 'input' | 'not-found' | 'usage',
  message: string,
  location: ErrorLocation,
  hint: string,
  cause?: unknown,
): StormwatchError {
  return new StormwatchError({
    code,
    kind,
    message,
    location,
    hint,
    ...(cause === undefined ? {} : { cause }),
  });
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}

export const readerErrors = {
  notFound: (file: string) =>
    error(
      'extract.not-found',
      'not-found',
      `${file}: no such file or directory`,
      { file },
      'Check the path, or pass - to read standard input.',
    ),
  unreadable: (file: string, cause: unknown) =>
    error(
      'extract.unreadable',
      'input',
      `${file}: cannot be read (${cause instanceof Error ? cause.message : String(cause)})`,
      { file },
      'Check the permissions of the file.',
      cause,
    ),
  empty: (file: string) =>
    error(
      'extract.empty',
      'input',
      `${file}: the file is empty`,
      { file },
      'Nothing to extract; check that the download or export completed.',
    ),
  tooLarge: (file: string, size: number | undefined, limit: number) =>
    error(
      'extract.too-large',
      'input',
      `${file}: ${size === undefined ? 'more than' : `${formatBytes(size)}, over`} the ${formatBytes(limit)} limit`,
      { file },
      `Raise the limit with --max-bytes ${Math.max(limit * 2, size === undefined ? 0 : size + 1)} if this input is genuine.`,
    ),
  tooManyPages: (file: string, pages: number, limit: number) =>
    error(
      'extract.too-many-pages',
      'input',
      `${file}: ${pages} PDF pages, over the ${limit}-page limit`,
      { file },
      `Raise the limit with --max-pages ${pages}.`,
    ),
  binary: (file: string, what: string, offset?: number) =>
    error(
      'extract.binary',
      'input',
      `${file}: looks like ${what}, not a document stormwatch reads`,
      offset === undefined ? { file } : { file, offset },
      'Pass text, Markdown, HTML, PDF, RSS/Atom or STIX JSON; convert other formats first.',
    ),
  unsupported: (file: string, why: string) =>
    error(
      'extract.unsupported',
      'input',
      `${file}: ${why}`,
      { file },
      'Supported: .txt .md .html .htm .pdf .xml/.rss/.atom feeds and STIX 2.1 .json bundles.',
    ),
  noText: (file: string, what: string) =>
    error(
      'extract.no-text',
      'input',
      `${file}: ${what}`,
      { file },
      'The document holds no text to extract (a scanned PDF needs OCR first).',
    ),
  pdfEncrypted: (file: string) =>
    error(
      'extract.pdf-encrypted',
      'input',
      `${file}: the PDF is encrypted with a password`,
      { file },
      'Decrypt it first (e.g. qpdf --decrypt --password=… in.pdf out.pdf) and extract the copy.',
    ),
  pdfInvalid: (file: string, cause: unknown) =>
    error(
      'extract.pdf-invalid',
      'input',
      `${file}: not a readable PDF (${cause instanceof Error ? cause.message : String(cause)})`,
      { file },
      'The file is damaged or truncated; download it again.',
      cause,
    ),
  feedInvalid: (file: string, why: string) =>
    error(
      'extract.feed-invalid',
      'input',
      `${file}: ${why}`,
      { file },
      'Expected an RSS 2.0, RSS 1.0 (RDF) or Atom feed.',
    ),
  feedItem: (source: string, why: string) =>
    error(
      'extract.feed-item',
      'input',
      `${source}: ${why}`,
      { file: source },
      'The other items of the feed were read; this one was skipped.',
    ),
  stix: (file: string, cause: StormwatchError) =>
    error(
      'extract.stix-invalid',
      'input',
      `${file}: ${cause.message}`,
      { ...(cause.location ?? {}), file },
      cause.hint ?? 'Expected a STIX 2.1 bundle.',
      cause,
    ),
  offline: (url: string, why: string) =>
    error(
      'extract.offline',
      'input',
      `${url}: cannot fetch (${why})`,
      { file: url },
      'stormwatch appears to be offline: save the page (or PDF) and pass the file instead, or retry when connected.',
    ),
  fetchFailed: (url: string, why: string, cause: unknown) =>
    error(
      'extract.fetch-failed',
      'input',
      `${url}: the request failed (${why})`,
      { file: url },
      'Check the URL and the TLS setup; or save the page and pass the file.',
      cause,
    ),
  httpStatus: (url: string, status: number, statusText: string) =>
    error(
      'extract.http-status',
      'input',
      `${url}: the server answered ${status} ${statusText}`,
      { file: url },
      'Check the URL; if the page needs a login, save it from a browser and pass the file.',
    ),
  timeout: (url: string, ms: number) =>
    error(
      'extract.timeout',
      'input',
      `${url}: no complete answer within ${ms / 1000} s`,
      { file: url },
      `Raise the limit with --timeout ${ms * 2} (milliseconds), or save the page and pass the file.`,
    ),
  stdinTty: () =>
    error(
      'extract.stdin-tty',
      'usage',
      '<stdin>: nothing is piped in',
      { file: '<stdin>' },
      'Pipe a document in (cat report.txt | stormwatch extract -) or pass a file.',
    ),
} as const;
