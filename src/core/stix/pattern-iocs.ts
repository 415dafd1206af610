/**
 * Turns STIX patterns into the indicator values an IOC sweep can look for: every non-negated
 * equality (`=`, `IN`) or CIDR (`ISSUBSET`) test on a path stormwatch knows (ipv4-addr:value,
 * file:hashes.'SHA-256', process:command_line, …). `exact` says whether the whole pattern is just a
 * disjunction of such tests — when false, a match on a value is only a lead, not the full condition.
 */
import { HASH_ALGORITHMS, type ObservableKind } from './pattern-builder.js';
import type { ComparisonNode, ObjectPathNode, PatternNode, PropertyTest } from './pattern-parser.js';

export interface PatternIoc {
  readonly kind: ObservableKind;
  readonly value: string;
  /** The comparison used: '=' / 'IN' for values, 'ISSUBSET' for CIDR ranges. */
  readonly operator: '=' | 'IN' | 'ISSUBSET';
}

export interface PatternIocs {
  readonly iocs: readonly PatternIoc[];
  /** True when the pattern is nothing but an OR of the returned values (a single observation). */
  readonly exact: boolean;
}

const HASH_KIND_BY_ALGORITHM: Readonly<Record<string, ObservableKind>> = Object.fromEntries(
  Object.entries(HASH_ALGORITHMS).flatMap(([kind, name]) => [
    [name.toUpperCase(), kind as ObservableKind],
    [name.replace('-', '').toUpperCase(), kind as ObservableKind],
  ]),
);

/**
 * The indicator kind a test's object path denotes, if stormwatch sweeps for it. `network-traffic`
 * `src_ref.value`/`dst_ref.value` are resolved per value (address family or domain) by the caller.
 */
export function kindOfPath(path: ObjectPathNode): ObservableKind | undefined {
  const [first, second, third] = path.steps;
  const t = path.objectType;
  if (path.steps.length === 1 && first === 'value') {
    if (t === 'ipv4-addr') return 'ipv4';
    if (t === 'ipv6-addr') return 'ipv6';
    if (t === 'domain-name') return 'domain';
    if (t === 'url') return 'url';
    if (t === 'email-addr') return 'email';
  }
  if (t === 'file' && first === 'hashes' && typeof second === 'string' && path.steps.length === 2) {
    return HASH_KIND_BY_ALGORITHM[second.toUpperCase()];
  }
  if (t === 'file' && first === 'name' && path.steps.length === 1) return 'file';
  if (t === 'windows-registry-key' && first === 'key' && path.steps.length === 1) return 'registry';
  if (t === 'process' && first === 'command_line' && path.steps.length === 1) return 'commandline';
  if (t === 'email-message' && (first === 'from_ref' || first === 'sender_ref') && second === 'value')
    return 'email';
  if (
    t === 'email-message' &&
    (first === 'to_refs' || first === 'cc_refs' || first === 'bcc_refs') &&
    third === 'value'
  )
    return 'email';
  return undefined;
}

function networkKind(value: string): ObservableKind | undefined {
  if (/^\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?$/.test(value)) return 'ipv4';
  if (value.includes(':')) return 'ipv6';
  if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(value)) return 'domain';
  return undefined;
}

function testIocs(test: PropertyTest): PatternIoc[] | undefined {
  if (test.negated) return undefined;
  let kind = kindOfPath(test.path);
  const isTraffic =
    test.path.objectType === 'network-traffic' &&
    test.path.steps.length === 2 &&
    test.path.steps[1] === 'value';
  if (kind === undefined && !isTraffic) return undefined;
  const literals =
    test.operator === 'IN' && Array.isArray(test.value)
      ? test.value
      : test.value && !Array.isArray(test.value)
        ? [test.value]
        : [];
  if (test.operator !== '=' && test.operator !== 'IN' && test.operator !== 'ISSUBSET') return undefined;
  if (test.operator === 'ISSUBSET' && kind !== 'ipv4' && kind !== 'ipv6' && !isTraffic) return undefined;
  const out: PatternIoc[] = [];
  for (const literal of literals) {
    if (literal.type !== 'string') continue;
    if (isTraffic) kind = networkKind(literal.value);
    if (kind === undefined) continue;
    out.push({ kind, value: literal.value, operator: test.operator });
  }
  return out;
}

function collect(node: ComparisonNode, out: PatternIoc[]): boolean {
  if (node.kind === 'test') {
    const found = testIocs(node);
    if (found) out.push(...found);
    return found !== undefined && found.length > 0;
  }
  let exact = node.operator === 'OR';
  for (const operand of node.operands) {
    const operandExact = collect(operand, out);
    exact &&= operandExact;
  }
  return exact;
}

/** Indicator values a pattern tests for, de-duplicated, in pattern order. */
export function iocsFromPattern(tree: PatternNode): PatternIocs {
  const out: PatternIoc[] = [];
  let exact = true;
  const visit = (node: PatternNode): void => {
    if (node.qualifiers.length > 0) exact = false;
    if (node.kind === 'observation-group') {
      if (node.operator !== 'OR') exact = false;
      for (const operand of node.operands) visit(operand);
      return;
    }
    if (!collect(node.comparison, out)) exact = false;
  };
  visit(tree);
  const seen = new Set<string>();
  const iocs = out.filter((ioc) => {
    const key = `${ioc.kind}\u0000${ioc.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { iocs, exact: exact && iocs.length > 0 };
}
