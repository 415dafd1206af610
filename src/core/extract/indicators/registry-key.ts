/**
 * Windows registry keys as printed in reports: hive roots in long or short form (`HKEY_LOCAL_MACHINE\…`, `HKLM\…`,
 * `HKCU`, `HKU`, `HKCR`, `HKCC`, PowerShell drives `HKLM:\…`, `Registry::HKEY_…`), and bare keys under `SOFTWARE\`
 * or `SYSTEM\CurrentControlSet\` with at least two segments.
 */
import { walkSegments } from './path-segments.js';

export const REGISTRY_START =
  /(?:(?:Registry::)?(?:HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS|HKEY_CURRENT_CONFIG|HKEY_PERFORMANCE_DATA|HKLM|HKCU|HKCR|HKU|HKCC):?\\|(?:SOFTWARE|Software|SYSTEM|System)\\(?=[A-Za-z]))/g;

export interface RegistryMatch {
  readonly start: number;
  readonly end: number;
  readonly key: string;
}

/** Reads a registry key whose root REGISTRY_START matched at [start, prefixEnd). */
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
