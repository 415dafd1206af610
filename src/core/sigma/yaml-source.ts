/**
 * YAML → position-carrying tree. Sigma rules are YAML (often multi-document); every later stage reports
 * problems as `file:line:col`, so the parser keeps the source position of every key and value, and the raw
 * text of plain scalars (so `1.0` stays `1.0` when it is compared as a string).
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { ErrorLocation, Issue } from '../shared/index.js';

/** A source position (1-based line and column, 0-based offset). */
export interface SourcePos {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

export type YScalarValue = string | number | boolean | null;

export interface YScalar {
  readonly kind: 'scalar';
  readonly value: YScalarValue;
  /** Source text for plain (unquoted) scalars; the value itself for quoted ones. */
  readonly raw: string;
  readonly quoted: boolean;
  readonly pos: SourcePos;
}
export interface YSeq {
  readonly kind: 'seq';
  readonly items: readonly YNode[];
  readonly pos: SourcePos;
}
export interface YEntry {
  readonly key: string;
  readonly keyPos: SourcePos;
  readonly value: YNode;
}
export interface YMap {
  readonly kind: 'map';
  readonly entries: readonly YEntry[];
  readonly pos: SourcePos;
}
export type YNode = YScalar | YSeq | YMap;

/** One YAML document of a (multi-document) file. */
export interface YDocument {
  /** 0-based index in the file. */
  readonly index: number;
  readonly root: YNode | null;
  readonly pos: SourcePos;
  /** YAML syntax errors and warnings of this document. */
  readonly issues: readonly Issue[];
}

const ZERO: SourcePos = { line: 1, col: 1, offset: 0 };

/** Parses every document of a YAML text; never throws (syntax problems become issues per document). */
export function parseYamlDocuments(text: string, file: string): YDocument[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const posAt = (offset: number): SourcePos => {
    const p = lc.linePos(offset);
    return { line: p.line, col: p.col, offset };
  };
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // An empty stream: parseAllDocuments returns an EmptyStream (no documents).
    return [];
  }
  return list.map((doc, index) => {
    const issues: Issue[] = [];
    for (const e of doc.errors) {
      issues.push({
        code: 'sigma.yaml.syntax',
        severity: 'error',
        message: e.message.split('\n')[0] ?? e.message,
        location: { file, ...posOf(posAt(e.pos[0])) },
      });
    }
    for (const w of doc.warnings) {
      issues.push({
        code: 'sigma.yaml.warning',
        severity: 'warning',
        message: w.message.split('\n')[0] ?? w.message,
        location: { file, ...posOf(posAt(w.pos[0])) },
      });
    }
    const start = doc.range[0];
    let root: YNode | null = null;
    if (doc.errors.length === 0 && doc.contents) {
      root = convert(doc.contents as Node, text, posAt, issues, file);
    }
    return { index, root, pos: posAt(start), issues };
  });
}

function posOf(p: SourcePos): { line: number; col: number; offset: number } {
  return { line: p.line, col: p.col, offset: p.offset };
}

function convert(
  node: Node,
  text: string,
  posAt: (o: number) => SourcePos,
  issues: Issue[],
  file: string,
): YNode {
  const pos = posAt(node.range?.[0] ?? 0);
  if (isMap(node)) {
    const entries: YEntry[] = [];
    for (const pair of node.items) {
      const k = pair.key as Node | null;
      const keyPos = k?.range ? posAt(k.range[0]) : pos;
      let key: string;
      if (k && isScalar(k)) key = k.value === null ? '' : String(k.value);
      else {
        issues.push({
          code: 'sigma.yaml.complex-key',
          severity: 'error',
          message: 'map keys must be plain strings',
          location: { file, ...keyPos },
        });
        continue;
      }
      const v = pair.value as Node | null;
      const value: YNode = v
        ? convert(v, text, posAt, issues, file)
        : { kind: 'scalar', value: null, raw: '', quoted: false, pos: keyPos };
      entries.push({ key, keyPos, value });
    }
    return { kind: 'map', entries, pos };
  }
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((n) => convert(n as Node, text, posAt, issues, file)), pos };
  }
  if (isScalar(node)) {
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const v = node.value;
    let value: YScalarValue;
    if (v === null || v === undefined) value = null;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') value = v;
    else if (typeof v === 'bigint') value = Number(v);
    else value = String(v);
    const raw =
      !quoted && node.range && typeof value !== 'string'
        ? text.slice(node.range[0], node.range[1]).trim()
        : typeof value === 'string'
          ? value
          : String(value);
    return { kind: 'scalar', value, raw, quoted, pos };
  }
  // Aliases are resolved by the yaml library before we see them; anything else is unexpected.
  issues.push({
    code: 'sigma.yaml.unsupported-node',
    severity: 'error',
    message: 'unsupported YAML node (alias or tag)',
    location: { file, ...pos },
  });
  return { kind: 'scalar', value: null, raw: '', quoted: false, pos };
}

/** Converts a node to plain JSON data (used for schema checks and `toJSON`). */
export function toPlain(node: YNode | null): unknown {
  if (node === null) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[e.key] = toPlain(e.value);
  return out;
}

/** Looks up a key in a map node. */
export function entry(map: YMap, key: string): YEntry | undefined {
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

/** Location helper for issues. */
export function loc(file: string, pos: SourcePos | undefined, path?: string): ErrorLocation {
  const p = pos ?? ZERO;
  return path === undefined
    ? { file, line: p.line, col: p.col, offset: p.offset }
    : { file, line: p.line, col: p.col, offset: p.offset, path };
}

/**
 * Deep-merges two map nodes (Sigma rule collections): entries of `over` win, nested maps merge
 * recursively, lists and scalars are replaced.
 */
export function mergeMaps(base: YMap, over: YMap): YMap {
  const entries: YEntry[] = [];
  const overKeys = new Map(over.entries.map((e) => [e.key, e]));
  for (const b of base.entries) {
    const o = overKeys.get(b.key);
    if (!o) entries.push(b);
    else if (b.value.kind === 'map' && o.value.kind === 'map')
      entries.push({ key: b.key, keyPos: o.keyPos, value: mergeMaps(b.value, o.value) });
    else entries.push(o);
  }
  const baseKeys = new Set(base.entries.map((e) => e.key));
  for (const o of over.entries) if (!baseKeys.has(o.key)) entries.push(o);
  return { kind: 'map', entries, pos: over.pos };
}
