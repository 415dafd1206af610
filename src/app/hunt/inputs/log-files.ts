/**
 * Which files a hunt reads: explicit files (any name, format sniffed), folders (log-looking names only:
 * .evtx .json .jsonl .ndjson .xml, each also with .gz), recursively on request. Listing uses synchronous
 * calls: an awaited thread-pool round trip per file left the hunting thread idle for a fifth of a run over
 * hundreds of small logs, while a stat from the cache takes microseconds.
 */
import { readdirSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { StormwatchError } from '../../../core/shared/index.js';

/** File name endings picked up when a folder is given. */
export const LOG_FILE_EXTENSIONS: readonly string[] = ['.evtx', '.json', '.jsonl', '.ndjson', '.xml'];

/** True when a file inside a folder should be read. */
export function isLogFileName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  return LOG_FILE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** A file to read, or an error for a path that could not be listed. */
export type LogFileEntry =
  | {
      readonly file: string;
      /** The size seen while listing (absent for standard input). */
      readonly size?: number;
    }
  | { readonly file: string; readonly error: StormwatchError };

/** Expands paths into files, in a stable (sorted) order. `-` stands for standard input. */
export async function* listLogFiles(
  paths: readonly string[],
  options: { readonly recursive?: boolean } = {},
): AsyncGenerator<LogFileEntry> {
  for (const path of paths) {
    if (path === '-') {
      yield { file: '-' };
      continue;
    }
    let info: Stats;
    try {
      info = statSync(path);
    } catch (e) {
      yield {
        file: path,
        error: new StormwatchError({
          code: 'HUNT_INPUT_NOT_FOUND',
          kind: 'not-found',
          message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          location: { file: path },
          hint: 'Check the path; the other inputs are still read.',
        }),
      };
      continue;
    }
    if (!info.isDirectory()) {
      yield { file: path, size: info.size };
      continue;
    }
    let found = 0;
    for (const entry of walk(path, options.recursive ?? false)) {
      if (!('error' in entry)) found++;
      yield entry;
    }
    // A folder given by name that holds no log file is as much a mistake as a missing path (a typo, the wrong
    // folder, logs with another extension): said, not silently hunted as nothing.
    if (found === 0)
      yield {
        file: path,
        error: new StormwatchError({
          code: 'HUNT_INPUT_NO_LOGS',
          kind: 'not-found',
          message: `no log file in ${path}${options.recursive ? ' or its sub-folders' : ''} (looked for ${LOG_FILE_EXTENSIONS.join(' ')}, each also .gz)`,
          location: { file: path },
          hint: 'check the folder; a file named directly is read whatever its extension',
        }),
      };
  }
}

function* walk(dir: string, recursive: boolean): Generator<LogFileEntry> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    yield {
      file: dir,
      error: new StormwatchError({
        code: 'HUNT_INPUT_NOT_FOUND',
        kind: 'not-found',
        message: `cannot list ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        location: { file: dir },
      }),
    };
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    let info: Stats;
    try {
      info = statSync(full);
    } catch {
      continue; // vanished or dangling link
    }
    if (info.isDirectory()) {
      if (recursive) yield* walk(full, true);
    } else if (isLogFileName(name)) yield { file: full, size: info.size };
  }
}
