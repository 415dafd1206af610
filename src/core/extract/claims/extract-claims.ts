/**
 * Attribution claims: who says which actor is tied to which state, and how (asserts, denies, tacit-admission,
 * reports). Works per clause (sentences are cut at ", but", "; ", ", however," …):
 * 1. the link — an actor and a state joined by an attribution pattern: "China's Salt Typhoon", "Chinese APT
 *    Volt Typhoon", "China-backed Volt Typhoon", "Volt Typhoon … ties/links to China", "sponsored by the Chinese
 *    government", "Beijing's role", "accused the Chinese government", "Chinese hackers" (the actor then comes from
 *    the previous sentences or the document's subject, only when the catalog's origin agrees), or a state
 *    speaking about itself (denial, admission);
 * 2. the claimant — the subject of a speech or cue verb ("US officials accused", "China's Foreign Ministry
 *    says"), "according to X", or a trailing "…, X said"; without one the publisher speaks;
 * 3. the stance — a state speaking about its own link denies (rejects, false, fabricated, lie, so-called…) or
 *    tacitly admits (admitted, indirectly, "didn't directly state"); a named claimant with a speech verb asserts;
 *    the publisher's own voice reports (news) or asserts (advisories, vendor reports, official statements).
 * A denial that names the accuser ("accusations made by the US", "hyped up by the United States") also yields
 * the accuser's implicit assertion. Claims are not read from page furniture.
 */ import type { ActorMention } from '../actors/index.js';
import type { GeoMention } from '../geo/index.js';
import type { Sentence } from '../text/index.js';
import { segmentAt } from '../text/index.js';
import {
  ADMIT,
  type Claimant,
  clausesOf,
  DENY,
  type Link,
  MAX_MENTIONS,
  MAX_SENTENCE,
  REFERRING,
} from './claim-cues.js';
import type { AttributionClaim, ClaimContext, Stance } from './claim-types.js';
import { findClaimant } from './find-claimant.js';
import { accusers, findLinks } from './find-links.js';

export type { AttributionClaim, ClaimContext, Stance } from './claim-types.js';

const NONE: readonly never[] = [];

/** Extracts the attribution claims of a document. */
export function extractClaims(ctx: ClaimContext): AttributionClaim[] {
  const { text, sentences, segments } = ctx;
  const claims: AttributionClaim[] = [];
  const bodyMentions = ctx.actorMentions.filter((m) => !m.furniture);
  const subject = documentSubject(bodyMentions);
  // Named bodies that speak for a state ("CNCERT", "FBI"), found once for the whole text.
  const stateBodies = ctx.claimants
    .scan(text, ctx.tokens, 0, ctx.tokens.length, ctx.claimantGate)
    .filter((m) => m.values.some((v) => v.country !== undefined));
  let lastActor: { actor: string; sentence: number } | undefined;
  let ai = 0;
  let gi = 0;
  let bi = 0;
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si] as Sentence;
    while (ai < bodyMentions.length && (bodyMentions[ai] as ActorMention).start < s.start) ai++;
    let aj = ai;
    while (aj < bodyMentions.length && (bodyMentions[aj] as ActorMention).start < s.end) aj++;
    const sentenceActors = aj > ai ? bodyMentions.slice(ai, aj).filter((m) => m.end <= s.end) : NONE;
    while (gi < ctx.geoMentions.length && (ctx.geoMentions[gi] as GeoMention).start < s.start) gi++;
    let gj = gi;
    while (gj < ctx.geoMentions.length && (ctx.geoMentions[gj] as GeoMention).start < s.end) gj++;
    while (bi < stateBodies.length && (stateBodies[bi] as { start: number }).start < s.start) bi++;
    const hasBody = bi < stateBodies.length && (stateBodies[bi] as { start: number }).start < s.end;
    const sentenceGeos =
      gj > gi ? ctx.geoMentions.slice(gi, gj).filter((g) => g.iso2 !== '' && g.end <= s.end) : NONE;
    // A claim needs a state: a country word or a body that speaks for one. Run-on "sentences" (tables, scraped
    // blobs) longer than MAX_SENTENCE characters or with more than MAX_MENTIONS actor/country words hold no claim.
    if (
      (sentenceGeos.length > 0 || hasBody) &&
      s.end - s.start <= MAX_SENTENCE &&
      sentenceGeos.length + sentenceActors.length <= MAX_MENTIONS &&
      !segmentAt(segments, s.start)
    ) {
      claimsOfSentence(ctx, si, s, sentenceActors, sentenceGeos, subject, lastActor, claims);
    }
    if (sentenceActors.length > 0)
      lastActor = { actor: (sentenceActors[sentenceActors.length - 1] as ActorMention).actor, sentence: si };
  }
  return dedupe(claims);
}

function claimsOfSentence(
  ctx: ClaimContext,
  si: number,
  s: Sentence,
  sentenceActors: readonly ActorMention[],
  sentenceGeos: readonly GeoMention[],
  subject: string | undefined,
  lastActor: { actor: string; sentence: number } | undefined,
  claims: AttributionClaim[],
): void {
  const { text } = ctx;
  let carried: string | undefined;
  for (const clause of clausesOf(text, s)) {
    const clauseText = text.slice(clause.start, clause.end);
    const actors = sentenceActors.filter((m) => m.start >= clause.start && m.end <= clause.end);
    const geos = sentenceGeos.filter((g) => g.start >= clause.start && g.end <= clause.end);
    const referent =
      actors.length > 0
        ? undefined
        : (carried ??
          (lastActor && si - lastActor.sentence <= 3 && REFERRING.test(clauseText)
            ? lastActor.actor
            : undefined) ??
          subject);
    const deny = DENY.test(clauseText);
    const admit = ADMIT.test(clauseText);
    // Without a country word in the clause, the only link is a state speaking about itself (a denial or an
    // admission): no claim can come of the clause otherwise, so its claimant is not looked for.
    const claimant =
      geos.length > 0 || deny || admit ? findClaimant(ctx, clause, clauseText, sentenceGeos) : undefined;
    const links =
      claimant !== undefined || geos.length > 0
        ? findLinks(ctx, clause, actors, geos, referent, claimant, deny, admit)
        : [];
    for (const link of links) {
      if (link.inferredActor) {
        const origins = ctx.origins(link.actor);
        if (!link.self && origins.length > 0 && !origins.includes(link.country)) continue;
      }
      const stance = stanceOf(link, claimant, deny, admit, ctx.authorStance);
      if (!stance) continue;
      const who = stance === 'reports' || !claimant || claimant.publisher ? publisherClaimant(ctx) : claimant;
      claims.push(makeClaim(ctx, link, who, stance, s));
      if (stance === 'denies')
        for (const accuser of accusers(ctx, clause, geos, link))
          claims.push(makeClaim(ctx, link, accuser, 'asserts', s, true));
    }
    if (actors.length > 0) carried = (actors[actors.length - 1] as ActorMention).actor;
    else if (referent && links.length > 0) carried = referent;
  }
}

function documentSubject(mentions: readonly ActorMention[]): string | undefined {
  const count = new Map<string, number>();
  for (const m of mentions) count.set(m.actor, (count.get(m.actor) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [a, c] of count) {
    if (c > n) {
      best = a;
      n = c;
    }
  }
  return best;
}

function publisherClaimant(ctx: ClaimContext): Claimant {
  return { name: ctx.publisher, start: 0, end: 0, publisher: true };
}

function makeClaim(
  ctx: ClaimContext,
  link: Link,
  who: Claimant,
  stance: Stance,
  s: Sentence,
  implicit = false,
): AttributionClaim {
  return {
    actor: link.actor,
    attributed_to: { code: link.country, name: ctx.geo.displayName(link.country) },
    claimant: who.name,
    ...(who.country ? { claimant_country: who.country } : {}),
    stance,
    ...(implicit ? { implicit: true } : {}),
    evidence: { start: s.start, end: s.end, text: ctx.text.slice(s.start, s.end) },
  };
}

function stanceOf(
  link: Link,
  claimant: Claimant | undefined,
  deny: boolean,
  admit: boolean,
  authorStance: 'asserts' | 'reports',
): Stance | undefined {
  const own = claimant?.country !== undefined && claimant.country === link.country;
  if (own || link.self) {
    if (admit) return 'tacit-admission';
    if (own || deny) return 'denies';
    return undefined;
  }
  if (claimant && !claimant.publisher) return deny ? undefined : 'asserts';
  return deny ? undefined : authorStance;
}

/** One claim per (actor, country, claimant, stance); the publisher's `reports` is dropped where another party asserts the same link. */
function dedupe(claims: readonly AttributionClaim[]): AttributionClaim[] {
  const out: AttributionClaim[] = [];
  const seen = new Set<string>();
  for (const c of claims) {
    const key = `${c.actor}|${c.attributed_to.code}|${c.claimant.toLowerCase()}|${c.stance}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out.filter(
    (c) =>
      c.stance !== 'reports' ||
      !out.some(
        (o) => o.stance === 'asserts' && o.actor === c.actor && o.attributed_to.code === c.attributed_to.code,
      ),
  );
}
