/**
 * IOC files in text: CSV with a header row (RFC 4180 quoting; the value column found by name — `IoC`,
 * `indicator`, `value`… — and the type column by name, e.g. Microsoft's threat-intelligence CSVs; extra hash,
 * file-name and domain columns are swept too) and plain lists (one value per line, `#` comments, type
 * guessed per value, defanging undone).
 */
import type { Issue } from '../../shared/index.js';
import {
  guessIocType,
  type IocEntry,
  type IocType,
  iocTypeFromName,
  normaliseIoc,
  refang,
} from './ioc-entry.js';
import type { IocParseResult } from './parse-ioc-json.js';

/** Splits CSV text into rows (quoted fields may hold commas, quotes and newlines). Returns row start lines. */
export function parseCsv(text: string, delimiter = ','): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') {
        rows.push(row);
        lines.push(rowLine);
      }
      row = [];
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

const VALUE_COLUMNS = [
  'ioc',
  'indicator',
  'indicatorvalue',
  'value',
  'observable',
  'observablevalue',
  'ioc_value',
  'iocvalue',
  'artifact',
  'data',
];
const TYPE_COLUMNS = [
  'ioc_type',
  'ioctype',
  'indicatortype',
  'indicator_type',
  'type',
  'observabletype',
  'datatype',
  'kind',
];
const LABEL_COLUMNS = [
  'activitygroupnames',
  'actor',
  'threatactor',
  'threat_actor',
  'malwarefamily',
  'malware',
  'campaign',
  'release',
  'description',
];

const key = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '');

/** True when the first row looks like a CSV header naming an indicator column. */
export function looksLikeCsvHeader(firstLine: string): boolean {
  const delim = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const cells = firstLine.split(delim).map(key);
  return (
    cells.length > 1 &&
    cells.some(
      (c) => VALUE_COLUMNS.includes(c) || TYPE_COLUMNS.includes(c) || iocTypeFromName(c) !== undefined,
    )
  );
}

/** Indicators of a CSV file with a header row. */
export function parseCsvIocs(rawText: string, file: string): IocParseResult {
  const text = rawText.replace(/^\uFEFF/, '');
  const first = text.slice(0, text.search(/\r?\n|$/));
  const delim = first.includes('\t') && !first.includes(',') ? '\t' : ',';
  const { rows, lines } = parseCsv(text, delim);
  const entries: IocEntry[] = [];
  const issues: Issue[] = [];
  const header = (rows[0] ?? []).map(key);
  const find = (names: readonly string[]) => {
    for (const n of names) {
      const i = header.indexOf(n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const valueCol = find(VALUE_COLUMNS);
  const typeCol = find(TYPE_COLUMNS);
  const labelCol = find(LABEL_COLUMNS);
  // Typed columns (`SHA1`, `MD5`, `Filename`, `C2Domain`, `url`…) apart from the value/type columns.
  const typed: { col: number; type: IocType | 'auto' }[] = [];
  header.forEach((h, col) => {
    if (col === valueCol || col === typeCol) return;
    const t = iocTypeFromName(h);
    if (t && !['file', 'host', 'data', 'link'].includes(h)) typed.push({ col, type: t });
  });
  if (valueCol < 0 && typed.length === 0) {
    issues.push({
      code: 'ioc.csv-no-value-column',
      severity: 'error',
      message: `no indicator column in the CSV header (${rows[0]?.join(', ') ?? 'empty file'})`,
      location: { file, line: 1 },
    });
    return { entries, issues };
  }
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const line = lines[r]!;
    const label = labelCol >= 0 ? row[labelCol]?.trim() || undefined : undefined;
    const add = (raw: string, declared: IocType | 'auto' | undefined, column: string) => {
      const v = raw.trim();
      if (v === '') return;
      let type: IocType = declared === undefined || declared === 'auto' ? guessIocType(v) : declared;
      if (type === 'ip' && v.includes('/')) type = 'cidr';
      const value = normaliseIoc(type, v);
      if (value === undefined) {
        issues.push({
          code: 'ioc.invalid-value',
          severity: 'warning',
          message: `${column}: ${type} value ${JSON.stringify(v)} is not valid`,
          location: { file, line },
        });
        return;
      }
      entries.push({
        type,
        value,
        indicator: refang(v),
        source: `${file}:${line}`,
        ...(label ? { label } : {}),
      });
    };
    if (valueCol >= 0) {
      const typeName = typeCol >= 0 ? (row[typeCol] ?? '') : '';
      const declared = typeName.trim() ? iocTypeFromName(typeName) : 'auto';
      if (declared === undefined && typeName.trim()) {
        issues.push({
          code: 'ioc.unknown-type',
          severity: 'warning',
          message: `unknown indicator type ${JSON.stringify(typeName)}; guessing from the value`,
          location: { file, line },
        });
      }
      add(row[valueCol] ?? '', declared ?? 'auto', rows[0]![valueCol] ?? 'value');
    }
    for (const { col, type } of typed) add(row[col] ?? '', type, rows[0]![col] ?? '');
  }
  return { entries, issues };
}

/** Indicators of a plain list: one value per line, `#` or `//` comments, blank lines ignored. */
export function parseListIocs(text: string, file: string): IocParseResult {
  const entries: IocEntry[] = [];
  const issues: Issue[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((rawLine, i) => {
      const v = rawLine.replace(/\s+#.*$/, '').trim();
      if (v === '' || v.startsWith('#') || v.startsWith('//')) return;
      const type = guessIocType(v);
      const value = normaliseIoc(type, v);
      if (value === undefined) {
        issues.push({
          code: 'ioc.invalid-value',
          severity: 'warning',
          message: `${JSON.stringify(v)} is too short to sweep for`,
          location: { file, line: i + 1 },
        });
        return;
      }
      entries.push({ type, value, indicator: refang(v), source: `${file}:${i + 1}` });
    });
  return { entries, issues };
}
