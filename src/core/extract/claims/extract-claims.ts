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
 */
import type { ActorMention } from '../actors/index.js';
import type { GeoLexicon, GeoMention } from '../geo/index.js';
import type { PhraseMatcher, Segment, Sentence, Token } from '../text/index.js';
import { segmentAt, tokenAt } from '../text/index.js';
import { CLAIMANT_HEADS, type ClaimantEntry } from './claimant-lexicon.js';

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
  readonly geo: GeoLexicon;
  /** Catalog origin countries of an actor name (canonical). */
  readonly origins: (actor: string) => readonly string[];
  /** Publisher name for the author's own voice ("the publisher" when unknown). */
  readonly publisher: string;
  /** The author's own attributions are `asserts` (advisories, vendor reports, official statements) or `reports`. */
  readonly authorStance: 'asserts' | 'reports';
}

const DENY =
  /\b(?:den(?:y|ies|ied|ying|ial|ials)|reject(?:s|ed|ing)?|rebut(?:s|ted|ting)?|rebuttal|refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|fabricat\w*|false(?:ly|hoods?)?|lies?|lying|smear\w*|disinformation|misinformation|groundless|baseless|unfounded|slander\w*|hyped?|so-called|no evidence|claimed ignorance|politici[sz]\w*|cast doubts?|lacking state support|typical cybercrime|expos(?:e|es|ed|ing) (?:the |a )?(?:US|U\.S\.|American|Western)?\s*lie)\b/i;
const ADMIT =
  /\b(?:admit(?:s|ted|ting)?|admission|acknowledg\w*|conced(?:e|es|ed|ing)|tacit\w*|implicitly|indirectly|didn[’']t directly|did not directly|not directly)\b/i;
const SPEECH =
  /\b(?:s(?:aid|ays?)|stat(?:ed?|es|ing)|accus\w*|attribut\w*|alleg\w*|blam\w*|assess\w*|believ\w*|conclud\w*|determin\w*|announc\w*|warn\w*|report(?:s|ed)?|confront\w*|claim(?:s|ed)?|charg\w*|indict\w*|identif\w*|expos\w*|reveal\w*|disclos\w*|told|tell|argu\w*|insist\w*|not(?:ed|es)|wr(?:ote|ites)|confirm\w*|linked|tied|express(?:ed)?|comment\w*|sounded|admit\w*|acknowledg\w*|den(?:y|ies|ied)|reject\w*|rebut\w*|dismiss\w*|indicat\w*|perceiv\w*|interpret\w*|sanction\w*|named|tracks?|tracked|observ\w*|assert\w*)\b/i;
const STATE_HEAD =
  /^\s*(?:'s\s+|’s\s+)?(?:state[- ])?(?:government|regime|state|military|intelligence(?: services?| agencies)?|army|authorities|ministry(?: of state security)?|officials|security services|leadership|communist party)?/i;
const LINK_TO =
  /\b(?:link(?:s|ed)?|ties|tied|connect(?:ed|ions?)|attribut(?:ed|ion)|sponsor(?:ed|ship)?|back(?:ed|ing)|affiliat(?:ed|ion)|direct(?:ed|ion)|controll?ed|work(?:s|ing|ed)? (?:for|on behalf of)|on behalf of|operat(?:es|ing|ed) (?:for|on behalf of)|nexus|associated|support(?:ed)?)\s+(?:to|by|with|from|of|for)?\s*(?:the\s+)?$/i;
/** "linked the Lazarus malware to North Korea": the verb, its object, then "to". */
const LINK_VERB_OBJECT_TO = /\b(?:linked|tied|attributed|connected)\s+(?:\S+\s+){1,5}?to\s+(?:the\s+)?$/i;
/** Sentences longer than this are not read for claims. */
const MAX_SENTENCE = 3000;
/** Sentences with more actor and country words than this are lists, not claims. */
const MAX_MENTIONS = 40;
const REFERRING =
  /\b(?:the|this|that|these) (?:group|groups|hackers|hacker|actors?|apt|gang|campaign|operation|operations|attacks?|cyberattacks|hacking|hacks|intrusions?|botnet|activity|activities|threat actors?|infrastructure hacks|breach|incident)\b|\b(?:its|it|they|their)\b|\bcyberattacks\b|\bhackers\b/i;
const ACTIVITY_NOUN = new Set([
  'hackers',
  'hacker',
  'hacking',
  'group',
  'groups',
  'actor',
  'actors',
  'apt',
  'apts',
  'attacks',
  'cyberattacks',
  'attack',
  'intrusions',
  'intrusion',
  'operations',
  'operation',
  'espionage',
  'campaign',
  'campaigns',
  'botnet',
  'targeting',
  'threat',
  'cyber',
  'spies',
  'operators',
  'gang',
  'crew',
  'unit',
  'breach',
  'hack',
  'hacks',
]);
const DESCRIPTOR = new Set([
  'state',
  'sponsored',
  'backed',
  'linked',
  'nexus',
  'aligned',
  'affiliated',
  'government',
  'nation',
  'based',
  'hacking',
  'cyber',
  'group',
  'groups',
  'apt',
  'threat',
  'actor',
  'actors',
  'known',
  'as',
  'called',
  'dubbed',
  'including',
  'such',
  'like',
  'the',
  'a',
  'an',
  'espionage',
  'aggressive',
  'military',
  'intelligence',
  'notorious',
  'prolific',
  'hacker',
  'hackers',
  'organization',
  'organisation',
  'ransomware',
  'criminal',
  'team',
  'crew',
  'gang',
  'sophisticated',
  'advanced',
  'persistent',
  'so',
  'named',
  'tracked',
  'botnet',
  'operation',
  'operators',
  'spy',
  'spying',
  'and',
]);
const CLAUSE_BREAK =
  /:\s+|,\s*(?:but|however|while|whereas|although|though|yet)\b,?|;\s+|\s+but\s+|\.\s*(?:However|But),?|,\s*however,/gi;
const BLOCKERS = new Set(['they', 'them', 'companies', 'firms', 'vendors', 'he', 'she']);

interface Clause {
  readonly start: number;
  readonly end: number;
  readonly sentence: Sentence;
}

interface Link {
  readonly actor: string;
  readonly country: string;
  /** The state itself speaks (denial or admission about its own link). */
  readonly self?: boolean;
  /** The actor came from an earlier sentence or the document's subject. */
  readonly inferredActor?: boolean;
}

interface Claimant {
  readonly name: string;
  readonly country?: string;
  readonly start: number;
  readonly end: number;
  /** Publisher's own voice. */
  readonly publisher?: boolean;
}

function clausesOf(text: string, s: Sentence): Clause[] {
  const out: Clause[] = [];
  const body = text.slice(s.start, s.end);
  let from = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(body); m !== null; m = CLAUSE_BREAK.exec(body)) {
    if (m.index > from) out.push({ start: s.start + from, end: s.start + m.index, sentence: s });
    from = m.index + m[0].length;
  }
  if (from < body.length) out.push({ start: s.start + from, end: s.end, sentence: s });
  return out;
}

/** Extracts the attribution claims of a document. */
export function extractClaims(ctx: ClaimContext): AttributionClaim[] {
  const { text, sentences, segments } = ctx;
  const claims: AttributionClaim[] = [];
  const bodyMentions = ctx.actorMentions.filter((m) => !m.furniture);
  const subject = documentSubject(bodyMentions);
  // Named bodies that speak for a state ("CNCERT", "FBI"), found once for the whole text.
  const stateBodies = ctx.claimants
    .scan(text, ctx.tokens)
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
    const sentenceActors = bodyMentions.slice(ai, aj).filter((m) => m.end <= s.end);
    while (gi < ctx.geoMentions.length && (ctx.geoMentions[gi] as GeoMention).start < s.start) gi++;
    let gj = gi;
    while (gj < ctx.geoMentions.length && (ctx.geoMentions[gj] as GeoMention).start < s.end) gj++;
    while (bi < stateBodies.length && (stateBodies[bi] as { start: number }).start < s.start) bi++;
    const hasBody = bi < stateBodies.length && (stateBodies[bi] as { start: number }).start < s.end;
    const sentenceGeos = ctx.geoMentions.slice(gi, gj).filter((g) => g.iso2 !== '' && g.end <= s.end);
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
    const claimant = findClaimant(ctx, clause, clauseText, sentenceGeos);
    const deny = DENY.test(clauseText);
    const admit = ADMIT.test(clauseText);
    const links = findLinks(ctx, clause, actors, geos, referent, claimant, deny, admit);
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

/** The claimant of a clause. */
function findClaimant(
  ctx: ClaimContext,
  clause: Clause,
  clauseText: string,
  sentenceGeos: readonly GeoMention[],
): Claimant | undefined {
  const cands: Claimant[] = [];
  const t0 = tokenAt(ctx.tokens, clause.start);
  const t1 = tokenAt(ctx.tokens, clause.end);
  for (const m of ctx.claimants.scan(ctx.text, ctx.tokens, t0, t1)) {
    const e = m.values[0] as ClaimantEntry;
    if (!/\p{Lu}/u.test(m.text)) continue;
    const owner = possessiveGeo(ctx.text, sentenceGeos, m.start);
    cands.push({
      name: owner ? ctx.text.slice(owner.start, m.end) : m.text,
      ...(e.country ? { country: e.country } : owner ? { country: owner.iso2 } : {}),
      start: owner?.start ?? m.start,
      end: m.end,
    });
  }
  // Descriptive claimants: a country word, then capitalised words or modifiers, then a head noun
  // ("US officials", "China's Foreign Ministry", "China's National Computer Emergency Response Center"),
  // or a bare state name in subject position ("China has rebutted…").
  for (const g of sentenceGeos) {
    if (g.start < clause.start || g.end > clause.end) continue;
    let end = g.end;
    let ok = false;
    for (let k = g.last; k < Math.min(t1, g.last + 8); k++) {
      const tk = ctx.tokens[k] as Token;
      const capital = /\p{Lu}/u.test(ctx.text[tk.start] ?? '');
      if (CLAIMANT_HEADS.has(tk.key)) {
        end = tk.end;
        ok = true;
        // "Ministry of Foreign Affairs", "Center of China"
        let j = k + 1;
        if ((ctx.tokens[j] as Token | undefined)?.key === 'of') {
          j++;
          while (j < t1 && /\p{Lu}/u.test(ctx.text[(ctx.tokens[j] as Token).start] ?? '')) {
            end = (ctx.tokens[j] as Token).end;
            j++;
          }
        }
        break;
      }
      if (tk.key === 's' || capital || k < g.last + 3) continue;
      break;
    }
    if (!ok && (g.kind === 'name' || g.kind === 'designation')) {
      const rest = ctx.text.slice(g.end, Math.min(clause.end, g.end + 40));
      ok =
        /^\s+(?:(?:has|have|had|is|was|also|reportedly|again|officially|quickly|strongly|firmly)\s+)*(?:\w+ly\s+)?(?:den|reject|rebut|refut|dismiss|admit|acknowledg|conced|expos|accus|say|said|claim|slam|condemn|blast|counter)/i.test(
          rest,
        );
    }
    // A named body found by the lexicon ("US Cybersecurity and Infrastructure Security Agency") wins over the
    // descriptive reading of the same words.
    if (ok && !cands.some((c) => c.start < end && g.start < c.end))
      cands.push({ name: ctx.text.slice(g.start, end), country: g.sovereign ?? g.iso2, start: g.start, end });
  }
  // Unnamed experts and officials ("officials believe", "researchers said") speak without a state.
  const generic = /\b(?:officials|investigators|researchers|experts|analysts|authorities|prosecutors)\b/gi;
  for (let m = generic.exec(clauseText); m !== null; m = generic.exec(clauseText)) {
    const start = clause.start + m.index;
    const end = start + m[0].length;
    if (!cands.some((c) => c.start <= start && c.end >= end)) cands.push({ name: m[0], start, end });
  }
  cands.sort((a, b) => a.start - b.start);
  // "according to X" wins only when X is the only claimant.
  const according = /\baccording to\s+(?:the\s+)?/gi;
  const acc: Claimant[] = [];
  for (let m = according.exec(clauseText); m !== null; m = according.exec(clauseText)) {
    const at = clause.start + m.index + m[0].length;
    const c = cands.find((x) => x.start >= at && x.start <= at + 40);
    if (c) acc.push(c);
  }
  const subjects = cands.filter(
    (c) => !acc.includes(c) && !afterPreposition(ctx.text, c.start, clause.start),
  );
  for (const c of subjects) {
    const after = firstWords(ctx.text.slice(c.end, clause.end), 10);
    if (SPEECH.test(after) || DENY.test(after) || ADMIT.test(after)) return c;
  }
  const trailing =
    /,\s*(?:the\s+)?([^,]{2,80}?)\s+(?:said|says|stated|reported|reports|told|wrote)\W*$/i.exec(clauseText);
  if (trailing) {
    const at = clause.start + (trailing.index ?? 0);
    const c = cands.find((x) => x.start >= at);
    if (c) return c;
  }
  return acc[0];
}

/** The first `n` words of a string. */
function firstWords(s: string, n: number): string {
  const m = new RegExp(`^\\W*(?:\\S+\\s+){0,${n - 1}}\\S*`).exec(s);
  return m ? m[0] : s;
}

function possessiveGeo(text: string, geos: readonly GeoMention[], at: number): GeoMention | undefined {
  for (const g of geos) {
    if (g.end <= at && at - g.end <= 4 && /^[’']s\s+$/.test(text.slice(g.end, at))) return g;
    // "Chinese Embassy", "U.S. Justice Department": a country word right before the body's name.
    if (g.end <= at && at - g.end <= 2 && /^\s*$/.test(text.slice(g.end, at))) return g;
  }
  return undefined;
}

function afterPreposition(text: string, at: number, floor: number): boolean {
  const before = text.slice(Math.max(floor, at - 40), at);
  // "a spokesperson for the Chinese Embassy", "an official with China's Ministry…": the body speaks.
  if (
    /\b(?:spokes(?:person|man|woman)|representative|official|officials|minister|director|head|chief)\s+(?:for|of|at|with|from)\s+(?:the\s+)?$/i.test(
      before,
    )
  )
    return false;
  if (
    /\b(?:released|published|issued|report|reports|statement|alert|advisory)\s+by\s+(?:the\s+)?$/i.test(
      before,
    )
  )
    return false;
  return /\b(?:of|on|against|with|to|by|from|about|in|over|at|for|into|toward|towards|between|among|including|like|than|and)\s+(?:the\s+|a\s+|an\s+)?$/i.test(
    before,
  );
}

/** The actor–state links a clause makes. */
function findLinks(
  ctx: ClaimContext,
  clause: Clause,
  actors: readonly ActorMention[],
  geos: readonly GeoMention[],
  referent: string | undefined,
  claimant: Claimant | undefined,
  deny: boolean,
  admit: boolean,
): Link[] {
  const { text } = ctx;
  const out: Link[] = [];
  const push = (l: Link): void => {
    if (!out.some((o) => o.actor === l.actor && o.country === l.country)) out.push(l);
  };
  const actorNames = actors.map((a) => a.actor);
  const subjectActor = (): { actor: string; inferred: boolean } | undefined =>
    actorNames.length > 0
      ? { actor: actorNames[0] as string, inferred: false }
      : referent
        ? { actor: referent, inferred: true }
        : undefined;
  for (const g of geos) {
    if (claimant && g.start >= claimant.start && g.end <= claimant.end) continue;
    const country = g.sovereign ?? g.iso2;
    const after = text.slice(g.end, Math.min(clause.end, g.end + 30));
    const before = text.slice(Math.max(clause.start, g.start - 60), g.start);
    const possessive = /^[’']s\b/.test(after);
    const hyphenLinked =
      /^-(?:linked|backed|sponsored|based|nexus|aligned|affiliated|directed|controlled)\b/i.test(after);
    const stateSponsored =
      /^\s+(?:state[- ]sponsored|state[- ]backed|government[- ]backed|government[- ]sponsored|state[- ]linked)\b/i.test(
        after,
      );
    // 1. adjectival / possessive: "China's aggressive Salt Typhoon", "Chinese APT Volt Typhoon", "China-backed X"
    if (g.kind !== 'name' || possessive || hyphenLinked || stateSponsored) {
      const next = actors.find((a) => a.start >= g.end && withinDescriptors(ctx, g.last, a.start));
      if (next) {
        push({ actor: next.actor, country });
        continue;
      }
      // "Chinese hackers", "a Chinese state-sponsored botnet", "North Korean hackers' activities": actor from context
      if (g.kind !== 'name' || hyphenLinked || stateSponsored) {
        const head = activityHead(ctx, g.last, clause.end);
        const sa = subjectActor();
        if (head && sa) {
          push({ actor: sa.actor, country, inferredActor: sa.inferred });
          continue;
        }
      }
    }
    // 2. "<actor> … linked/tied/sponsored … to/by (the) <country>"
    // "has not linked … to China", "no evidence that … is tied to": a negated link is no assertion (a state's own
    // negation is handled as its denial below).
    const negated =
      /\b(?:not|never|no evidence|n['’]t|without)\b/i.test(before.slice(-45)) &&
      claimant?.country !== country;
    if (!negated && (LINK_TO.test(before) || LINK_VERB_OBJECT_TO.test(before))) {
      const sa = subjectActor();
      const prior = actors.filter((a) => a.end <= g.start);
      const actor =
        prior.length > 0 ? { actor: (prior[prior.length - 1] as ActorMention).actor, inferred: false } : sa;
      if (
        actor &&
        STATE_HEAD.test(after) &&
        !blocked(ctx, prior[prior.length - 1]?.end ?? clause.start, g.start) &&
        headIsState(text, g, clause.end)
      ) {
        push({ actor: actor.actor, country, inferredActor: actor.inferred });
        continue;
      }
    }
    // 3. "<country> was/is responsible / behind", "Beijing's role", "Chinese government support for cyberattacks"
    if (
      /^(?:[’']s)?\s+(?:(?:government|state)\s+)?(?:was|is|were|are|had been)\s+(?:(?:not|directly|ultimately|likely|probably)\s+)*(?:responsible|behind|involved)\b/i.test(
        after,
      ) ||
      /^(?:[’']s)?\s+(?:(?:government|state|military)[’']?s?\s+)?(?:role|involvement|responsibility|support for cyber|sponsorship|hand)\b/i.test(
        after,
      )
    ) {
      const sa = subjectActor();
      if (sa) {
        push({ actor: sa.actor, country, inferredActor: sa.inferred });
        continue;
      }
    }
    // 4. "accused / blamed / confronted (the) <country>"
    if (
      /\b(?:accus\w*|blam\w*|confront\w*|implicat\w*|point(?:ed|s)? the finger at|sanction\w*)\s+(?:the\s+)?$/i.test(
        before,
      )
    ) {
      const sa = subjectActor();
      if (sa) {
        push({ actor: sa.actor, country, inferredActor: sa.inferred });
      }
    }
  }
  // 5. A state speaking about itself: denial or admission with no explicit link ("China has rebutted…").
  if (claimant?.country && (deny || admit) && !out.some((l) => l.country === claimant.country)) {
    const sa = subjectActor();
    if (sa && isStateVoice(claimant))
      push({ actor: sa.actor, country: claimant.country, self: true, inferredActor: sa.inferred });
  }
  return out;
}

function isStateVoice(c: Claimant): boolean {
  return !/\b(?:hackers?|groups?|actors?|companies|firms)\b/i.test(c.name);
}

/** Only descriptor words ("state-sponsored hacking group known as") between a country word and an actor. */
function withinDescriptors(ctx: ClaimContext, fromToken: number, actorStart: number): boolean {
  let k = fromToken;
  let words = 0;
  while (k < ctx.tokens.length && (ctx.tokens[k] as Token).start < actorStart) {
    const t = ctx.tokens[k] as Token;
    if (!DESCRIPTOR.has(t.key) && t.key !== 's') return false;
    if (++words > 7) return false;
    k++;
  }
  const gap = ctx.text.slice(ctx.tokens[fromToken - 1]?.end ?? 0, actorStart);
  return !/[.;:!?]/.test(gap.replace(/^[’']s/, ''));
}

/** "Chinese hackers", "a Chinese state-sponsored botnet": an activity noun right after the country word. */
function activityHead(ctx: ClaimContext, fromToken: number, end: number): boolean {
  for (let k = fromToken; k < Math.min(ctx.tokens.length, fromToken + 4); k++) {
    const t = ctx.tokens[k] as Token;
    if (t.start >= end) return false;
    if (ACTIVITY_NOUN.has(t.key)) return true;
    if (!DESCRIPTOR.has(t.key) && t.key !== 's') return false;
  }
  return false;
}

function blocked(ctx: ClaimContext, from: number, to: number): boolean {
  const a = tokenAt(ctx.tokens, from);
  const b = tokenAt(ctx.tokens, to);
  for (let k = a; k < b; k++) if (BLOCKERS.has((ctx.tokens[k] as Token).key)) return true;
  return false;
}

/** "linked to China", "linked to the Chinese government": the phrase ends at the state, not "U.S. Taiwan support". */
function headIsState(text: string, g: GeoMention, clauseEnd: number): boolean {
  const rest = text.slice(g.end, Math.min(clauseEnd, g.end + 40));
  // "Russia's Foreign Intelligence Service", "China's Ministry of State Security": an organ of the state.
  if (/^[’']s\s+\p{Lu}/u.test(rest)) return true;
  const m = STATE_HEAD.exec(rest);
  const tail = rest.slice(m ? m[0].length : 0);
  return (
    /^\s*(?:$|[,.;:)\]"”’]|and\b|or\b|as\b|in\b|on\b|since\b|for\b|through\b|via\b|with\b|who\b|which\b|that\b|but\b|to\b|by\b|is\b|was\b|are\b|were\b|has\b|have\b|from\b|at\b|while\b)/i.test(
      tail,
    ) ||
    (m !== null && m[0].trim().length > 0 && !/^\s*\p{Lu}/u.test(tail))
  );
}

/** The accuser named in a denial ("accusations made by the US", "the US campaign", "hyped up by the United States"). */
function accusers(ctx: ClaimContext, clause: Clause, geos: readonly GeoMention[], link: Link): Claimant[] {
  const out: Claimant[] = [];
  for (const g of geos) {
    const country = g.sovereign ?? g.iso2;
    if (country === link.country) continue;
    const before = ctx.text.slice(Math.max(clause.start, g.start - 50), g.start);
    const after = ctx.text.slice(g.end, Math.min(clause.end, g.end + 30));
    const byAccuser =
      /\b(?:accusations?|allegations?|claims?|charges?|hyped(?: up)?|fabricated|made|campaign|smear(?:ed)?|blamed)\s+(?:made\s+)?by\s+(?:the\s+)?$/i.test(
        before,
      );
    const accuserNoun =
      /^\s*(?:government\s+)?(?:campaign|accusations?|allegations?|claims?|lie|lies|narrative|fabrication|smear)\b/i.test(
        after,
      );
    if (byAccuser || accuserNoun) {
      if (!out.some((o) => o.country === country))
        out.push({ name: ctx.geo.displayName(country), country, start: g.start, end: g.end });
    }
  }
  return out;
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
