/**
 * `npm run eval -- [reports-dir] [--json] [--verbose]`: scores the whole extraction on a folder of annotated
 * reports (default ../shared/data/reports): every `NAME.truth.json` with its text file(s), `.prose.txt` files
 * against the same truth (`prose_indicators` for indicators). Prints a table per document (precision/recall/F1
 * per field), the totals (micro-averaged over items), and with `--verbose` every false positive and miss.
 * `--attack` adds generalisation checks on ATT&CK's own text: the group descriptions (claimed state vs catalog
 * origin) and the procedure examples (technique inference).
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog, loadWarningLists } from '../src/app/catalog/index.js';
import type { Catalog } from '../src/core/catalog/index.js';
import { type ExtractionResult, extractReport, WarningListMatcher } from '../src/core/extract/index.js';
import { readAnnotatedTexts, type TruthFileBase } from './eval/annotated-texts.js';
import {
  type ExtractionScore,
  type ExtractionTruth,
  type FieldScore,
  scoreExtraction,
} from './eval/score-extraction.js';
import { type Counts, prf } from './eval/score-indicators.js';
import { requireSharedData } from './lib/shared-data.js';

/** One scored text file. */
export interface EvalRow {
  readonly file: string;
  readonly prose: boolean;
  readonly result: ExtractionResult;
  readonly score: ExtractionScore;
}

export type EvalField = 'indicators' | 'actors' | 'claims' | 'sectors' | 'techniques' | 'countries';
export const EVAL_FIELDS: readonly EvalField[] = [
  'indicators',
  'actors',
  'claims',
  'sectors',
  'techniques',
  'countries',
];

function countsOf(score: ExtractionScore, f: EvalField): Counts {
  return f === 'indicators' ? score.indicators.total : (score[f] as FieldScore);
}

/** Extracts and scores every annotated text in `dir`. */
export function evaluateReports(dir: string, catalog: Catalog, warningLists?: WarningListMatcher): EvalRow[] {
  return readAnnotatedTexts<ExtractionTruth & TruthFileBase>(dir).map(
    ({ file, prose, text, truth, documentUrl }) => {
      const result = extractReport(
        text,
        { catalog, ...(warningLists ? { warningLists } : {}) },
        documentUrl ? { url: documentUrl } : {},
      );
      return { file, prose, result, score: scoreExtraction(catalog, result, truth, prose) };
    },
  );
}

/** Micro-averaged totals per field over full texts and prose files. */
export function totals(rows: readonly EvalRow[]): {
  full: Record<EvalField, Counts>;
  prose: Record<EvalField, Counts>;
  aliases: { found: number; total: number };
  /** Documents (not prose files) whose `doc_type` matches the truth. */
  docType: { correct: number; total: number };
} {
  const zero = (): Record<EvalField, Counts> =>
    Object.fromEntries(EVAL_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<EvalField, Counts>;
  const full = zero();
  const prose = zero();
  const aliases = { found: 0, total: 0 };
  const docType = { correct: 0, total: 0 };
  for (const r of rows) {
    const into = r.prose ? prose : full;
    for (const f of EVAL_FIELDS) {
      const c = countsOf(r.score, f);
      into[f].tp += c.tp;
      into[f].fp += c.fp;
      into[f].fn += c.fn;
    }
    if (!r.prose) {
      aliases.found += r.score.aliases.found;
      aliases.total += r.score.aliases.total;
      docType.total++;
      if (r.score.docTypeOk) docType.correct++;
    }
  }
  return { full, prose, aliases, docType };
}

/**
 * Generalisation check on text the rules were not tuned on: the description of every current ATT&CK group
 * (enterprise-attack.json, one object per line). Counts descriptions that yield an asserting/reporting claim and
 * how many claimed states agree with the catalog's origin for that group, and in how many the group itself is found.
 */
export function attackDescriptionCheck(
  file: string,
  catalog: Catalog,
): {
  groups: number;
  actorFound: number;
  withClaim: number;
  agree: number;
  disagree: string[];
  noOrigin: number;
} {
  const out = { groups: 0, actorFound: 0, withClaim: 0, agree: 0, disagree: [] as string[], noOrigin: 0 };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"intrusion-set"')) continue;
    let o: {
      type?: string;
      name?: string;
      description?: string;
      revoked?: boolean;
      x_mitre_deprecated?: boolean;
    };
    try {
      o = JSON.parse(line.replace(/,\s*$/, '')) as typeof o;
    } catch {
      continue;
    }
    if (o.type !== 'intrusion-set' || o.revoked || o.x_mitre_deprecated || !o.description || !o.name)
      continue;
    out.groups++;
    const text = o.description.replace(/\(Citation:[^)]*\)/g, '');
    const r = extractReport(text, { catalog });
    const a = catalog.resolveActor(o.name);
    if (a.kind === 'actor' && r.actors.some((x) => x.catalog_id === a.actor.id)) out.actorFound++;
    const origins =
      a.kind === 'actor' ? a.actor.origins.map((x) => x.country).filter((c): c is string => !!c) : [];
    const claims = r.attribution_claims.filter((c) => c.stance === 'asserts' || c.stance === 'reports');
    if (claims.length > 0) out.withClaim++;
    for (const c of claims) {
      if (origins.length === 0) out.noOrigin++;
      else if (origins.includes(c.attributed_to.code)) out.agree++;
      else
        out.disagree.push(
          `${o.name} → ${c.attributed_to.code} (catalog: ${[...new Set(origins)].join(',')})`,
        );
    }
  }
  return out;
}

/**
 * Generalisation check for technique inference on text the dev set does not hold: ATT&CK's procedure examples
 * (the descriptions of `uses` relationships from a group, campaign or software to a technique, one object per line of
 * enterprise-attack.json). Each description is extracted alone (inferred techniques only). `recall`: share of
 * descriptions whose technique (or a technique of the same family: parent or sibling sub-technique) is inferred;
 * `precisionProxy`: share of inferred techniques in the family of the described one. The proxy understates precision:
 * a description often evidences other behaviour too ("creates a Registry Run key" is also Modify Registry).
 */
export function attackProcedureCheck(
  file: string,
  catalog: Catalog,
): { descriptions: number; recall: number; inferred: number; precisionProxy: number } {
  const techniqueIds = new Map<string, string>();
  const uses: { target: string; description: string }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const isUse = line.includes('"relationship"') && line.includes('"uses"');
    if (!isUse && !line.includes('"attack-pattern"')) continue;
    let o: {
      id?: string;
      type?: string;
      relationship_type?: string;
      target_ref?: string;
      description?: string;
      revoked?: boolean;
      x_mitre_deprecated?: boolean;
      external_references?: { source_name?: string; external_id?: string }[];
    };
    try {
      o = JSON.parse(line.replace(/,\s*$/, '')) as typeof o;
    } catch {
      continue;
    }
    if (o.revoked || o.x_mitre_deprecated) continue;
    if (o.type === 'attack-pattern' && o.id) {
      const ext = o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
      if (ext) techniqueIds.set(o.id, ext);
    } else if (
      o.type === 'relationship' &&
      o.relationship_type === 'uses' &&
      o.target_ref?.startsWith('attack-pattern--') &&
      o.description
    )
      uses.push({ target: o.target_ref, description: o.description });
  }
  let descriptions = 0;
  let found = 0;
  let inferred = 0;
  let family = 0;
  for (const u of uses) {
    const id = techniqueIds.get(u.target);
    if (!id) continue;
    descriptions++;
    const text = u.description.replace(/\(Citation:[^)]*\)/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
    const base = id.split('.')[0];
    const ts = extractReport(text, { catalog }).techniques.filter((t) => t.source === 'inferred');
    if (ts.some((t) => t.id.split('.')[0] === base)) found++;
    inferred += ts.length;
    family += ts.filter((t) => t.id.split('.')[0] === base).length;
  }
  return {
    descriptions,
    recall: found / Math.max(1, descriptions),
    inferred,
    precisionProxy: family / Math.max(1, inferred),
  };
}

function fmt(n: number): string {
  return n.toFixed(2);
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--')) ?? join(requireSharedData('eval'), 'reports');
  const verbose = args.includes('--verbose');
  const catalog = loadCatalog();
  let warningLists: WarningListMatcher | undefined;
  try {
    warningLists = WarningListMatcher.compile(loadWarningLists());
  } catch {
    warningLists = undefined;
  }
  const rows = evaluateReports(dir, catalog, warningLists);
  if (args.includes('--json')) {
    process.stdout.write(
      `${JSON.stringify({ rows: rows.map((r) => ({ file: r.file, score: r.score })), totals: totals(rows) }, null, 2)}\n`,
    );
    return;
  }
  const w = (s: string, n: number): string => s.padEnd(n).slice(0, n);
  process.stdout.write(
    `${w('document', 46)} ${EVAL_FIELDS.map((f) => w(f.slice(0, 10), 10)).join(' ')} aliases  type\n`,
  );
  for (const r of rows) {
    const cells = EVAL_FIELDS.map((f) => {
      const c = countsOf(r.score, f);
      return w(c.tp + c.fp + c.fn === 0 ? '   -' : `${fmt(prf(c).f1)} ${c.tp}/${c.fp}/${c.fn}`, 10);
    });
    const al = r.prose ? '' : `${r.score.aliases.found}/${r.score.aliases.total}`;
    process.stdout.write(
      `${w(r.file, 46)} ${cells.join(' ')} ${w(al, 8)} ${r.score.docTypeOk ? 'ok' : r.result.document.doc_type}\n`,
    );
    if (verbose) {
      for (const f of ['actors', 'claims', 'sectors', 'techniques', 'countries'] as const) {
        const s = r.score[f];
        if (s.falsePositives.length) process.stdout.write(`    FP ${f}: ${s.falsePositives.join(' | ')}\n`);
        if (s.missed.length) process.stdout.write(`    FN ${f}: ${s.missed.join(' | ')}\n`);
      }
      for (const k of r.score.indicators.perKind) {
        if (k.falsePositives.length)
          process.stdout.write(`    FP ${k.kind}: ${k.falsePositives.join(', ')}\n`);
        if (k.missed.length) process.stdout.write(`    FN ${k.kind}: ${k.missed.join(', ')}\n`);
      }
      if (r.score.aliases.missed.length)
        process.stdout.write(`    aliases missed: ${r.score.aliases.missed.join(', ')}\n`);
    }
  }
  const t = totals(rows);
  process.stdout.write(
    '\nfield        full texts: P     R     F1   (tp/fp/fn)     prose files: P     R     F1   (tp/fp/fn)\n',
  );
  for (const f of EVAL_FIELDS) {
    const a = t.full[f];
    const b = t.prose[f];
    const pa = prf(a);
    const pb = prf(b);
    process.stdout.write(
      `${w(f, 12)} ${' '.repeat(12)}${fmt(pa.precision)}  ${fmt(pa.recall)}  ${fmt(pa.f1)}  ${w(`(${a.tp}/${a.fp}/${a.fn})`, 14)} ${' '.repeat(13)}${fmt(pb.precision)}  ${fmt(pb.recall)}  ${fmt(pb.f1)}  (${b.tp}/${b.fp}/${b.fn})\n`,
    );
  }
  process.stdout.write(`aliases found: ${t.aliases.found}/${t.aliases.total}\n`);
  process.stdout.write(
    `doc_type accuracy: ${fmt(t.docType.correct / Math.max(1, t.docType.total))} (${t.docType.correct}/${t.docType.total} documents)\n`,
  );
  if (args.includes('--attack')) {
    const file = join(requireSharedData('eval'), 'attack', 'enterprise-attack.json');
    if (existsSync(file)) {
      const g = attackDescriptionCheck(file, catalog);
      const share = g.agree / Math.max(1, g.agree + g.disagree.length);
      process.stdout.write(
        `ATT&CK group descriptions: the group itself found in ${g.actorFound}/${g.groups}; ${g.withClaim}/${g.groups} yield a claim; claimed state agrees with the catalog origin in ${g.agree}/${g.agree + g.disagree.length} (${fmt(share)}); ${g.noOrigin} without a catalog origin\n`,
      );
      for (const d of g.disagree) process.stdout.write(`    differs: ${d}\n`);
      const p = attackProcedureCheck(file, catalog);
      process.stdout.write(
        `ATT&CK procedure examples: technique family inferred in ${fmt(p.recall)} of ${p.descriptions} descriptions; ${fmt(p.precisionProxy)} of ${p.inferred} inferred techniques are in the described family (a lower bound on precision)\n`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
