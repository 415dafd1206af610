/**
 * Where document bytes come from: files (size checked with stat before anything is read), directory
 * walks (recursive, sorted, dot-entries and symlink loops skipped), standard input and URLs (global
 * fetch with a timeout; bodies read with the size limit enforced while streaming).
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StormwatchError } from '../../../core/shared/index.js';
import { readerErrors } from './reader-errors.js';

export interface SourceBytes {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
  /** Final URL after redirects. */
  readonly url?: string;
}

function errnoCode(cause: unknown): string | undefined {
  return typeof cause === 'object' && cause !== null && 'code' in cause
    ? String((cause as { code: unknown }).code)
    : undefined;
}

/** Reads a regular file, refusing empty files and files over `maxBytes` before reading them. */
export async function readFileBytes(path: string, maxBytes: number): Promise<SourceBytes> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (cause) {
    throw errnoCode(cause) === 'ENOENT' ? readerErrors.notFound(path) : readerErrors.unreadable(path, cause);
  }
  if (size === 0) throw readerErrors.empty(path);
  if (size > maxBytes) throw readerErrors.tooLarge(path, size, maxBytes);
  try {
    return { bytes: await readFile(path) };
  } catch (cause) {
    throw readerErrors.unreadable(path, cause);
  }
}

/** Every file under `dir`, recursively, in sorted order; dot-files and dot-directories are left out. */
export async function walkDirectory(dir: string): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = async (current: string): Promise<void> => {
    const real = await realpath(current);
    if (seen.has(real)) return; // a symlink loop
    seen.add(real);
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) await visit(path);
      else if (isFile) files.push(path);
    }
  };
  await visit(dir);
  return files;
}

/** Concatenates chunks, failing as soon as more than `maxBytes` arrived. */
async function collect(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  tooLarge: () => StormwatchError,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.length;
    if (total > maxBytes) throw tooLarge();
    parts.push(bytes);
  }
  return Buffer.concat(parts, total);
}

/** Reads standard input (or the given stream) up to `maxBytes`. */
export async function readStdin(
  stream: AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean },
  maxBytes: number,
): Promise<SourceBytes> {
  if (stream.isTTY) throw readerErrors.stdinTty();
  const bytes = await collect(stream, maxBytes, () => readerErrors.tooLarge('<stdin>', undefined, maxBytes));
  if (bytes.length === 0) throw readerErrors.empty('<stdin>');
  return { bytes };
}

const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** Fetches a URL with a timeout and the size limit. */
export async function fetchUrl(
  url: string,
  options: {
    readonly maxBytes: number;
    readonly timeoutMs: number;
    readonly offline?: boolean;
    readonly fetch?: typeof fetch;
  },
): Promise<SourceBytes> {
  if (options.offline) throw readerErrors.offline(url, 'network access is disabled (--offline)');
  const doFetch = options.fetch ?? globalThis.fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await doFetch(url, {
      signal,
      redirect: 'follow',
      headers: {
        accept:
          'text/html,application/xhtml+xml,application/pdf,application/rss+xml,application/atom+xml,application/json;q=0.9,text/plain;q=0.8,*/*;q=0.5',
      },
    });
  } catch (cause) {
    if (signal.aborted) throw readerErrors.timeout(url, options.timeoutMs);
    const code = errnoCode(cause) ?? errnoCode((cause as { cause?: unknown })?.cause);
    const why = code ?? (cause instanceof Error ? cause.message : String(cause));
    if (code === undefined || OFFLINE_CODES.has(code)) throw readerErrors.offline(url, why);
    throw readerErrors.fetchFailed(url, why, cause);
  }
  if (!response.ok) throw readerErrors.httpStatus(url, response.status, response.statusText);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes)
    throw readerErrors.tooLarge(url, declared, options.maxBytes);
  let bytes: Uint8Array;
  try {
    bytes = response.body
      ? await collect(response.body as unknown as AsyncIterable<Uint8Array>, options.maxBytes, () =>
          readerErrors.tooLarge(url, undefined, options.maxBytes),
        )
      : new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    if (signal.aborted) throw readerErrors.timeout(url, options.timeoutMs);
    throw cause;
  }
  if (bytes.length === 0) throw readerErrors.empty(url);
  const contentType = response.headers.get('content-type') ?? undefined;
  return { bytes, ...(contentType ? { contentType } : {}), url: response.url || url };
}
