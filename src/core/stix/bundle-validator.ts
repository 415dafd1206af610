/**
 * Checks a STIX 2.1 bundle for what the OASIS JSON schemas cannot express (see the schemas' README):
 * identifier syntax and uniqueness, references that resolve inside the bundle (or to a well-known TLP
 * marking) and point at allowed types, deterministic SCO ids that match their recomputed UUIDv5,
 * timestamps (syntax, modified ≥ created, valid_until > valid_from…), required properties per type and
 * indicator patterns. Reports every issue found, each with the JSON path at fault.
 */
import type { Issue } from '../shared/index.js';
import {
  objectCategory,
  REQUIRED_PROPERTIES,
  refRule,
  refTargetAllowed,
  WELL_KNOWN_MARKINGS,
} from './object-rules.js';
import { safeParsePattern } from './pattern-validator.js';
import { scoIdentityString } from './sco-identifier.js';
import { compareTimestamps, isStixTimestamp } from './timestamp.js';
import { STIX_SCO_NAMESPACE, uuidV5, uuidVersion } from './uuid.js';

export interface ValidateBundleOptions {
  /** Severity of a reference to an object the bundle does not carry (default 'error'). */
  readonly unresolvedRefs?: 'error' | 'warning';
}

const TYPE_RE = /^[a-z0-9](?:[a-z0-9-]{1,248})[a-z0-9]$/;
const ID_RE =
  /^([a-z0-9][a-z0-9-]*[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$/;
const OPINIONS = new Set(['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree']);
/** Pairs of timestamp properties where the second must not be before the first. */
const ORDERED_TIMES: readonly (readonly [string, string, boolean])[] = [
  ['created', 'modified', false],
  ['valid_from', 'valid_until', true],
  ['first_seen', 'last_seen', false],
  ['first_observed', 'last_observed', false],
  ['start_time', 'stop_time', true],
];
const TIMESTAMP_PROPERTIES = new Set([
  'created',
  'modified',
  'published',
  'valid_from',
  'valid_until',
  'first_seen',
  'last_seen',
  'first_observed',
  'last_observed',
  'start_time',
  'stop_time',
]);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function err(code: string, message: string, path: string): Issue {
  return { code, message, severity: 'error', location: { path } };
}

function warn(code: string, message: string, path: string): Issue {
  return { code, message, severity: 'warning', location: { path } };
}

/** Validates a parsed STIX 2.1 bundle; returns every issue (empty when valid). */
export function validateBundle(bundle: unknown, options: ValidateBundleOptions = {}): Issue[] {
  const issues: Issue[] = [];
  if (!isRecord(bundle)) return [err('stix.bundle-not-object', 'a STIX bundle must be a JSON object', '$')];
  if (bundle.type !== 'bundle')
    issues.push(
      err('stix.bundle-type', `bundle type must be "bundle", got ${JSON.stringify(bundle.type)}`, '$.type'),
    );
  if (typeof bundle.id !== 'string' || !ID_RE.test(bundle.id) || !bundle.id.startsWith('bundle--')) {
    issues.push(err('stix.bad-id', `bundle id ${JSON.stringify(bundle.id)} is not bundle--<uuid>`, '$.id'));
  }
  if (bundle.objects === undefined) return issues;
  if (!Array.isArray(bundle.objects))
    return [...issues, err('stix.bundle-objects', 'bundle objects must be an array', '$.objects')];
  const objects: unknown[] = bundle.objects;

  // Index first, so that forward references resolve.
  const typeById = new Map<string, string>();
  const versions = new Map<string, number>();
  objects.forEach((obj, i) => {
    if (!isRecord(obj) || typeof obj.id !== 'string') return;
    const key = `${obj.id}\u0000${typeof obj.modified === 'string' ? obj.modified : ''}`;
    const earlier = versions.get(key);
    if (earlier !== undefined) {
      issues.push(
        err(
          'stix.duplicate-id',
          `${obj.id} appears twice (also at $.objects[${earlier}])${typeof obj.modified === 'string' ? ` with the same modified ${obj.modified}` : ''}`,
          `$.objects[${i}].id`,
        ),
      );
    } else versions.set(key, i);
    if (typeof obj.type === 'string') typeById.set(obj.id, obj.type);
  });

  objects.forEach((obj, i) => {
    validateObject(obj, `$.objects[${i}]`, typeById, options, issues);
  });
  return issues;
}

function validateObject(
  obj: unknown,
  path: string,
  typeById: ReadonlyMap<string, string>,
  options: ValidateBundleOptions,
  issues: Issue[],
): void {
  if (!isRecord(obj)) {
    issues.push(err('stix.object-not-object', 'a STIX object must be a JSON object', path));
    return;
  }
  const type = obj.type;
  if (typeof type !== 'string' || !TYPE_RE.test(type)) {
    issues.push(
      err(
        'stix.bad-type',
        `type ${JSON.stringify(type)} is not a STIX type name (3–250 of a-z, 0-9, -)`,
        `${path}.type`,
      ),
    );
    return;
  }
  const m = typeof obj.id === 'string' ? ID_RE.exec(obj.id) : null;
  if (!m)
    issues.push(
      err('stix.bad-id', `id ${JSON.stringify(obj.id)} is not <type>--<RFC 9562 UUID>`, `${path}.id`),
    );
  else if (m[1] !== type)
    issues.push(
      err(
        'stix.id-type-mismatch',
        `id ${String(obj.id)} does not start with its type "${type}--"`,
        `${path}.id`,
      ),
    );
  else if (/[A-F]/.test(m[2] ?? ''))
    issues.push(
      warn(
        'stix.id-uppercase',
        `id ${String(obj.id)} has upper-case hex digits; UUIDs are written in lower case (RFC 9562 §4)`,
        `${path}.id`,
      ),
    );

  const category = objectCategory(type);
  // Custom types may be SDO- or SCO-like (§11.1), so only spec types get their common properties enforced.
  const needsCommon =
    category === 'sdo' ||
    category === 'sro' ||
    type === 'language-content' ||
    type === 'extension-definition';
  if (obj.spec_version !== undefined && obj.spec_version !== '2.1') {
    issues.push(
      err(
        'stix.spec-version',
        `spec_version ${JSON.stringify(obj.spec_version)} is not "2.1"`,
        `${path}.spec_version`,
      ),
    );
  } else if (obj.spec_version === undefined && category !== 'sco' && category !== 'custom') {
    issues.push(err('stix.missing-property', `${type} requires spec_version "2.1"`, `${path}.spec_version`));
  }
  const required = [...(needsCommon ? ['created', 'modified'] : []), ...(REQUIRED_PROPERTIES[type] ?? [])];
  for (const property of required) {
    if (obj[property] === undefined)
      issues.push(err('stix.missing-property', `${type} requires ${property}`, `${path}.${property}`));
  }

  for (const property of TIMESTAMP_PROPERTIES) {
    const value = obj[property];
    if (value !== undefined && !isStixTimestamp(value)) {
      issues.push(
        err(
          'stix.bad-timestamp',
          `${property} ${JSON.stringify(value)} is not a STIX timestamp (RFC 3339, UTC, Z)`,
          `${path}.${property}`,
        ),
      );
    }
  }
  for (const [from, to, strict] of ORDERED_TIMES) {
    const a = obj[from];
    const b = obj[to];
    if (!isStixTimestamp(a) || !isStixTimestamp(b)) continue;
    const order = compareTimestamps(b, a);
    if (order < 0 || (strict && order === 0)) {
      issues.push(
        err(
          'stix.timestamp-order',
          `${to} ${b} must be ${strict ? 'after' : 'on or after'} ${from} ${a}`,
          `${path}.${to}`,
        ),
      );
    }
  }

  checkRefs(obj, type, path, typeById, options, issues, true);

  if (category === 'sco' && m) checkScoId(obj, (m[2] ?? '').toLowerCase(), path, issues);
  if (type === 'indicator' && obj.pattern_type === 'stix' && typeof obj.pattern === 'string') {
    const parsed = safeParsePattern(obj.pattern);
    if (!parsed.success) {
      for (const issue of parsed.issues)
        issues.push(err('stix.invalid-pattern', issue.message, `${path}.pattern`));
    }
  }
  if (type === 'opinion' && obj.opinion !== undefined && !OPINIONS.has(String(obj.opinion))) {
    issues.push(
      err(
        'stix.opinion-enum',
        `opinion ${JSON.stringify(obj.opinion)} is not one of ${[...OPINIONS].join(', ')}`,
        `${path}.opinion`,
      ),
    );
  }
}

function checkScoId(obj: Json, uuid: string, path: string, issues: Issue[]): void {
  const identity = scoIdentityString(obj);
  if (identity === undefined) return; // no contributing properties: a UUIDv4 is what the spec asks for
  const expected = uuidV5(STIX_SCO_NAMESPACE, identity);
  if (uuid === expected) return;
  if (uuidVersion(uuid) === 5) {
    issues.push(
      err(
        'stix.sco-id-mismatch',
        `${String(obj.id)} is a UUIDv5 but not the one its id-contributing properties give (${String(obj.type)}--${expected}, over ${identity})`,
        `${path}.id`,
      ),
    );
  } else {
    issues.push(
      warn(
        'stix.sco-id-not-deterministic',
        `${String(obj.id)} is not the deterministic UUIDv5 id ${String(obj.type)}--${expected} (STIX 2.1 §2.9 says SCOs SHOULD use it)`,
        `${path}.id`,
      ),
    );
  }
}

function checkRefs(
  value: unknown,
  ownerType: string,
  path: string,
  typeById: ReadonlyMap<string, string>,
  options: ValidateBundleOptions,
  issues: Issue[],
  topLevel: boolean,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkRefs(item, ownerType, `${path}[${i}]`, typeById, options, issues, false);
    });
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    if (key === 'external_references') continue;
    if (key.endsWith('_ref') || key.endsWith('_refs')) {
      const rule = refRule(topLevel ? ownerType : '*', key);
      const refs = key.endsWith('_refs') ? child : [child];
      if (!Array.isArray(refs)) {
        issues.push(err('stix.bad-ref', `${key} must be a list of identifiers`, childPath));
        continue;
      }
      refs.forEach((ref, i) => {
        const refPath = key.endsWith('_refs') ? `${childPath}[${i}]` : childPath;
        if (typeof ref !== 'string' || !ID_RE.test(ref)) {
          // §3.1: a *_ref property holds an identifier; custom (x_) properties only earn a warning.
          const make = key.startsWith('x_') ? warn : err;
          issues.push(
            make('stix.bad-ref', `${key} value ${JSON.stringify(ref)} is not a STIX identifier`, refPath),
          );
          return;
        }
        const targetType =
          typeById.get(ref) ?? (WELL_KNOWN_MARKINGS.has(ref) ? 'marking-definition' : undefined);
        const declaredType = ref.slice(0, ref.indexOf('--'));
        if (targetType === undefined) {
          const severity = options.unresolvedRefs ?? 'error';
          const make = severity === 'error' ? err : warn;
          issues.push(make('stix.unresolved-ref', `${key} → ${ref} is not in the bundle`, refPath));
        }
        if (rule !== undefined && !refTargetAllowed(rule, targetType ?? declaredType)) {
          issues.push(
            err(
              'stix.ref-type',
              `${key} must point to ${Array.isArray(rule) ? rule.join(' or ') : rule}, not ${targetType ?? declaredType}`,
              refPath,
            ),
          );
        }
      });
      continue;
    }
    if (typeof child === 'object' && child !== null)
      checkRefs(child, ownerType, childPath, typeById, options, issues, false);
  }
}
