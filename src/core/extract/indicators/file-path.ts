/**
 * File paths: Windows drive paths (`C:\…`), UNC paths (`\\server\share\…`), environment-variable paths
 * (`%TEMP%\x.exe`, `%AppData%\…`) and Unix paths under well-known roots (`/tmp/…`, `/etc/…`, `~/…`). A path whose
 * last segment has an extension yields a `file` indicator whose value is the basename and whose `path` is the path.
 */
import { walkSegments } from './path-segments.js';

/**
 * Anchors of a path: the `:\\` of a drive, the `\\\\` of a UNC name, the `%\\` after an environment variable, or a
 * well-known Unix root. Anchoring on these rare characters keeps the scan fast; `nextPathStart` checks the rest.
 */
const PATH_ANCHOR =
  /:\\|\\\\|%\\|~\/|\/(?:tmp|var|etc|usr|home|opt|dev|bin|sbin|lib|lib64|root|proc|run|srv|mnt|media|boot|Library|Users|Applications|System|private|Volumes)\//g;

const WORD_OR_SEP = /[A-Za-z0-9_\\/]/;
const UNIX_BEFORE = /[A-Za-z0-9_.~/\\:-]/;

/** A path start found by `nextPathStart`: the path runs from `start`; its first segment begins at `prefixEnd`. */
export interface PathStart {
  readonly start: number;
  readonly prefixEnd: number;
}

/** Iterates over path starts in `text` from offset `from`, in order. */
export function* pathStarts(text: string): Generator<PathStart, void, number | undefined> {
  PATH_ANCHOR.lastIndex = 0;
  for (let m = PATH_ANCHOR.exec(text); m !== null; m = PATH_ANCHOR.exec(text)) {
    const i = m.index;
    const a = m[0];
    let found: PathStart | undefined;
    if (a === ':\\') {
      if (/[A-Za-z]/.test(text[i - 1] ?? '') && !WORD_OR_SEP.test(text[i - 2] ?? '')) {
        found = { start: i - 1, prefixEnd: i + 2 };
      }
    } else if (a === '\\\\') {
      if (!WORD_OR_SEP.test(text[i - 1] ?? '') && text[i - 1] !== ':') {
        let k = i + 2;
        while (k < text.length && k - i < 66 && /[A-Za-z0-9_.$-]/.test(text[k] ?? '')) k++;
        if (k > i + 2 && text[k] === '\\') found = { start: i, prefixEnd: k + 1 };
      }
    } else if (a === '%\\') {
      let k = i - 1;
      while (k >= 0 && i - k <= 42 && /[A-Za-z0-9_()]/.test(text[k] ?? '')) k--;
      if (
        k < i - 1 &&
        text[k] === '%' &&
        /[A-Za-z_]/.test(text[k + 1] ?? '') &&
        !WORD_OR_SEP.test(text[k - 1] ?? '')
      ) {
        found = { start: k, prefixEnd: i + 2 };
      }
    } else if (!UNIX_BEFORE.test(text[i - 1] ?? '')) {
      found = { start: i, prefixEnd: i + a.length };
    }
    if (found !== undefined) {
      const resume = yield found;
      if (resume !== undefined && resume > PATH_ANCHOR.lastIndex) PATH_ANCHOR.lastIndex = resume;
    }
  }
}

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
  // A placeholder (`[filename].tmp`, `<name>.exe`) stands for a name the report does not give.
  const placeholder = /^[[<{][^\]>}]*[\]>}]\./.test(base);
  // Under the scratch directories malware uses, an extension-less last segment is a dropped binary (`/tmp/kinsing`).
  const droppedBinary =
    ext === null &&
    sep === '/' &&
    /^(?:\/tmp|\/var\/tmp|\/dev\/shm)\/./.test(path) &&
    /^[A-Za-z0-9_.-]+$/.test(base);
  const fileName =
    (ext !== null && base.length > ext[0].length && /[A-Za-z0-9]/.test(base) && !placeholder) || droppedBinary
      ? base
      : undefined;
  return { start, end, path, fileName };
}
