/**
 * The typed Sigma model (Sigma specification v2.1: rules, correlation rules, filters). Produced by the
 * parser, consumed by the pipeline and the compiler. Positions are kept for every detection item so that
 * compile-time problems (unsupported regex, unresolved placeholder) still point at `file:line:col`.
 */
import type { ErrorLocation } from '../shared/index.js';
import type { ConditionNode } from './condition-parser.js';
import type { SourcePos } from './yaml-source.js';

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export type SigmaStatus = 'stable' | 'test' | 'experimental' | 'deprecated' | 'unsupported';

export interface SigmaLogsource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
  readonly definition?: string;
}

/** A raw value from a detection (before modifiers). */
export type RawValue = string | number | boolean | null;

export interface RawValueItem {
  readonly value: RawValue;
  /** Source text (plain scalars keep e.g. `1.0`). */
  readonly raw: string;
  readonly pos: SourcePos;
}

/** `field|mod1|mod2: values` (field is null for keyword items). */
export interface DetectionItem {
  readonly field: string | null;
  readonly modifiers: readonly string[];
  readonly values: readonly RawValueItem[];
  readonly pos: SourcePos;
}

/** A map of detection items (AND), or a keyword/value list. */
export interface DetectionMap {
  readonly kind: 'map';
  readonly items: readonly DetectionItem[];
  readonly pos: SourcePos;
}

/** A search identifier: an OR of maps, or keyword items (field null). */
export interface SearchIdentifier {
  readonly name: string;
  /** Alternatives linked with OR; each alternative is an AND of items. */
  readonly alternatives: readonly DetectionMap[];
  readonly pos: SourcePos;
}

export interface Detection {
  readonly identifiers: ReadonlyMap<string, SearchIdentifier>;
  /** Conditions (a list is OR-linked). */
  readonly conditions: readonly {
    readonly text: string;
    readonly ast: ConditionNode;
    readonly pos: SourcePos;
  }[];
}

interface RuleBase {
  readonly title: string;
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
  readonly status?: SigmaStatus;
  readonly level?: SigmaLevel;
  readonly tags: readonly string[];
  readonly author?: string;
  readonly date?: string;
  readonly modified?: string;
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
  /** Where the document starts. */
  readonly location: ErrorLocation;
  /** The document as plain data (for JSON output and schema checks). */
  readonly source: Readonly<Record<string, unknown>>;
}

export interface SigmaRule extends RuleBase {
  readonly type: 'rule';
  readonly logsource: SigmaLogsource;
  readonly detection: Detection;
  readonly fields: readonly string[];
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

export interface CorrelationCondition {
  readonly ops: readonly { readonly op: CompareOp; readonly value: number }[];
  readonly field?: readonly string[];
}

export interface SigmaCorrelationRule extends RuleBase {
  readonly type: 'correlation';
  readonly correlation: {
    readonly type: CorrelationType;
    readonly rules: readonly string[];
    readonly groupBy: readonly string[];
    /** Milliseconds. */
    readonly timespanMs: number;
    readonly timespan: string;
    readonly condition: CorrelationCondition | null;
    /** alias → (rule name/id → field). */
    readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  };
  readonly generate: boolean;
}

export interface SigmaFilterRule extends RuleBase {
  readonly type: 'filter';
  readonly logsource: SigmaLogsource;
  readonly filter: {
    readonly rules: readonly string[];
    readonly detection: Detection;
  };
}

export type AnySigmaRule = SigmaRule | SigmaCorrelationRule | SigmaFilterRule;
