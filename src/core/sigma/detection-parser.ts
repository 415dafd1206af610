/**
 * The `detection` section (and a filter's `filter` section): search identifiers as maps, lists of maps or
 * keyword lists, `field|modifier` keys checked against the modifier registry, and the condition(s) parsed and
 * checked against the defined identifiers (rules specification v2.1 "Detection" and "Condition").
 */
import {
  ConditionSyntaxError,
  conditionReferences,
  identifierPatternMatcher,
  parseCondition,
} from './condition-parser.js';
import { MODIFIERS } from './modifiers.js';
import type { Ctx } from './parse-context.js';
import type { Detection, DetectionItem, DetectionMap, RawValueItem, SearchIdentifier } from './rule-model.js';
import type { SourcePos, YMap, YNode } from './yaml-source.js';

export function parseDetection(map: YMap, c: Ctx, what: string): Detection | null {
  const identifiers = new Map<string, SearchIdentifier>();
  const failed = new Set<string>();
  let ok = true;
  let condNode: YNode | undefined;
  for (const e of map.entries) {
    if (e.key === 'condition') {
      condNode = e.value;
      continue;
    }
    if (e.key === 'timeframe') {
      c.error(
        'sigma.condition.deprecated-aggregation',
        '`timeframe` belongs to the deprecated Sigma 1.0 aggregation syntax; rewrite the rule as a correlation rule',
        e.keyPos,
      );
      ok = false;
      continue;
    }
    const id = parseIdentifier(e.key, e.value, c, e.keyPos);
    if (id) identifiers.set(e.key, id);
    else {
      failed.add(e.key);
      ok = false;
    }
  }
  if (!condNode) {
    c.error('sigma.detection.condition', `\`${what}.condition\` is required`, map.pos);
    return null;
  }
  const condTexts: { text: string; pos: SourcePos; quoted: boolean }[] = [];
  if (condNode.kind === 'scalar' && typeof condNode.value === 'string')
    condTexts.push({ text: condNode.value, pos: condNode.pos, quoted: condNode.quoted });
  else if (condNode.kind === 'seq' && condNode.items.length > 0) {
    for (const item of condNode.items) {
      if (item.kind === 'scalar' && typeof item.value === 'string')
        condTexts.push({ text: item.value, pos: item.pos, quoted: item.quoted });
      else c.error('sigma.detection.condition', 'condition list items must be strings', item.pos);
    }
  } else {
    c.error('sigma.detection.condition', '`condition` must be a string (or a list of strings)', condNode.pos);
    return null;
  }
  const conditions: Detection['conditions'][number][] = [];
  const names = [...identifiers.keys(), ...failed];
  for (const ct of condTexts) {
    try {
      const ast = parseCondition(ct.text);
      for (const ref of conditionReferences(ast)) {
        const shift = ref.col - 1 + (ct.quoted ? 1 : 0);
        const refPos = { line: ct.pos.line, col: ct.pos.col + shift, offset: ct.pos.offset + shift };
        if (ref.pattern) {
          const m = identifierPatternMatcher(ref.name);
          if (!names.some(m)) {
            c.error(
              'sigma.condition.unknown-identifier',
              `\`${ref.name}\` matches no search identifier`,
              refPos,
            );
            ok = false;
          }
        } else if (!identifiers.has(ref.name) && !failed.has(ref.name)) {
          c.error(
            'sigma.condition.unknown-identifier',
            `condition refers to \`${ref.name}\`, which is not defined in \`${what}\` (defined: ${names.join(', ') || 'none'})`,
            refPos,
          );
          ok = false;
        }
      }
      conditions.push({ text: ct.text, ast, pos: ct.pos });
    } catch (e) {
      if (e instanceof ConditionSyntaxError) {
        const shift = e.col - 1 + (ct.quoted ? 1 : 0);
        c.error(e.code, `condition: ${e.message}`, {
          line: ct.pos.line,
          col: ct.pos.col + shift,
          offset: ct.pos.offset + shift,
        });
        ok = false;
      } else throw e;
    }
  }
  if (condNode.kind === 'seq')
    c.warning(
      'sigma.condition.list',
      'a list of conditions is OR-linked (the JSON schema only allows a string)',
      condNode.pos,
    );
  return ok && conditions.length > 0 ? { identifiers, conditions } : null;
}

function parseIdentifier(name: string, node: YNode, c: Ctx, pos: SourcePos): SearchIdentifier | null {
  if (node.kind === 'map') {
    const m = parseMap(node, c);
    return m ? { name, alternatives: [m], pos } : null;
  }
  if (node.kind === 'seq') {
    const alternatives: DetectionMap[] = [];
    const keywords: RawValueItem[] = [];
    let ok = true;
    for (const item of node.items) {
      if (item.kind === 'map') {
        const m = parseMap(item, c);
        if (m) alternatives.push(m);
        else ok = false;
      } else if (item.kind === 'scalar') {
        if (
          item.value === null ||
          typeof item.value === 'boolean' ||
          (typeof item.value === 'number' && !Number.isInteger(item.value))
        ) {
          c.error(
            'sigma.detection.value',
            `keyword list items must be strings or integers, got ${JSON.stringify(item.value)}`,
            item.pos,
          );
          ok = false;
        } else keywords.push({ value: item.value, raw: item.raw, pos: item.pos });
      } else {
        c.error('sigma.detection.value', 'nested lists are not allowed in a search identifier', item.pos);
        ok = false;
      }
    }
    if (keywords.length > 0)
      alternatives.push({
        kind: 'map',
        items: [{ field: null, modifiers: [], values: keywords, pos: node.pos }],
        pos: node.pos,
      });
    if (alternatives.length === 0 && ok) {
      c.error('sigma.detection.empty', `search identifier \`${name}\` is an empty list`, node.pos);
      return null;
    }
    return ok ? { name, alternatives, pos } : null;
  }
  c.error(
    'sigma.detection.identifier',
    `search identifier \`${name}\` must be a map (field: value) or a list (keywords or maps), not a single value`,
    node.pos,
  );
  return null;
}

function parseMap(map: YMap, c: Ctx): DetectionMap | null {
  const items: DetectionItem[] = [];
  let ok = true;
  for (const e of map.entries) {
    const [fieldPart, ...mods] = e.key.split('|');
    const field = fieldPart === '' ? null : (fieldPart ?? null);
    for (const m of mods) {
      if (!MODIFIERS.has(m)) {
        c.error(
          'sigma.modifier.unknown',
          `unknown modifier \`${m}\` in \`${e.key}\` (known: ${[...MODIFIERS.keys()].join(', ')})`,
          e.keyPos,
        );
        ok = false;
      }
    }
    const values: RawValueItem[] = [];
    const v = e.value;
    if (v.kind === 'scalar') values.push({ value: v.value, raw: v.raw, pos: v.pos });
    else if (v.kind === 'seq') {
      for (const item of v.items) {
        if (item.kind !== 'scalar') {
          c.error('sigma.detection.value', `values of \`${e.key}\` must be scalars`, item.pos);
          ok = false;
        } else values.push({ value: item.value, raw: item.raw, pos: item.pos });
      }
      if (v.items.length === 0) {
        c.error('sigma.detection.empty', `\`${e.key}\` has an empty value list`, v.pos);
        ok = false;
      }
      if (values.length > 1 && values.some((x) => x.value === null))
        c.warning(
          'sigma.detection.null-in-list',
          `\`null\` inside a value list of \`${e.key}\`: use a separate selection`,
          v.pos,
        );
    } else {
      c.error(
        'sigma.detection.value',
        `value of \`${e.key}\` must be a scalar or a list of scalars, not a map`,
        v.pos,
      );
      ok = false;
    }
    if (mods.includes('all') && values.length === 1)
      c.warning(
        'sigma.modifier.all-single',
        `\`all\` on a single value in \`${e.key}\` has no effect`,
        e.keyPos,
      );
    items.push({ field, modifiers: mods, values, pos: e.keyPos });
  }
  return ok ? { kind: 'map', items, pos: map.pos } : null;
}
