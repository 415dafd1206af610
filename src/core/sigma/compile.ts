/**
 * Compiles a parsed Sigma rule, under a processing pipeline set (and optional meta filters), into closures
 * over a FlatEvent: one variant per pipeline log source that maps the rule (e.g. Sysmon EventID 1 and
 * Security 4688 for process_creation), each with its event selector, field mapping and condition.
 */
import { type ErrorLocation, type Issue, type SafeResult, StormwatchError } from '../shared/index.js';
import { type ConditionNode, identifierPatternMatcher } from './condition-parser.js';
import { andEventIds, bestNeedles, fieldsRead, orEventIds, unionNeedles } from './detection-bounds.js';
import { type EventSelector, selectorOf, selectorTest } from './event-selector.js';
import type { FlatEvent, FlatValue } from './flat-event.js';
import { type CompiledItem, compileFieldItem, compileKeywordItem } from './item-matcher.js';
import { applyModifiers, type ModifierContext } from './modifiers.js';
import type { LogsourceVariant, PipelineSet } from './pipeline.js';
import type {
  Detection,
  DetectionItem,
  SigmaFilterRule,
  SigmaLevel,
  SigmaLogsource,
  SigmaRule,
} from './rule-model.js';
import { parseSigmaString, type SigmaValue, toSigmaValue, ValueError } from './sigma-value.js';
import type { SourcePos } from './yaml-source.js';

/** What matched, for findings. */
export interface MatchResult {
  readonly ruleId: string;
  /** Search identifiers that evaluated true (in detection order). */
  readonly selections: readonly string[];
  /** Event fields (with their values) that satisfied items of those identifiers (for keywords: where found). */
  readonly fields: readonly {
    /** The search identifier whose item the field satisfied. */
    readonly selection: string;
    /** The event field (for keywords: the field the keyword was found in). */
    readonly field: string;
    readonly value: FlatValue;
  }[];
  /** Pipeline log source entry of the variant that matched. */
  readonly source: string | null;
}

export interface CompiledRule {
  /** Rule id (the `id`, else `name`, else the title). */
  readonly id: string;
  readonly name: string | undefined;
  readonly title: string;
  readonly level: SigmaLevel | undefined;
  readonly status: string | undefined;
  readonly tags: readonly string[];
  readonly logsource: SigmaLogsource;
  /** One selector per variant; empty means the rule reads every event. */
  readonly selectors: readonly EventSelector[];
  /**
   * EventIDs outside which the rule's detection cannot hold (e.g. `EventID: 4728` in a Security rule whose log
   * source names only the channel), or null: routing narrows the selectors with it.
   */
  readonly eventIds: ReadonlySet<number> | null;
  /** False when no pipeline maps the rule's logsource (it then reads every event). */
  readonly logsourceMapped: boolean;
  /**
   * Prefilter: lowercased needles such that, if none occurs in the event's lowercased string values
   * (numbers may be skipped; booleans as `true`/`false`), the rule cannot match. `null` when no such set exists.
   */
  readonly literals: readonly string[] | null;
  /**
   * Event fields in whose values the `literals` occur whenever the rule matches (every field any detection
   * item reads, after field mapping), so a prefilter may scan only these; `null` when a keyword (field-less)
   * item makes any value relevant.
   */
  readonly literalFields: readonly string[] | null;
  /** Evaluates the rule (selector + condition + filters). Allocation-free when it does not match. */
  match(event: FlatEvent): MatchResult | null;
  /** Meta filters applied to this rule (ids or titles). */
  readonly filters: readonly string[];
}

export interface CompileOptions {
  /** Meta filters (Sigma filters specification); those naming this rule and matching its logsource apply. */
  readonly filters?: readonly SigmaFilterRule[];
}

type Pred = (ev: FlatEvent) => boolean;

interface CompiledIdentifier {
  readonly name: string;
  readonly test: Pred;
  readonly items: readonly (readonly CompiledItem[])[];
  readonly needles: readonly string[] | null;
  readonly eventIds: readonly number[] | null;
}

interface CompiledDetection {
  readonly test: Pred;
  readonly identifiers: readonly CompiledIdentifier[];
  readonly needles: readonly string[] | null;
  /** EventIDs outside which the detection cannot hold (null: any). */
  readonly eventIds: readonly number[] | null;
}

class CompileErrors {
  readonly issues: Issue[] = [];
  constructor(readonly file: string | undefined) {}
  add(e: unknown, pos: SourcePos | undefined): void {
    if (e instanceof ValueError) {
      const p = e.pos ?? pos;
      const location: ErrorLocation = p
        ? { ...(this.file ? { file: this.file } : {}), line: p.line, col: p.col }
        : this.file
          ? { file: this.file }
          : {};
      this.issues.push({ code: e.code, message: e.message, severity: 'error', location });
    } else throw e;
  }
}

function compileItem(
  item: DetectionItem,
  variant: LogsourceVariant,
  pipelines: PipelineSet,
  ctx: ModifierContext,
  errs: CompileErrors,
): CompiledItem | null {
  try {
    const replacements = pipelines.valueReplacementsFor(item.field);
    const values: SigmaValue[] = item.values.map((v) => {
      if (typeof v.value === 'string' && replacements.length > 0) {
        let raw = v.value;
        for (const r of replacements) raw = raw.split(r.from).join(r.to);
        return parseSigmaString(raw);
      }
      return toSigmaValue(v);
    });
    const state = applyModifiers(values, item.modifiers, ctx);
    if (item.field === null) return compileKeywordItem(state);
    const fields = variant.fieldMappings.get(item.field) ?? [item.field];
    return compileFieldItem(fields, state);
  } catch (e) {
    // Value problems point at the (first) value, as the modifiers apply to all of them.
    errs.add(e, item.values[0]?.pos ?? item.pos);
    return null;
  }
}

function and(preds: Pred[]): Pred {
  if (preds.length === 1) return preds[0]!;
  if (preds.length === 2) {
    const [a, b] = preds as [Pred, Pred];
    return (ev) => a(ev) && b(ev);
  }
  return (ev) => {
    for (let i = 0; i < preds.length; i++) if (!preds[i]!(ev)) return false;
    return true;
  };
}
function or(preds: Pred[]): Pred {
  if (preds.length === 1) return preds[0]!;
  if (preds.length === 2) {
    const [a, b] = preds as [Pred, Pred];
    return (ev) => a(ev) || b(ev);
  }
  return (ev) => {
    for (let i = 0; i < preds.length; i++) if (preds[i]!(ev)) return true;
    return false;
  };
}

function compileDetection(
  detection: Detection,
  variant: LogsourceVariant,
  pipelines: PipelineSet,
  ctx: ModifierContext,
  errs: CompileErrors,
): CompiledDetection | null {
  const before = errs.issues.length;
  const ids = new Map<string, CompiledIdentifier>();
  for (const [name, ident] of detection.identifiers) {
    const altItems: CompiledItem[][] = [];
    for (const alt of ident.alternatives) {
      const items: CompiledItem[] = [];
      for (const it of alt.items) {
        const c = compileItem(it, variant, pipelines, ctx, errs);
        if (c) items.push(c);
      }
      altItems.push(items);
    }
    const test = or(
      altItems.map((items) => (items.length === 0 ? () => true : and(items.map((i) => i.test)))),
    );
    const needles = unionNeedles(altItems.map((items) => bestNeedles(items.map((i) => i.needles))));
    const eventIds = orEventIds(altItems.map((items) => andEventIds(items.map((i) => i.eventIds))));
    ids.set(name, { name, test, items: altItems, needles, eventIds });
  }
  if (errs.issues.length > before) return null;
  const names = [...ids.keys()];
  type Built = { test: Pred; needles: readonly string[] | null; eventIds: readonly number[] | null };
  const build = (n: ConditionNode): Built => {
    switch (n.type) {
      case 'id': {
        const c = ids.get(n.name)!;
        return { test: c.test, needles: c.needles, eventIds: c.eventIds };
      }
      case 'not': {
        const inner = build(n.arg).test;
        return { test: (ev) => !inner(ev), needles: null, eventIds: null };
      }
      case 'and': {
        const parts = n.args.map(build);
        return {
          test: and(parts.map((p) => p.test)),
          needles: bestNeedles(parts.map((p) => p.needles)),
          eventIds: andEventIds(parts.map((p) => p.eventIds)),
        };
      }
      case 'or': {
        const parts = n.args.map(build);
        return {
          test: or(parts.map((p) => p.test)),
          needles: unionNeedles(parts.map((p) => p.needles)),
          eventIds: orEventIds(parts.map((p) => p.eventIds)),
        };
      }
      case 'of': {
        const m =
          n.pattern === null ? (x: string) => !x.startsWith('_') : identifierPatternMatcher(n.pattern);
        const selected = names.filter(m).map((x) => ids.get(x)!);
        if (selected.length === 0) return { test: () => false, needles: null, eventIds: null };
        const tests = selected.map((s) => s.test);
        if (n.quantifier === 'all')
          return {
            test: and(tests),
            needles: bestNeedles(selected.map((s) => s.needles)),
            eventIds: andEventIds(selected.map((s) => s.eventIds)),
          };
        if (n.quantifier === 1)
          return {
            test: or(tests),
            needles: unionNeedles(selected.map((s) => s.needles)),
            eventIds: orEventIds(selected.map((s) => s.eventIds)),
          };
        const k = n.quantifier;
        return {
          test: (ev) => {
            let hits = 0;
            for (const t of tests) if (t(ev) && ++hits >= k) return true;
            return false;
          },
          needles: unionNeedles(selected.map((s) => s.needles)),
          eventIds: orEventIds(selected.map((s) => s.eventIds)),
        };
      }
    }
  };
  const conds = detection.conditions.map((c) => build(c.ast));
  return {
    test: or(conds.map((c) => c.test)),
    identifiers: [...ids.values()],
    needles: unionNeedles(conds.map((c) => c.needles)),
    eventIds: orEventIds(conds.map((c) => c.eventIds)),
  };
}

function logsourceCovers(filter: SigmaLogsource, rule: SigmaLogsource): boolean {
  for (const k of ['category', 'product', 'service'] as const) {
    const f = filter[k];
    if (f !== undefined && f.toLowerCase() !== (rule[k] ?? '').toLowerCase()) return false;
  }
  return true;
}

/** Filters that apply to a rule: listed by id, name or title, with a compatible logsource. */
export function filtersFor(rule: SigmaRule, filters: readonly SigmaFilterRule[]): SigmaFilterRule[] {
  const keys = new Set([rule.id, rule.name, rule.title].filter((x): x is string => typeof x === 'string'));
  return filters.filter(
    (f) => f.filter.rules.some((r) => keys.has(r)) && logsourceCovers(f.logsource, rule.logsource),
  );
}

/** Compiles a rule, returning every problem (unsupported regex, unresolved placeholder…) with file:line:col. */
export function safeCompileRule(
  rule: SigmaRule,
  pipelines: PipelineSet,
  options: CompileOptions = {},
): SafeResult<CompiledRule> {
  const errs = new CompileErrors(rule.location.file);
  const ctx: ModifierContext = {
    placeholders: pipelines.placeholders,
    placeholderFallback: pipelines.placeholderFallback,
  };
  const applicable = filtersFor(rule, options.filters ?? []);
  const variants = pipelines.variantsFor(rule.logsource);
  type Variant = {
    sel: Pred | null;
    selector: EventSelector | null;
    det: CompiledDetection;
    filters: CompiledDetection[];
  };
  const compiled: Variant[] = [];
  for (const v of variants) {
    const det = compileDetection(rule.detection, v, pipelines, ctx, errs);
    const fdets: CompiledDetection[] = [];
    for (const f of applicable) {
      const fe = new CompileErrors(f.location.file);
      const fd = compileDetection(f.filter.detection, v, pipelines, ctx, fe);
      errs.issues.push(...fe.issues);
      if (fd) fdets.push(fd);
    }
    if (det) {
      const selector = selectorOf(v);
      compiled.push({ sel: selectorTest(selector), selector, det, filters: fdets });
    }
  }
  if (errs.issues.length > 0 || compiled.length === 0) {
    // Variants share the detection, so the same problem is found once per variant: report it once.
    const unique = [
      ...new Map(
        errs.issues.map((i) => [`${i.code}|${i.message}|${i.location?.line}|${i.location?.col}`, i]),
      ).values(),
    ];
    return {
      success: false,
      issues: unique.length
        ? unique
        : [
            {
              code: 'sigma.compile.empty',
              message: 'rule compiled to nothing',
              severity: 'error',
              location: rule.location,
            },
          ],
    };
  }
  const id = rule.id ?? rule.name ?? rule.title;
  const evaluators = compiled.map((c) => {
    const det = c.det.test;
    const filt = c.filters.length ? or(c.filters.map((f) => f.test)) : null;
    const sel = c.sel;
    const body: Pred = filt ? (ev) => det(ev) && !filt(ev) : det;
    return sel ? (ev: FlatEvent) => sel(ev) && body(ev) : body;
  });
  const explain = (i: number, ev: FlatEvent): MatchResult => {
    const c = compiled[i]!;
    const selections: string[] = [];
    const fields: { selection: string; field: string; value: FlatValue }[] = [];
    for (const ident of c.det.identifiers) {
      if (!ident.test(ev)) continue;
      const selection = ident.name;
      selections.push(selection);
      // Each field once per identifier, however many of its items read it.
      const seen = new Set<string>();
      const add = (field: string, value: FlatValue) => {
        if (seen.has(field)) return;
        seen.add(field);
        fields.push({ selection, field, value });
      };
      for (const items of ident.items) {
        if (!items.every((it) => it.test(ev))) continue;
        for (const it of items) {
          if (it.locate) for (const l of it.locate(ev)) add(l.field, l.value);
          for (const f of it.fields) if (ev[f] !== undefined) add(f, ev[f] as FlatValue);
        }
        break;
      }
    }
    return { ruleId: id, selections, fields, source: c.selector?.source ?? null };
  };
  const n = evaluators.length;
  const match =
    n === 1
      ? (ev: FlatEvent) => (evaluators[0]!(ev) ? explain(0, ev) : null)
      : (ev: FlatEvent) => {
          for (let i = 0; i < n; i++) if (evaluators[i]!(ev)) return explain(i, ev);
          return null;
        };
  const selectors = compiled.map((c) => c.selector).filter((s): s is EventSelector => s !== null);
  const anyUnrestricted = compiled.some((c) => c.selector === null || c.sel === null);
  const literals = unionNeedles(compiled.map((c) => c.det.needles));
  const literalFields = literals === null ? null : fieldsRead(compiled.map((c) => c.det));
  const detIds = orEventIds(compiled.map((c) => c.det.eventIds));
  return {
    success: true,
    warnings: [],
    data: {
      id,
      name: rule.name,
      title: rule.title,
      level: rule.level,
      status: rule.status,
      tags: rule.tags,
      logsource: rule.logsource,
      selectors: anyUnrestricted ? [] : selectors,
      eventIds: detIds ? new Set(detIds) : null,
      logsourceMapped: compiled.every((c) => c.selector !== null),
      literals,
      literalFields,
      match,
      filters: applicable.map((f) => f.id ?? f.title),
    },
  };
}

/** Compiles a rule; throws `StormwatchError` (code of the first issue, all issues in the message). */
export function compileRule(
  rule: SigmaRule,
  pipelines: PipelineSet,
  options: CompileOptions = {},
): CompiledRule {
  const r = safeCompileRule(rule, pipelines, options);
  if (r.success) return r.data;
  const first = r.issues[0]!;
  throw new StormwatchError({
    code: first.code,
    kind: 'input',
    message: `rule ${JSON.stringify(rule.title)} does not compile: ${r.issues.map((i) => i.message).join('; ')}`,
    ...(first.location ? { location: first.location } : {}),
    hint: 'fix the rule or supply the missing pipeline data (--pipeline)',
  });
}
