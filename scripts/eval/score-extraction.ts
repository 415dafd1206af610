/**
 * Whole-extraction scorer: precision, recall and F1 per field of one document's `extractReport` result against
 * its `*.truth.json` (../shared/data/reports/README.md). Neutral items are neither hits nor false positives:
 * actors with a `context` (page furniture, comparison) or `named: false`; claims with a `context`;
 * `techniques_optional` and `techniques_deprecated`; `indicators_ignore`. Actors and claim actors are compared
 * through the catalog (any alias of the same actor matches); countries through the geo index (ISO2); sectors on
 * the 2-digit NAICS prefix (ranges 31-33, 44-45, 48-49 as one sector); techniques on ids (a revoked id reported
 * as its successor matches through `original_id`).
 */
import type { Catalog } from '../../src/core/catalog/index.js';
import { nameKey } from '../../src/core/catalog/index.js';
import type { ExtractionResult, IndicatorSet } from '../../src/core/extract/index.js';
import {
  type Counts,
  type IndicatorLists,
  type IndicatorScore,
  scoreIndicators,
} from './score-indicators.js';

export interface ExtractionTruth {
  readonly title?: string;
  readonly published?: string;
  readonly doc_type?: string;
  readonly actors?: readonly {
    readonly name: string;
    readonly aliases_mentioned?: readonly string[];
    readonly named?: boolean;
    readonly context?: string;
  }[];
  readonly attribution_claims?: readonly {
    readonly actor: string;
    readonly attributed_to: string;
    readonly claimant: string;
    readonly stance: string;
    readonly context?: string;
  }[];
  readonly sectors?: readonly { readonly name: string; readonly naics: string | null }[];
  readonly countries_targeted?: readonly string[];
  readonly techniques?: readonly string[];
  readonly techniques_optional?: readonly string[];
  readonly techniques_deprecated?: readonly string[];
  readonly indicators?: IndicatorLists;
  readonly indicators_ignore?: IndicatorLists;
  readonly prose_indicators?: IndicatorLists;
}

/** Counts with the items behind them. */
export interface FieldScore extends Counts {
  readonly falsePositives: string[];
  readonly missed: string[];
}

export interface ExtractionScore {
  readonly indicators: IndicatorScore;
  readonly actors: FieldScore;
  /** Truth aliases of matched actors found in the output (`aliases_mentioned` or the name). */
  readonly aliases: { found: number; total: number; missed: string[] };
  readonly claims: FieldScore;
  readonly sectors: FieldScore;
  readonly countries: FieldScore;
  readonly techniques: FieldScore;
  readonly docTypeOk: boolean;
}

function field(): FieldScore {
  return { tp: 0, fp: 0, fn: 0, falsePositives: [], missed: [] };
}

/** Set comparison with neutral keys. */
function compare(
  score: FieldScore,
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
  neutral: ReadonlySet<string>,
): void {
  for (const [k, label] of predicted) {
    if (truth.has(k)) score.tp++;
    else if (!neutral.has(k)) {
      score.fp++;
      score.falsePositives.push(label);
    }
  }
  for (const [k, label] of truth) {
    if (!predicted.has(k)) {
      score.fn++;
      score.missed.push(label);
    }
  }
}

/** Canonical actor key: the catalog actor id when the name resolves, else the name key. */
export function actorKey(catalog: Catalog, name: string): string {
  const r = catalog.resolveActor(name);
  if (r.kind === 'actor') return r.actor.id;
  if (r.kind === 'ambiguous') {
    const own = r.candidates.find((c) => nameKey(c.actor_name) === nameKey(name));
    return (own ?? r.candidates[0])?.actor ?? nameKey(name);
  }
  return nameKey(name);
}

function countryKey(catalog: Catalog, name: string): string {
  const m = catalog.geo().resolve(name);
  const c = m[0]?.country;
  return c ? (c.sovereign ?? c.iso2) : nameKey(name);
}

function sectorKey(naics: string): string {
  if (/^\d{2}-\d{2}$/.test(naics)) return naics;
  const two = naics.slice(0, 2);
  return (
    {
      '31': '31-33',
      '32': '31-33',
      '33': '31-33',
      '44': '44-45',
      '45': '44-45',
      '48': '48-49',
      '49': '48-49',
    }[two] ?? two
  );
}

/** Scores one result. `prose` scores a `.prose.txt` file (indicators against `prose_indicators`). */
export function scoreExtraction(
  catalog: Catalog,
  result: ExtractionResult,
  truth: ExtractionTruth,
  prose = false,
): ExtractionScore {
  // Indicators: reuse the indicator scorer.
  const predictedSet = {} as IndicatorSet;
  for (const [kind, list] of Object.entries(result.indicators)) {
    (predictedSet as unknown as Record<string, unknown[]>)[kind] = list.map((i) => ({
      ...i,
      mentions: [],
      ...(i.benign ? { benign: { list: i.benign } } : { benign: undefined }),
    }));
  }
  const expectedIndicators = (prose ? truth.prose_indicators : undefined) ?? truth.indicators ?? {};
  const indicators = scoreIndicators(predictedSet, expectedIndicators, truth.indicators_ignore);

  // Actors.
  const actors = field();
  const aliases = { found: 0, total: 0, missed: [] as string[] };
  const truthActors = new Map<string, string>();
  const neutralActors = new Set<string>();
  for (const a of truth.actors ?? []) {
    const k = actorKey(catalog, a.name);
    if (a.named === false || a.context) neutralActors.add(k);
    else truthActors.set(k, a.name);
  }
  const predictedActors = new Map<string, string>();
  const predictedKeyOf = new Map<string, string>();
  for (const a of result.actors) {
    let k = a.catalog_id ?? actorKey(catalog, a.name);
    // The text may group names differently from ATT&CK ("TraderTraitor, also known as Lazarus Group and APT38").
    if (!truthActors.has(k) && !neutralActors.has(k)) {
      for (const alias of a.aliases_mentioned) {
        const ak = actorKey(catalog, alias);
        if (truthActors.has(ak)) k = ak;
      }
    }
    predictedActors.set(k, a.name);
    predictedKeyOf.set(a.name, k);
  }
  compare(actors, predictedActors, truthActors, neutralActors);
  for (const a of truth.actors ?? []) {
    if (a.named === false || a.context) continue;
    const k = actorKey(catalog, a.name);
    const p = result.actors.find((x) => predictedKeyOf.get(x.name) === k);
    const have = new Set([...(p?.aliases_mentioned ?? []), p?.name ?? ''].map(nameKey));
    for (const alias of a.aliases_mentioned ?? []) {
      aliases.total++;
      if (have.has(nameKey(alias))) aliases.found++;
      else aliases.missed.push(`${a.name}: ${alias}`);
    }
  }

  // Claims as (actor, country, stance).
  const claims = field();
  const truthClaims = new Map<string, string>();
  const neutralClaims = new Set<string>();
  for (const c of truth.attribution_claims ?? []) {
    const k = `${actorKey(catalog, c.actor)}|${countryKey(catalog, c.attributed_to)}|${c.stance}`;
    if (c.context) neutralClaims.add(k);
    else truthClaims.set(k, `${c.actor} → ${c.attributed_to} (${c.stance})`);
  }
  const predictedClaims = new Map<string, string>();
  for (const c of result.attribution_claims) {
    const k = `${predictedKeyOf.get(c.actor) ?? actorKey(catalog, c.actor)}|${c.attributed_to.code}|${c.stance}`;
    predictedClaims.set(k, `${c.actor} → ${c.attributed_to.name} (${c.stance}, ${c.claimant})`);
  }
  compare(claims, predictedClaims, truthClaims, neutralClaims);

  // Sectors on 2-digit NAICS.
  const sectors = field();
  const truthSectors = new Map<string, string>();
  for (const s of truth.sectors ?? [])
    if (s.naics) truthSectors.set(sectorKey(s.naics), `${s.name} (${s.naics})`);
  const predictedSectors = new Map<string, string>();
  for (const s of result.sectors)
    if (s.naics) predictedSectors.set(sectorKey(s.naics), `${s.name} (${s.naics}: ${s.terms.join(', ')})`);
  compare(sectors, predictedSectors, truthSectors, new Set());

  // Countries targeted (ISO2; territories count as their sovereign state).
  const countries = field();
  const truthCountries = new Map<string, string>();
  for (const c of truth.countries_targeted ?? []) truthCountries.set(countryKey(catalog, c), c);
  const predictedCountries = new Map<string, string>();
  for (const c of result.countries_targeted) predictedCountries.set(c.sovereign ?? c.code, c.name);
  compare(countries, predictedCountries, truthCountries, new Set());

  // Techniques.
  const techniques = field();
  const truthTech = new Map<string, string>();
  const neutralTech = new Set<string>([
    ...(truth.techniques_optional ?? []),
    ...(truth.techniques_deprecated ?? []),
  ]);
  for (const t of truth.techniques ?? [])
    if (!(truth.techniques_deprecated ?? []).includes(t)) truthTech.set(t, t);
  const predictedTech = new Map<string, string>();
  for (const t of result.techniques) {
    const k =
      t.original_id && (truthTech.has(t.original_id) || neutralTech.has(t.original_id))
        ? t.original_id
        : t.id;
    predictedTech.set(k, `${t.id} ${t.name} [${t.source}: ${t.evidence[0]?.text ?? ''}]`);
  }
  compare(techniques, predictedTech, truthTech, neutralTech);

  return {
    indicators,
    actors,
    aliases,
    claims,
    sectors,
    countries,
    techniques,
    docTypeOk: truth.doc_type === undefined || truth.doc_type === result.document.doc_type,
  };
}
