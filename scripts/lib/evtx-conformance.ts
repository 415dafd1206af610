/**
 * Conformance checks for the EVTX reader against the reference data in ../shared (used by
 * scripts/conformance-evtx.ts and by the vitest conformance test):
 * 1. record counts and rendered content equal libyal's `evtxexport -f xml` (field by field after
 *    normalisation of GUID braces, hex padding and timestamp precision);
 * 2. the JSON documents equal the `.json` files shipped beside the Sigma regression `.evtx` files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readEvtx, recordToJson, recordToXml, xmlChars } from '../../src/core/evtx/index.js';

export const EVTX_FOLDERS = ['evtx-attack-samples', 'hayabusa-sample-evtx', 'sigma/regression_data'];

/** Every `.evtx` under the three reference folders, sorted. */
export function listEvtxFiles(sharedDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith('.evtx')) out.push(p);
    }
  };
  for (const f of EVTX_FOLDERS) if (existsSync(join(sharedDir, f))) walk(join(sharedDir, f));
  return out.sort();
}

/** True when `evtxexport` can be run. */
export function hasEvtxexport(): boolean {
  const r = spawnSync('evtxexport', ['-V'], { encoding: 'utf8' });
  return r.status === 0 || (r.stdout ?? '').includes('evtxexport');
}

/** Records of `evtxexport -f xml <file>` as XML strings, and whether evtxexport gave up with an error. */
export function evtxexportRecords(file: string): { records: string[]; failed: string | undefined } {
  const r = spawnSync('evtxexport', ['-f', 'xml', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const failed =
    r.status === 0 ? undefined : (r.stderr ?? '').trim().split('\n').slice(-1)[0] || `exit ${r.status}`;
  const text = r.stdout ?? '';
  const out: string[] = [];
  let start = text.indexOf('<Event ');
  while (start >= 0) {
    const end = text.indexOf('</Event>', start);
    if (end < 0) break;
    out.push(text.slice(start, end + 8));
    start = text.indexOf('<Event ', end);
  }
  return { records: out, failed };
}

const ENT: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENT[e] ?? m;
  });
}

/** Normalises a rendered value so cosmetic differences between renderers do not count. */
export function normaliseValue(v: string): string {
  let s = v.trim();
  const guid = /^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$/.exec(
    s,
  );
  if (guid) return guid[1]!.toUpperCase();
  if (/^0x[0-9a-f]+$/i.test(s)) return `0x${BigInt(s).toString(16)}`;
  const ts = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(s);
  if (ts) return `${ts[1]}.${(ts[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`;
  // Reals: evtxexport prints %e (3.199234e+003), we print the shortest round-trip form.
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s) && /[.e]/i.test(s))
    return String(Number(Number(s).toPrecision(7)));
  s = s.replace(/\r\n/g, '\n');
  return s;
}

/** Flattens an XML record into sorted `path@attr=value` / `path=text` lines (a tiny tokenizer for this layout). */
export function xmlFacts(xml: string): string[] {
  const facts: string[] = [];
  const stack: string[] = [];
  const counters: Map<string, number>[] = [new Map()];
  const re =
    /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>/g;
  let m: RegExpExecArray | null;
  let text = '';
  const flushText = (): void => {
    const t = text.trim();
    if (t && stack.length) facts.push(`${stack.join('/')}=${normaliseValue(decodeEntities(t))}`);
    text = '';
  };
  m = re.exec(xml);
  while (m) {
    if (m[5] !== undefined) text += m[5];
    else if (m[6] !== undefined) text += m[6];
    else if (m[2] !== undefined) {
      if (m[1] === '/') {
        flushText();
        stack.pop();
        counters.pop();
      } else {
        flushText();
        const siblings = counters[counters.length - 1]!;
        const n = (siblings.get(m[2]) ?? 0) + 1;
        siblings.set(m[2], n);
        stack.push(`${m[2]}[${n}]`);
        counters.push(new Map());
        const attrRe = /([\w:.-]+)="([^"]*)"/g;
        let a = attrRe.exec(m[3] ?? '');
        while (a) {
          facts.push(`${stack.join('/')}@${a[1]}=${normaliseValue(decodeEntities(a[2]!))}`);
          a = attrRe.exec(m[3] ?? '');
        }
        if (m[4] === '/') {
          stack.pop();
          counters.pop();
        }
      }
    }
    m = re.exec(xml);
  }
  return facts.sort();
}

export interface FileComparison {
  readonly file: string;
  readonly ours: number;
  readonly errors: number;
  readonly reference: number;
  /** evtxexport's last error line when it aborted on this file. */
  readonly referenceFailed: string | undefined;
  readonly contentMismatches: number;
  readonly samples: string[];
}

/** Compares our XML rendering of `file` with evtxexport's, record by record in file order. */
export function compareWithEvtxexport(file: string, maxSamples = 3): FileComparison {
  const bytes = readFileSync(file);
  const ours: string[] = [];
  let errors = 0;
  for (const r of readEvtx(bytes, { render: recordToXml, order: 'file' })) {
    if (r.ok) ours.push(r.value);
    else if (r.scope === 'record') errors++;
  }
  const { records: ref, failed } = evtxexportRecords(file);
  let contentMismatches = 0;
  const samples: string[] = [];
  for (let i = 0; i < Math.min(ours.length, ref.length); i++) {
    const a = xmlFacts(ours[i]!);
    // evtxexport writes characters XML 1.0 forbids as they are; we write U+FFFD (docs/formats/evtx.md).
    const b = xmlFacts(xmlChars(ref[i]!));
    if (!isDeepStrictEqual(a, b)) {
      contentMismatches++;
      if (samples.length < maxSamples) {
        const onlyOurs = a.filter((x) => !b.includes(x)).slice(0, 4);
        const onlyRef = b.filter((x) => !a.includes(x)).slice(0, 4);
        samples.push(
          `record #${i}: ours ${JSON.stringify(onlyOurs)} vs evtxexport ${JSON.stringify(onlyRef)}`,
        );
      }
    }
  }
  return {
    file,
    ours: ours.length,
    errors,
    reference: ref.length,
    referenceFailed: failed,
    contentMismatches,
    samples,
  };
}

/** Parses a file of one or more JSON documents written back to back. */
export function parseJsonStream(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let inStr = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) docs.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return docs;
}

/**
 * Differences between the shipped `.json` and its own `.evtx` that are not ours (evtxexport renders the
 * .evtx exactly as we do): file basename → JSON path that differs, and why.
 */
export const KNOWN_JSON_DIFFERENCES: Readonly<Record<string, { path: string; why: string }>> = {
  'ad691d92-15f2-4181-9aa4-723c74f9ddc3.json': {
    path: '$.Event.EventData.ParentCommandLine',
    why: 'the .evtx holds "C:\\Windows\\Explorer.EXE" (evtxexport agrees); the shipped JSON says "Explorer.exe"',
  },
};

export interface JsonComparison {
  readonly file: string;
  readonly expected: number;
  readonly ours: number;
  readonly mismatches: number;
  /** Mismatches explained by KNOWN_JSON_DIFFERENCES (not counted in `mismatches`). */
  readonly known: string[];
  readonly samples: string[];
}

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\d*Z$/;

/**
 * Differences between two JSON values. Timestamps compare at microsecond precision: one shipped file was
 * written by an evtx_dump version that prints nanoseconds (…26.751156500Z), all others print microseconds.
 */
function firstDiff(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a === 'string' && typeof b === 'string') {
    const ma = ISO.exec(a);
    const mb = ISO.exec(b);
    if (ma && mb && ma[1] === mb[1]) return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    for (const k of new Set([...ka, ...kb])) {
      const d = firstDiff(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d) return d;
    }
    return isDeepStrictEqual(ka, kb)
      ? undefined
      : `${path}: key order ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
  }
  return `${path}: ours ${JSON.stringify(a)} vs expected ${JSON.stringify(b)}`;
}

/** Compares our JSON for a regression `.evtx` with the `.json` file beside it (same basename). */
export function compareWithShippedJson(evtxFile: string, maxSamples = 3): JsonComparison | undefined {
  const jsonFile = evtxFile.replace(/\.evtx$/i, '.json');
  if (!existsSync(jsonFile)) return undefined;
  const expected = parseJsonStream(readFileSync(jsonFile, 'utf8'));
  const ours: unknown[] = [];
  for (const r of readEvtx(readFileSync(evtxFile), { render: recordToJson })) if (r.ok) ours.push(r.value);
  let mismatches = 0;
  const samples: string[] = [];
  const known: string[] = [];
  const k = KNOWN_JSON_DIFFERENCES[jsonFile.split(/[\\/]/).pop() ?? ''];
  for (let i = 0; i < Math.max(expected.length, ours.length); i++) {
    const d = firstDiff(ours[i], expected[i]);
    if (d && k && d.startsWith(`${k.path}:`)) {
      known.push(`${d} — ${k.why}`);
      continue;
    }
    if (d) {
      mismatches++;
      if (samples.length < maxSamples) samples.push(`document #${i}: ${d}`);
    }
  }
  return { file: jsonFile, expected: expected.length, ours: ours.length, mismatches, known, samples };
}
