/** Shapes of the attribution-claim extractor: the claim, its stance, and what the extractor reads. */
import type { ActorMention } from '../actors/index.js';
import type { GeoLexicon, GeoMention } from '../geo/index.js';
import type { PhraseMatcher, Segment, Sentence, Token, TokenGate } from '../text/index.js';
import type { ClaimantEntry } from './claimant-lexicon.js';

export type Stance = 'asserts' | 'denies' | 'tacit-admission' | 'reports';

/** One attribution claim. */
export interface AttributionClaim {
  readonly actor: string;
  readonly attributed_to: { readonly code: string; readonly name: string };
  readonly claimant: string;
  /** ISO2 of the state the claimant speaks for, when known. */
  readonly claimant_country?: string;
  readonly stance: Stance;
  /** True when the claim is only described by another party (a rebuttal quoting the accusation). */
  readonly implicit?: boolean;
  readonly evidence: { readonly start: number; readonly end: number; readonly text: string };
}

export interface ClaimContext {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly sentences: readonly Sentence[];
  readonly segments: readonly Segment[];
  readonly actorMentions: readonly ActorMention[];
  readonly geoMentions: readonly GeoMention[];
  readonly claimants: PhraseMatcher<ClaimantEntry>;
  /** First-token gate for the claimant lexicon (speed only). */
  readonly claimantGate?: TokenGate;
  readonly geo: GeoLexicon;
  /** Catalog origin countries of an actor name (canonical). */
  readonly origins: (actor: string) => readonly string[];
  /** Publisher name for the author's own voice ("the publisher" when unknown). */
  readonly publisher: string;
  /** The author's own attributions are `asserts` (advisories, vendor reports, official statements) or `reports`. */
  readonly authorStance: 'asserts' | 'reports';
}
