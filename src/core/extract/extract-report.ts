/**
 * `extractReport`: a threat report's text → the whole extraction result (the JSON of `stormwatch extract`):
 * document metadata, actors, attribution claims, sectors, countries targeted, ATT&CK techniques and indicators,
 * every item with the UTF-16 spans that evidence it. Lexicons are compiled once per catalog
 * (`compileExtractionLexicons`, cached) so each document costs one tokenisation and one pass per lexicon.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/index.js';
import {
  type ActorLexicon,
  compileActorLexicon,
  type ExtractedActor,
  extractActors,
  PEOPLE_KEYS,
} from './actors/index.js';
import {
  type AttributionClaim,
  type ClaimantEntry,
  compileClaimantLexicon,
  extractClaims,
} from './claims/index.js';
import { type DocType, documentMetadata } from './document/index.js';
import {
  compileGeoLexicon,
  findGeoMentions,
  findTargetedCountries,
  type GeoLexicon,
  type TargetedCountry,
} from './geo/index.js';
import {
  CMDLET_VERB_WORDS,
  COMMAND_FIRST_WORDS,
  type ExtractIndicatorsOptions,
  extractIndicators,
  INDICATOR_KINDS,
  type IndicatorKind,
  type IndicatorSet,
  type WarningListMatcher,
} from './indicators/index.js';
import {
  compileSectorLexicon,
  type ExtractedSector,
  extractSectors,
  type SectorLexicon,
} from './sectors/index.js';
import {
  compileTechniqueLexicon,
  type ExtractedTechnique,
  extractTechniques,
  type TechniqueLexicon,
} from './techniques/index.js';
import {
  FirstTokenIndex,
  findSegments,
  type PhraseMatcher,
  splitSentences,
  type Token,
  type TokenGate,
  tokenize,
} from './text/index.js';

/** Every lexicon the extractors need, compiled from one catalog. */
export interface ExtractionLexicons {
  readonly actors: ActorLexicon;
  readonly geo: GeoLexicon;
  readonly sectors: SectorLexicon;
  readonly techniques: TechniqueLexicon;
  readonly claimants: PhraseMatcher<ClaimantEntry>;
  /** One lookup per token tells which lexicons a token can start a phrase of (bits: actors, geo, sectors,
   * techniques, claimants), whether it is a people word or a naming-pattern word of the actor passes, and whether
   * it can start a command name (the first word of a name, or a cmdlet verb). */
  readonly firstTokens: FirstTokenIndex;
  /** Legitimate system binaries (LOLBAS names, lower case) for the indicator extractor's benign marks. */
  readonly systemFileNames: ReadonlySet<string>;
}

const compiled = new WeakMap<Catalog, ExtractionLexicons>();

/** Compiles (once per catalog object) the lexicons of every extractor. */
export function compileExtractionLexicons(catalog: Catalog): ExtractionLexicons {
  const hit = compiled.get(catalog);
  if (hit) return hit;
  const actors = compileActorLexicon(catalog);
  const geo = compileGeoLexicon(catalog);
  const sectors = compileSectorLexicon(catalog);
  const techniques = compileTechniqueLexicon(catalog);
  const claimants = compileClaimantLexicon();
  const lex: ExtractionLexicons = {
    actors,
    geo,
    sectors,
    techniques,
    claimants,
    firstTokens: new FirstTokenIndex([
      actors.matcher,
      geo.matcher,
      sectors.matcher,
      techniques.matcher,
      claimants,
      { firstKeys: () => PEOPLE_KEYS.values() },
      { firstKeys: () => actors.patternWords.values() },
      { firstKeys: () => [...COMMAND_FIRST_WORDS, ...CMDLET_VERB_WORDS].values() },
    ]),
    systemFileNames: new Set(catalog.lolbas().map((e) => e.name.toLowerCase())),
  };
  compiled.set(catalog, lex);
  return lex;
}

/** What `extractReport` reads besides the text. */
export interface CatalogViews {
  readonly catalog: Catalog;
  /** MISP warning lists (benign marks for indicators). */
  readonly warningLists?: WarningListMatcher;
}

export interface ExtractReportOptions {
  /** Title from the reader (HTML `<title>`, feed item). */
  readonly title?: string;
  /** Publication date from the reader (`YYYY-MM-DD`). */
  readonly published?: string;
  /** Where the document came from: its site is the publisher's own, never an indicator. */
  readonly url?: string;
  /** SHA-256 of the original bytes (default: of the UTF-8 text). */
  readonly sha256?: string;
  /** Publisher name for the author's own voice in claims (default: the URL's host, else "publisher"). */
  readonly publisher?: string;
  /** Keep inferred techniques even when the document maps its own ATT&CK ids. */
  readonly inferWithExplicit?: boolean;
}

/** One indicator in the output (value refanged). */
export interface ResultIndicator {
  readonly value: string;
  readonly defanged: boolean;
  readonly start: number;
  readonly end: number;
  readonly context: 'table' | 'prose' | 'reference';
  readonly benign?: string;
}

/** The extraction result (the JSON shape of `stormwatch extract`). */
export interface ExtractionResult {
  readonly document: {
    readonly title: string;
    readonly doc_type: DocType;
    readonly published: string | null;
    readonly sha256: string;
    readonly chars: number;
    readonly url?: string;
  };
  readonly actors: readonly ExtractedActor[];
  readonly attribution_claims: readonly AttributionClaim[];
  readonly sectors: readonly ExtractedSector[];
  readonly countries_targeted: readonly TargetedCountry[];
  readonly techniques: readonly ExtractedTechnique[];
  readonly indicators: Readonly<Record<IndicatorKind, readonly ResultIndicator[]>>;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/**
 * An ASCII letter or digit right after a non-ASCII character that can be part of a word token: where a command name
 * may start inside a token. General Punctuation (U+2000–U+206F: ’ “ ” — …, no letter, digit or mark) is left out, so
 * the frequent "’s" costs nothing.
 */
export const AFTER_NON_ASCII_LETTER = /[\u0080-\u1fff\u2070-\uffff](?=[A-Za-z0-9])/g;

/**
 * Offsets that include the start of every command name in `text` (`ExtractIndicatorsOptions.commandStarts`): a name
 * is a run of ASCII letters, digits and `-` not preceded by an ASCII letter or digit, so it starts either a word token
 * whose key is the name's first word (for a cmdlet, a verb followed by `-`), or inside a token after a non-ASCII
 * letter.
 */
function commandStarts(text: string, tokens: readonly Token[], gate: TokenGate): number[] {
  const out: number[] = [];
  for (const i of gate.positions ?? []) {
    const t = tokens[i] as Token;
    if (COMMAND_FIRST_WORDS.has(t.key) || text.charCodeAt(t.end) === 45) out.push(t.start);
  }
  const inside: number[] = [];
  const re = AFTER_NON_ASCII_LETTER;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) inside.push(m.index + 1);
  if (inside.length === 0) return out;
  return [...out, ...inside].sort((a, b) => a - b);
}

function indicatorsOut(set: IndicatorSet): Record<IndicatorKind, ResultIndicator[]> {
  const out = {} as Record<IndicatorKind, ResultIndicator[]>;
  for (const kind of INDICATOR_KINDS) {
    out[kind] = set[kind].map((i) => ({
      value: i.value,
      defanged: i.defanged,
      start: i.start,
      end: i.end,
      context: i.context,
      ...(i.benign ? { benign: i.benign.list } : {}),
    }));
  }
  return out;
}

/** Extracts everything from one document's text. */
export function extractReport(
  text: string,
  views: CatalogViews,
  options: ExtractReportOptions = {},
): ExtractionResult {
  const lex = compileExtractionLexicons(views.catalog);
  const tokens = tokenize(text);
  const mask = lex.firstTokens.mask(tokens);
  const gate = (bit: number) => mask.gate(bit);
  const sentences = splitSentences(text);
  const segments = findSegments(text);
  const meta = documentMetadata(text, {
    ...(options.title ? { title: options.title } : {}),
    ...(options.published ? { published: options.published } : {}),
  });
  const { actors, mentions } = extractActors(text, tokens, sentences, segments, lex.actors, gate(1), {
    people: gate(32),
    patternWords: gate(64),
  });
  const geoMentions = findGeoMentions(text, tokens, segments, lex.geo, gate(2));
  const authorStance =
    meta.doc_type === 'advisory' ||
    meta.doc_type === 'vendor-report' ||
    meta.doc_type === 'official-statement'
      ? 'asserts'
      : 'reports';
  const originsByName = new Map<string, readonly string[]>();
  for (const a of actors) originsByName.set(a.name, a.catalog_id ? lex.actors.origins(a.catalog_id) : []);
  const claims = extractClaims({
    text,
    tokens,
    sentences,
    segments,
    actorMentions: mentions,
    geoMentions,
    claimants: lex.claimants,
    claimantGate: gate(16),
    geo: lex.geo,
    origins: (name) => originsByName.get(name) ?? [],
    publisher: options.publisher ?? hostOf(options.url) ?? 'publisher',
    authorStance,
  });
  const sectors = extractSectors(text, tokens, segments, lex.sectors, gate(4));
  const countries = findTargetedCountries(text, tokens, sentences, geoMentions, lex.geo);
  const techniques = extractTechniques(text, tokens, segments, lex.techniques, {
    gate: gate(8),
    sentences,
    ...(options.inferWithExplicit ? { inferWithExplicit: true } : {}),
  });
  const indicatorOptions: ExtractIndicatorsOptions = {
    systemFileNames: lex.systemFileNames,
    commandStarts: commandStarts(text, tokens, gate(128)),
    ...(views.warningLists ? { warningLists: views.warningLists } : {}),
    ...(options.url ? { documentUrl: options.url } : {}),
  };
  const indicators = extractIndicators(text, indicatorOptions);
  return {
    document: {
      title: meta.title,
      doc_type: meta.doc_type,
      published: meta.published,
      sha256: options.sha256 ?? createHash('sha256').update(text, 'utf8').digest('hex'),
      chars: text.length,
      ...(options.url ? { url: options.url } : {}),
    },
    actors,
    attribution_claims: claims,
    sectors,
    countries_targeted: countries,
    techniques,
    indicators: indicatorsOut(indicators),
  };
}
