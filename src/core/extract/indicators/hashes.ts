/**
 * File hashes: hex runs of exactly 32 (MD5), 40 (SHA-1) or 64 (SHA-256) characters standing alone. A hex run glued
 * to other word characters (`0x…` Ethereum addresses, longer hex blobs) is not a hash, and a labelled non-file digest
 * on the same line (imphash, ssdeep, JA3, certificate thumbprints, transaction ids, git commits...) is skipped.
 */

export type HashKind = 'md5' | 'sha1' | 'sha256';

const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/**
 * Maximal runs of at least `min` hex digits, as [start, end) pairs. A skip scan: a run of `min` starting at `i`
 * needs a hex digit at `i + min - 1`, so in prose most windows are rejected after one read (about n/min reads).
 */
export function* hexRuns(text: string, min: number): Generator<[number, number]> {
  const n = text.length;
  let i = 0;
  while (i + min <= n) {
    if (HEX[text.charCodeAt(i + min - 1)] !== 1) {
      i += min;
      continue;
    }
    let j = i + min - 2;
    while (j >= i && HEX[text.charCodeAt(j)] === 1) j--;
    if (j >= i) {
      i = j + 1;
      continue;
    }
    let e = i + min;
    while (e < n && HEX[text.charCodeAt(e)] === 1) e++;
    yield [i, e];
    i = e;
  }
}

/** The hash kind for a hex run's length, if it is one. */
export function hashKind(hex: string): HashKind | undefined {
  if (hex.length === 32) return 'md5';
  if (hex.length === 40) return 'sha1';
  if (hex.length === 64) return 'sha256';
  return undefined;
}

// Labels of digests that are not file hashes, looked for just before the value on its line.
const NON_FILE_LABEL =
  /(?:imp-?hash|ssdeep|tlsh|pe-?hash|authentihash|rich ?header|ja3s?|ja4|jarm|hassh|thumbprint|fingerprint|serial(?: number)?|cert(?:ificate)?(?: hash)?|commit|git|tx ?(?:id|hash)?|transaction(?: id| hash)?|block(?: hash)?|wallet|address|guid|uuid|mutex|token|api[ _-]?key|secret|salt|ntlm|nt hash|lm hash|password hash|session id)\s*(?:\([^)]{0,20}\))?\s*[:=#-]?\s*$/i;

/** True when the text before `start` on the same line labels the hex value as a non-file digest. */
export function isNonFileDigest(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const from = Math.max(lineStart, start - 48);
  return NON_FILE_LABEL.test(text.slice(from, start));
}
