/**
 * Validator for STIX 2.1 patterns: syntax (pattern-parser.ts) plus the rules the grammar cannot
 * express (§9.5–9.7): AND-ed comparisons on one object type, one qualifier of each kind per
 * observation, valid timestamp/hex/base64 literals, START before STOP.
 */
import { type Issue, type SafeResult, StormwatchError } from '../shared/index.js';
import {
  type ComparisonNode,
  type PatternLiteral,
  type PatternNode,
  parsePattern,
} from './pattern-parser.js';
import { compareTimestamps, isStixTimestamp } from './timestamp.js';

/** Parses and checks a STIX pattern, returning the tree or every issue found. */
export function safeParsePattern(pattern: string): SafeResult<PatternNode> {
  let tree: PatternNode;
  try {
    tree = parsePattern(pattern);
  } catch (error) {
    if (error instanceof StormwatchError) {
      return {
        success: false,
        issues: [
          {
            code: error.code,
            message: error.message,
            severity: 'error',
            ...(error.location ? { location: error.location } : {}),
          },
        ],
      };
    }
    throw error;
  }
  const issues: Issue[] = [];
  checkNode(tree, issues);
  const errors = issues.filter((i) => i.severity === 'error');
  return errors.length ? { success: false, issues } : { success: true, data: tree, warnings: issues };
}

function issue(code: string, message: string, offset?: number): Issue {
  return {
    code,
    message,
    severity: 'error',
    ...(offset === undefined ? {} : { location: { offset, col: offset + 1 } }),
  };
}

function checkNode(node: PatternNode, issues: Issue[]): void {
  const seen = new Set<string>();
  for (const q of node.qualifiers) {
    if (seen.has(q.kind))
      issues.push(
        issue(
          'stix.pattern-qualifier',
          `an observation expression has more than one ${q.kind} qualifier (§9.7)`,
        ),
      );
    seen.add(q.kind);
    if (q.kind === 'START') {
      if (!isStixTimestamp(q.start) || !isStixTimestamp(q.stop))
        issues.push(
          issue('stix.pattern-literal', `START/STOP need STIX timestamps, got t'${q.start}' / t'${q.stop}'`),
        );
      else if (compareTimestamps(q.start, q.stop) >= 0)
        issues.push(issue('stix.pattern-qualifier', `START t'${q.start}' is not before STOP t'${q.stop}'`));
    }
  }
  if (node.kind === 'observation-group') {
    for (const operand of node.operands) checkNode(operand, issues);
    return;
  }
  checkComparison(node.comparison, issues, node.offset);
}

/** Object types an AND-ed comparison touches must be one (§9.5: "MUST all be for the same object type"). */
function checkComparison(node: ComparisonNode, issues: Issue[], offset: number): Set<string> {
  if (node.kind === 'test') {
    for (const literal of Array.isArray(node.value) ? node.value : node.value ? [node.value] : [])
      checkLiteral(literal as PatternLiteral, issues, node.path.offset);
    return new Set([node.path.objectType]);
  }
  const types = node.operands.map((o) => checkComparison(o, issues, offset));
  const union = new Set(types.flatMap((t) => [...t]));
  if (node.operator === 'AND' && union.size > 1) {
    issues.push(
      issue(
        'stix.pattern-mixed-types',
        `comparisons joined by AND refer to different object types (${[...union].join(', ')}); use separate observation expressions`,
        offset,
      ),
    );
  }
  return union;
}

function checkLiteral(literal: PatternLiteral, issues: Issue[], offset: number): void {
  if (literal.type === 'timestamp' && !isStixTimestamp(literal.value))
    issues.push(issue('stix.pattern-literal', `t'${literal.value}' is not a STIX timestamp`, offset));
  if (literal.type === 'hex' && !/^(?:[0-9a-fA-F]{2})*$/.test(literal.value))
    issues.push(
      issue('stix.pattern-literal', `h'${literal.value}' is not an even-length hex string`, offset),
    );
  if (
    literal.type === 'binary' &&
    !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(literal.value)
  )
    issues.push(issue('stix.pattern-literal', `b'${literal.value}' is not base64`, offset));
}
