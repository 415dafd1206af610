/**
 * Windows registry keys as printed in reports: hive roots in long or short form (`HKEY_LOCAL_MACHINE\…`, `HKLM\…`,
 * `HKCU`, `HKU`, `HKCR`, `HKCC`, PowerShell drives `HKLM:\…`, `Registry::HKEY_…`), and bare keys under `SOFTWARE\`
 * or `SYSTEM\CurrentControlSet\` with at least two segments.
 */
import { walkSegments } from './path-segments.js';

const HIVES = new Set([
  'HKEY_LOCAL_MACHINE',
  'HKEY_CURRENT_USER',
  'HKEY_CLASSES_ROOT',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
  'HKEY_PERFORMANCE_DATA',
  'HKLM',
  'HKCU',
  'HKCR',
  'HKU',
  'HKCC',
]);
const BARE_ROOTS = new Set(['SOFTWARE', 'Software', 'SYSTEM', 'System']);
const BACKSLASH = /\\/g;

export interface RegistryStart {
  readonly start: number;
  readonly prefixEnd: number;
}

/**
 * Registry key starts, found from a backslash (rare in prose) whose preceding word is a hive root (optionally with
 * `:` and a `Registry::` provider prefix) or a bare `SOFTWARE`/`SYSTEM` root. Pass the end of the key read to
 * `next()` to resume after it.
 */
export function* registryStarts(text: string): Generator<RegistryStart, void, number | undefined> {
  BACKSLASH.lastIndex = 0;
  for (let m = BACKSLASH.exec(text); m !== null; m = BACKSLASH.exec(text)) {
    const i = m.index;
    const colon = text[i - 1] === ':';
    const k = colon ? i - 1 : i;
    let s = k;
    while (s > 0 && k - s <= 21 && /[A-Za-z_]/.test(text[s - 1] ?? '')) s--;
    const root = text.slice(s, k);
    const hive = HIVES.has(root);
    if (!hive && (colon || !BARE_ROOTS.has(root) || !/[A-Za-z]/.test(text[i + 1] ?? ''))) continue;
    if (hive && text.slice(s - 10, s) === 'Registry::') s -= 10;
    if (/[A-Za-z0-9_\\]/.test(text[s - 1] ?? '')) continue;
    const resume = yield { start: s, prefixEnd: i + 1 };
    if (resume !== undefined && resume > BACKSLASH.lastIndex) BACKSLASH.lastIndex = resume;
  }
}

export interface RegistryMatch {
  readonly start: number;
  readonly end: number;
  readonly key: string;
}

/** Reads the registry key whose root `registryStarts` found at [start, prefixEnd). */
export function readRegistryKey(text: string, start: number, prefixEnd: number): RegistryMatch | undefined {
  const end = walkSegments(text, prefixEnd, { sep: '\\', titleCaseTail: true, maxLength: 512 });
  if (end <= prefixEnd) return undefined;
  let e = end;
  while (e > prefixEnd && text[e - 1] === '\\') e--;
  const key = text.slice(start, e);
  const bare = !/^(?:Registry::)?HK/.test(key);
  // A bare `Software\X` is a registry key only with two segments below the root (`Software\Vendor\Product`).
  if (bare && key.split('\\').length < 3) return undefined;
  // A bare root that is really part of a file path (`C:\Program Files\Software\…`) was excluded by the lookbehind.
  return { start, end: e, key };
}
