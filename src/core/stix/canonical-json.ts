/**
 * JSON Canonicalization Scheme (RFC 8785), the serialisation STIX 2.1 §2.9 prescribes for the
 * id-contributing properties of a deterministic (UUIDv5) SCO identifier.
 *
 * RFC 8785 reuses ECMAScript's own `JSON.stringify` rules for strings and numbers (§3.2.2), so only
 * the object-member ordering (UTF-16 code-unit order, §3.2.3) and the rejection of values JSON
 * cannot carry need handling here.
 */
import { StormwatchError } from '../shared/index.js';

/** A JSON value as RFC 8259 defines it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Serialises `value` per RFC 8785. Throws `stix.jcs-invalid` on non-finite numbers or lone surrogates. */
export function canonicalizeJson(value: unknown): string {
  return write(value, '$');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, `non-finite number ${String(value)}`);
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw invalid(path, 'string holds a lone UTF-16 surrogate');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}[${i}]`)).join(',')}]`;
      // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 asks for.
      const keys = Object.keys(value).sort();
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(`${write(key, `${path}.${key}`)}:${write(member, `${path}.${key}`)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw invalid(path, `a ${typeof value} is not JSON`);
  }
}

function invalid(path: string, why: string): StormwatchError {
  return new StormwatchError({
    code: 'stix.jcs-invalid',
    kind: 'input',
    message: `cannot canonicalise ${path}: ${why}`,
    location: { path },
    hint: 'Only JSON values (finite numbers, well-formed strings) can contribute to a STIX identifier.',
  });
}
