/**
 * File paths: Windows drive paths (`C:\…`), UNC paths (`\\server\share\…`), environment-variable paths
 * (`%TEMP%\x.exe`, `%AppData%\…`) and Unix paths under well-known roots (`/tmp/…`, `/etc/…`, `~/…`). A path whose
 * last segment has an extension yields a `file` indicator whose value is the basename and whose `path` is the path.
 */
import { walkSegments } from './path-segments.js';

/** Where a Windows-style or Unix-style path may start; every branch is short and bounded. */
export const PATH_START =
  /(?<![A-Za-z0-9_\\/])(?:[A-Za-z]:\\|\\\\[A-Za-z0-9_.$-]{1,64}\\|%[A-Za-z_][A-Za-z0-9_()]{0,40}%\\)|(?<![A-Za-z0-9_.~/\\-])(?:~|\/(?:tmp|var|etc|usr|home|opt|dev|bin|sbin|lib|lib64|root|proc|run|srv|mnt|media|boot|Library|Users|Applications|System|private|Volumes))\//g;

export interface PathMatch {
  readonly start: number;
  readonly end: number;
  readonly path: string;
  /** Basename when the last segment has an extension (`x.exe`), else `undefined` (a directory or bare name). */
  readonly fileName: string | undefined;
}

const EXT = /\.([A-Za-z0-9_-]{1,16})$/;

/** Reads the path whose prefix PATH_START matched at [start, prefixEnd). */
export function readPath(text: string, start: number, prefixEnd: number): PathMatch | undefined {
  const sep = text[prefixEnd - 1] === '/' ? '/' : '\\';
  const end = walkSegments(text, prefixEnd, { sep, titleCaseTail: false, maxLength: 1024 });
  if (end <= prefixEnd) return undefined;
  const path = text.slice(start, end);
  const lastSep = path.lastIndexOf(sep);
  const base = path.slice(lastSep + 1);
  const ext = EXT.exec(base);
  const fileName = ext !== null && base.length > ext[0].length && /[A-Za-z0-9]/.test(base) ? base : undefined;
  return { start, end, path, fileName };
}
