/**
 * Reads STIX 2.1 bundles as input: every object with the issues that concern it (one bad object never
 * hides the others), and the indicator values the bundle carries — from `indicator` patterns (simple
 * comparisons, see pattern-iocs.ts) and from observables (SCOs) and `vulnerability` CVE ids — for IOC
 * sweeps.
 */
import { type Issue, StormwatchError } from '../shared/index.js';
import { validateBundle } from './bundle-validator.js';
import { HASH_ALGORITHMS, type ObservableKind } from './pattern-builder.js';
import { iocsFromPattern } from './pattern-iocs.js';
import { safeParsePattern } from './pattern-validator.js';
import type { StixObject } from './types.js';

export interface ParsedStixObject {
  /** Position in the bundle's `objects` array. */
  readonly index: number;
  readonly object: StixObject;
  readonly issues: readonly Issue[];
}

export interface ParsedStixBundle {
  readonly id: string | undefined;
  readonly objects: readonly ParsedStixObject[];
  /** Issues about the envelope, and objects that could not be read at all. */
  readonly issues: readonly Issue[];
}

export interface StixIoc {
  readonly kind: ObservableKind | 'cve';
  readonly value: string;
  /** Id of the indicator, SCO or vulnerability that carries the value. */
  readonly source_ref: string;
  /** 'pattern' for values read from an indicator pattern, 'observable' for SCO/vulnerability values. */
  readonly origin: 'pattern' | 'observable';
  /** For pattern values: whether the pattern is exactly a disjunction of such values. */
  readonly exact: boolean;
  readonly name?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonSyntaxError(text: string, error: unknown): StormwatchError {
  const message = error instanceof Error ? error.message : String(error);
  const offset = jsonErrorOffset(text, message);
  let line: number | undefined;
  let col: number | undefined;
  if (offset !== undefined) {
    const before = text.slice(0, offset);
    line = before.split('\n').length;
    col = offset - before.lastIndexOf('\n');
  }
  return new StormwatchError({
    code: 'stix.json-syntax',
    kind: 'input',
    message: `not valid JSON: ${message}`,
    location: {
      ...(line === undefined ? {} : { line }),
      ...(col === undefined ? {} : { col }),
      ...(offset === undefined ? {} : { offset }),
    },
    hint: 'A STIX 2.1 bundle is one JSON object {"type":"bundle","id":…,"objects":[…]}.',
  });
}

/** V8 names the offset only for some errors; otherwise it quotes ~10 characters either side of the token. */
function jsonErrorOffset(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const quoted = /Unexpected token '([\s\S]+?)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(
    message,
  );
  if (!quoted) return undefined;
  const [, token = '', elided, snippet = ''] = quoted;
  const at = text.indexOf(snippet);
  if (at < 0) return undefined;
  return at + (elided ? 10 : Math.max(0, snippet.indexOf(token)));
}

/**
 * Parses a STIX 2.1 bundle (JSON text or an already-parsed value). Throws `stix.json-syntax` or
 * `stix.not-a-bundle` when nothing can be read; otherwise returns every object with its own issues.
 * A TAXII envelope (`{"objects": […]}` without `type`) is read too, with a warning.
 */
export function parseStixBundle(input: string | unknown): ParsedStixBundle {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw jsonSyntaxError(input, error);
    }
  }
  if (
    !isRecord(value) ||
    !Array.isArray(value.objects) ||
    (value.type !== 'bundle' && value.type !== undefined)
  ) {
    throw new StormwatchError({
      code: 'stix.not-a-bundle',
      kind: 'input',
      message: `not a STIX 2.1 bundle (${isRecord(value) ? `type ${JSON.stringify(value.type)}` : 'not a JSON object'}${isRecord(value) && !Array.isArray(value.objects) ? ', no objects array' : ''})`,
      hint: 'Expected {"type":"bundle","id":"bundle--…","objects":[…]}.',
    });
  }
  const envelope: Record<string, unknown> =
    value.type === undefined
      ? { type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000000', ...value }
      : value;
  // STIX 2.0 bundles (still common in feeds) carry spec_version on the bundle, not on the objects:
  // read them as 2.1 with one warning instead of an error per object.
  const stix20 = envelope.spec_version === '2.0';
  const all = validateBundle(envelope).filter(
    (issue) =>
      !(stix20 && issue.code === 'stix.missing-property' && issue.location?.path?.endsWith('.spec_version')),
  );
  const byIndex = new Map<number, Issue[]>();
  const envelopeIssues: Issue[] =
    value.type === undefined
      ? [
          {
            code: 'stix.taxii-envelope',
            message: 'read a TAXII envelope (no bundle type/id)',
            severity: 'warning',
          },
        ]
      : [];
  if (stix20) {
    envelopeIssues.push({
      code: 'stix.version-2.0',
      message: 'a STIX 2.0 bundle: read with the STIX 2.1 rules (objects without spec_version accepted)',
      severity: 'warning',
      location: { path: '$.spec_version' },
    });
  }
  for (const issue of all) {
    const m = /^\$\.objects\[(\d+)\]/.exec(issue.location?.path ?? '');
    if (!m) {
      if (value.type !== undefined || issue.location?.path !== '$.id') envelopeIssues.push(issue);
      continue;
    }
    const index = Number(m[1]);
    const list = byIndex.get(index) ?? [];
    list.push(issue);
    byIndex.set(index, list);
  }
  const objects: ParsedStixObject[] = [];
  (value.objects as unknown[]).forEach((obj, index) => {
    if (!isRecord(obj) || typeof obj.type !== 'string' || typeof obj.id !== 'string') {
      envelopeIssues.push(
        ...(byIndex.get(index) ?? [
          {
            code: 'stix.object-unreadable',
            message: 'object has no type or id',
            severity: 'error',
            location: { path: `$.objects[${index}]` },
          },
        ]),
      );
      return;
    }
    objects.push({ index, object: obj as StixObject, issues: byIndex.get(index) ?? [] });
  });
  return { id: typeof value.id === 'string' ? value.id : undefined, objects, issues: envelopeIssues };
}

const SCO_VALUE_KIND: Readonly<Record<string, ObservableKind>> = {
  'ipv4-addr': 'ipv4',
  'ipv6-addr': 'ipv6',
  'domain-name': 'domain',
  url: 'url',
  'email-addr': 'email',
};

const HASH_KIND = new Map<string, ObservableKind>(
  Object.entries(HASH_ALGORITHMS).map(([kind, name]) => [name, kind as ObservableKind]),
);

type IocBase = Pick<StixIoc, 'source_ref'> & { readonly name?: string };

/** Values an SCO (top-level or embedded) carries. */
function observableIocs(
  object: Readonly<Record<string, unknown>>,
  base: IocBase,
  add: (ioc: StixIoc) => void,
): void {
  const type = typeof object.type === 'string' ? object.type : '';
  const found = (kind: StixIoc['kind'], value: string): void =>
    add({ kind, value, origin: 'observable', exact: true, ...base });
  const valueKind = SCO_VALUE_KIND[type];
  if (valueKind && typeof object.value === 'string') found(valueKind, object.value);
  if (type === 'file') {
    if (isRecord(object.hashes)) {
      for (const [algorithm, digest] of Object.entries(object.hashes)) {
        const upper = algorithm.toUpperCase();
        const kind = HASH_KIND.get(upper) ?? HASH_KIND.get(upper.replace(/^SHA(\d)/, 'SHA-$1'));
        if (kind && typeof digest === 'string') found(kind, digest.toLowerCase());
      }
    }
    if (typeof object.name === 'string') found('file', object.name);
  }
  if (type === 'windows-registry-key' && typeof object.key === 'string') found('registry', object.key);
  if (type === 'process' && typeof object.command_line === 'string')
    found('commandline', object.command_line);
}

/** Indicator values of a parsed bundle, de-duplicated per (kind, value, source). */
export function iocsFromStix(parsed: ParsedStixBundle): StixIoc[] {
  const out: StixIoc[] = [];
  const seen = new Set<string>();
  const add = (ioc: StixIoc): void => {
    const key = `${ioc.kind}\u0000${ioc.value}\u0000${ioc.source_ref}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(ioc);
  };
  for (const { object } of parsed.objects) {
    const name = typeof object.name === 'string' ? object.name : undefined;
    const base = { source_ref: object.id, ...(name === undefined ? {} : { name }) };
    if (
      object.type === 'indicator' &&
      (object.pattern_type === 'stix' || object.pattern_type === undefined) &&
      typeof object.pattern === 'string'
    ) {
      const tree = safeParsePattern(object.pattern);
      if (!tree.success) continue;
      const { iocs, exact } = iocsFromPattern(tree.data);
      for (const ioc of iocs) add({ kind: ioc.kind, value: ioc.value, origin: 'pattern', exact, ...base });
      continue;
    }
    observableIocs(object, base, add);
    // Deprecated (2.0-style) observed-data carries its observables embedded in `objects`.
    if (object.type === 'observed-data' && isRecord(object.objects)) {
      for (const embedded of Object.values(object.objects)) {
        if (isRecord(embedded)) observableIocs(embedded, { source_ref: object.id }, add);
      }
    }
    if (object.type === 'vulnerability' && Array.isArray(object.external_references)) {
      for (const ref of object.external_references) {
        if (isRecord(ref) && ref.source_name === 'cve' && typeof ref.external_id === 'string')
          add({
            kind: 'cve',
            value: ref.external_id.toUpperCase(),
            origin: 'observable',
            exact: true,
            ...base,
          });
      }
    }
  }
  return out;
}
