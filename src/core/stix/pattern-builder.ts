/**
 * Builds STIX 2.1 patterns (§9 STIX Patterning) for the indicator kinds stormwatch extracts. Every
 * value becomes a quoted string literal with `\` and `'` escaped (§9.3 "String" literal), and
 * property names that are not plain identifiers (`'SHA-256'`) are quoted as path components.
 */

/** Indicator kinds stormwatch turns into STIX patterns and observables (the `extract` JSON keys). */
export type ObservableKind =
  | 'ipv4'
  | 'ipv6'
  | 'domain'
  | 'url'
  | 'email'
  | 'md5'
  | 'sha1'
  | 'sha256'
  | 'sha512'
  | 'file'
  | 'registry'
  | 'commandline';

/** Every ObservableKind, in output order. */
export const OBSERVABLE_KINDS: readonly ObservableKind[] = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'file',
  'registry',
  'commandline',
];

/** Hash kinds and the STIX hash-algorithm-ov names they map to. */
export const HASH_ALGORITHMS: Readonly<Record<'md5' | 'sha1' | 'sha256' | 'sha512', string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

/** The object path each kind is matched on: SCO type and property steps. */
export const OBSERVABLE_PATHS: Readonly<
  Record<ObservableKind, { readonly objectType: string; readonly steps: readonly string[] }>
> = {
  ipv4: { objectType: 'ipv4-addr', steps: ['value'] },
  ipv6: { objectType: 'ipv6-addr', steps: ['value'] },
  domain: { objectType: 'domain-name', steps: ['value'] },
  url: { objectType: 'url', steps: ['value'] },
  email: { objectType: 'email-addr', steps: ['value'] },
  md5: { objectType: 'file', steps: ['hashes', 'MD5'] },
  sha1: { objectType: 'file', steps: ['hashes', 'SHA-1'] },
  sha256: { objectType: 'file', steps: ['hashes', 'SHA-256'] },
  sha512: { objectType: 'file', steps: ['hashes', 'SHA-512'] },
  file: { objectType: 'file', steps: ['name'] },
  registry: { objectType: 'windows-registry-key', steps: ['key'] },
  commandline: { objectType: 'process', steps: ['command_line'] },
};

/** Escapes a value for use inside a STIX pattern string literal (without the quotes). */
export function escapePatternString(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
}

/** A quoted STIX pattern string literal. */
export function patternString(value: string): string {
  return `'${escapePatternString(value)}'`;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Renders an object path: `file:hashes.'SHA-256'`. Steps that are numbers render as list indexes. */
export function objectPath(objectType: string, steps: readonly (string | number)[]): string {
  let out = `${objectType}:`;
  steps.forEach((step, i) => {
    if (typeof step === 'number') {
      out += `[${step}]`;
      return;
    }
    // Hash names are quoted even when they would lex as identifiers, matching common producers.
    const quote = !PLAIN_IDENTIFIER.test(step) || (i > 0 && steps[i - 1] === 'hashes');
    out += `${i === 0 ? '' : '.'}${quote ? patternString(step) : step}`;
  });
  return out;
}

const HIVES: Readonly<Record<string, string>> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/**
 * The registry key as STIX wants it (§6.17 windows-registry-key.key: "the full registry key including
 * the hive", abbreviations are not allowed): `HKLM\…` → `HKEY_LOCAL_MACHINE\…`.
 */
export function canonicalRegistryKey(key: string): string {
  // Also the PowerShell drive form `HKLM:\…`.
  const m = /^(HKLM|HKCU|HKCR|HKU|HKCC):?(?=\\|$)/i.exec(key);
  const hive = m?.[1] === undefined ? undefined : HIVES[m[1].toUpperCase()];
  return hive === undefined ? key : `${hive}${key.slice(m?.[0]?.length ?? 0)}`;
}

/** The value as it appears in the observable and the pattern (registry hives spelled out). */
export function observableValue(kind: ObservableKind, value: string): string {
  return kind === 'registry' ? canonicalRegistryKey(value) : value;
}

/** `[<path> = '<value>']` for one indicator value. */
export function patternFor(kind: ObservableKind, value: string): string {
  const path = OBSERVABLE_PATHS[kind];
  return `[${objectPath(path.objectType, path.steps)} = ${patternString(observableValue(kind, value))}]`;
}

/**
 * One observation matching any of `values` of the same kind:
 * `[domain-name:value = 'a' OR domain-name:value = 'b']`.
 */
export function patternForAny(kind: ObservableKind, values: readonly string[]): string {
  const path = OBSERVABLE_PATHS[kind];
  const rendered = objectPath(path.objectType, path.steps);
  return `[${values.map((v) => `${rendered} = ${patternString(observableValue(kind, v))}`).join(' OR ')}]`;
}
