/**
 * Shapes shared by the document readers: what a reader yields per document (text plus provenance),
 * and the options and limits a run is read with.
 */
import type { Issue, StormwatchError } from '../../../core/shared/index.js';

/** How a document's text was obtained. */
export type DocumentFormat = 'text' | 'markdown' | 'html' | 'pdf' | 'feed-item' | 'stix';

/** One document's extracted text. Spans computed later are UTF-16 offsets into `text`. */
export interface ExtractedDocument {
  /** File path, URL, `<stdin>`; feed items add `#item-<n>`. */
  readonly source: string;
  readonly format: DocumentFormat;
  readonly title?: string;
  /** Publication date as `YYYY-MM-DD` when the document states one. */
  readonly published?: string;
  /** Canonical URL when known (fetched URL, feed item link, canonical/og:url). */
  readonly url?: string;
  readonly text: string;
  /** Non-fatal problems: replaced bytes, fallbacks, skipped parts. */
  readonly warnings: readonly Issue[];
  /** Size of the original bytes this document came from. */
  readonly bytes: number;
  /** SHA-256 (hex) of those original bytes. */
  readonly sha256: string;
  /** Character encoding the bytes were decoded from (`utf-8`, `utf-16le`, `windows-1252`…). */
  readonly encoding?: string;
}

/** A document, or the error that kept one input from becoming a document. */
export type DocumentResult =
  | { readonly ok: true; readonly doc: ExtractedDocument }
  | {
      readonly ok: false;
      readonly source: string;
      readonly error: StormwatchError;
      /** True for files a directory walk passed over because their type is not supported. */
      readonly skipped?: boolean;
    };

/** Progress of a directory run, reported after each file. */
export interface ReadProgress {
  readonly done: number;
  readonly total: number;
  readonly source: string;
}

/** Options for `readDocuments`. Every limit has a CLI flag named in its error. */
export interface ReadOptions {
  /** Largest input read, in bytes (default 50 MiB; `--max-bytes`). */
  readonly maxBytes?: number;
  /** Most PDF pages read (default 500; `--max-pages`). */
  readonly maxPdfPages?: number;
  /** URL fetch timeout in milliseconds (default 30 s; `--timeout <ms>`). */
  readonly timeoutMs?: number;
  /** Refuse network access: URLs fail with `extract.offline` (`--offline`). */
  readonly offline?: boolean;
  /** fetch implementation (default the global fetch). */
  readonly fetch?: typeof fetch;
  /** Source of `-` (default process.stdin). */
  readonly stdin?: AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean };
  /** Called after each file of a directory. */
  readonly onProgress?: (progress: ReadProgress) => void;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_PDF_PAGES = 500;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options with defaults applied. */
export interface ResolvedReadOptions {
  readonly maxBytes: number;
  readonly maxPdfPages: number;
  readonly timeoutMs: number;
}

export function resolveReadOptions(options: ReadOptions): ResolvedReadOptions {
  return {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    maxPdfPages: options.maxPdfPages ?? DEFAULT_MAX_PDF_PAGES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}
