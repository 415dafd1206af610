/**
 * IOC files in JSON: STIX 2.1 bundles (indicator patterns and observables, through src/core/stix's bundle
 * reader) and MISP event exports (`{"Event": …}`, `{"response": [{"Event": …}]}` or an array of those;
 * attributes and object attributes, MISP core format types such as ip-dst, domain|ip, filename|sha256).
 */
import type { Issue } from '../../shared/index.js';
import { iocsFromStix, parseStixBundle } from '../../stix/index.js';
import { type IocEntry, type IocType, iocTypeFromName, normaliseIoc, refang } from './ioc-entry.js';

export interface IocParseResult {
  readonly entries: IocEntry[];
  readonly issues: Issue[];
}

const STIX_KIND: Readonly<Record<string, IocType | undefined>> = {
  ipv4: 'ip',
  ipv6: 'ip',
  domain: 'domain',
  url: 'url',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  file: 'filename',
  commandline: 'commandline',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Indicators of a STIX 2.1 bundle (already JSON-parsed). */
export function parseStixIocs(json: unknown, file: string): IocParseResult {
  const parsed = parseStixBundle(json);
  const entries: IocEntry[] = [];
  const issues: Issue[] = parsed.issues
    .filter((i) => i.severity === 'error')
    .map((i) => ({ ...i, location: { ...i.location, file } }));
  // Names of the intrusion sets / malware an indicator `indicates`, used as labels.
  const names = new Map<string, string>();
  for (const { object } of parsed.objects)
    if (typeof object.name === 'string') names.set(object.id, object.name);
  const labelOf = new Map<string, string>();
  for (const { object } of parsed.objects) {
    if (object.type !== 'relationship' || object.relationship_type !== 'indicates') continue;
    const src = object.source_ref;
    const tgt = object.target_ref;
    if (typeof src === 'string' && typeof tgt === 'string' && names.has(tgt))
      labelOf.set(src, names.get(tgt)!);
  }
  const stixIocs = iocsFromStix(parsed);
  // An indicator that yields nothing to sweep is said, not silently dropped (a `MATCHES` regex, a YARA or Sigma
  // pattern, a comparison of a property no event field carries).
  const yielding = new Set(stixIocs.map((i) => i.source_ref));
  for (const { object } of parsed.objects) {
    if (object.type !== 'indicator' || yielding.has(object.id)) continue;
    const patternType = typeof object.pattern_type === 'string' ? object.pattern_type : 'stix';
    issues.push({
      code: 'ioc.indicator-skipped',
      severity: 'warning',
      message:
        patternType === 'stix'
          ? `indicator pattern ${JSON.stringify(object.pattern)} has no value to sweep (swept: =, IN and ISSUBSET comparisons of IP addresses, domains, URLs, hashes, file names and command lines)`
          : `indicator pattern_type ${JSON.stringify(patternType)} is not swept (only STIX patterns are)`,
      location: { file, path: object.id },
    });
  }
  for (const ioc of stixIocs) {
    const range = ioc.kind === 'ipv4' || ioc.kind === 'ipv6' ? ioc.value.includes('/') : false;
    const type: IocType | undefined = range ? 'cidr' : STIX_KIND[ioc.kind];
    if (!type) continue; // e-mail addresses, registry keys, CVEs: not in Windows event fields we sweep
    const value = normaliseIoc(type, ioc.value);
    if (value === undefined) {
      issues.push({
        code: 'ioc.invalid-value',
        severity: 'warning',
        message: `${type} value ${JSON.stringify(ioc.value)} is not valid`,
        location: { file, path: ioc.source_ref },
      });
      continue;
    }
    const label = labelOf.get(ioc.source_ref) ?? ioc.name;
    entries.push({
      type,
      value,
      indicator: ioc.value,
      source: `${file} ${ioc.source_ref}`,
      ...(label ? { label } : {}),
    });
  }
  return { entries, issues };
}

/** The MISP events in a JSON document, or undefined when it is not a MISP export. */
export function mispEvents(json: unknown): Record<string, unknown>[] | undefined {
  const events: Record<string, unknown>[] = [];
  const take = (v: unknown): boolean => {
    if (isRecord(v) && isRecord(v.Event)) {
      events.push(v.Event);
      return true;
    }
    return false;
  };
  if (take(json)) return events;
  if (isRecord(json) && Array.isArray(json.response)) {
    for (const v of json.response) take(v);
    return events;
  }
  if (Array.isArray(json) && json.length > 0 && json.every((v) => isRecord(v) && isRecord(v.Event))) {
    for (const v of json) take(v);
    return events;
  }
  if (
    isRecord(json) &&
    Array.isArray(json.Attribute) &&
    (typeof json.info === 'string' || typeof json.uuid === 'string')
  )
    return [json];
  return undefined;
}

/** MISP attribute types that carry two values (`filename|sha256` → a file name and a hash). */
function splitMispType(type: string, value: string): [string, string][] {
  if (!type.includes('|')) return [[type, value]];
  const types = type.split('|');
  const values = value.split('|');
  return types.map((t, i) => [t, values[i] ?? ''] as [string, string]).filter(([t]) => t !== 'port');
}

/** Indicators of MISP events (attributes and object attributes). */
export function parseMispIocs(events: readonly Record<string, unknown>[], file: string): IocParseResult {
  const entries: IocEntry[] = [];
  const issues: Issue[] = [];
  const skipped = new Map<string, number>();
  events.forEach((ev, ei) => {
    const label = typeof ev.info === 'string' ? ev.info : undefined;
    const attrs: { a: Record<string, unknown>; path: string }[] = [];
    const list = (xs: unknown, path: string) => {
      if (!Array.isArray(xs)) return;
      xs.forEach((a, k) => {
        if (isRecord(a)) attrs.push({ a, path: `${path}[${k}]` });
      });
    };
    list(ev.Attribute, `$[${ei}].Event.Attribute`);
    if (Array.isArray(ev.Object))
      ev.Object.forEach((o, oi) => {
        if (isRecord(o)) list(o.Attribute, `$[${ei}].Event.Object[${oi}].Attribute`);
      });
    for (const { a, path } of attrs) {
      if (typeof a.type !== 'string' || typeof a.value !== 'string') continue;
      for (const [t, v] of splitMispType(a.type, a.value)) {
        const mapped = iocTypeFromName(t);
        if (!mapped || mapped === 'auto') {
          skipped.set(t, (skipped.get(t) ?? 0) + 1);
          continue;
        }
        const type: IocType = mapped === 'ip' && v.includes('/') ? 'cidr' : mapped;
        const value = normaliseIoc(type, v);
        if (value === undefined) {
          issues.push({
            code: 'ioc.invalid-value',
            severity: 'warning',
            message: `MISP ${t} value ${JSON.stringify(v)} is not valid`,
            location: { file, path },
          });
          continue;
        }
        const src = typeof a.uuid === 'string' ? ` ${a.uuid}` : ` ${path}`;
        entries.push({
          type,
          value,
          indicator: refang(v),
          source: `${file}${src}`,
          ...(label ? { label } : {}),
        });
      }
    }
  });
  for (const [t, n] of skipped)
    issues.push({
      code: 'ioc.misp-type-skipped',
      severity: 'warning',
      message: `${n} MISP attribute(s) of type ${t} are not swept (no Windows event field carries them)`,
      location: { file },
    });
  return { entries, issues };
}
