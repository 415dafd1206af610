/**
 * The actor–state links a clause makes: adjectival and possessive attribution, "linked/tied/sponsored … to/by
 * <state>", "<state> was behind", "accused <state>", country words before activity nouns, and a state speaking
 * about itself; plus the accuser a denial names.
 */
import type { ActorMention } from '../actors/index.js';
import type { GeoMention } from '../geo/index.js';
import type { Token } from '../text/index.js';
import { tokenAt } from '../text/index.js';
import {
  ACTIVITY_NOUN,
  BLOCKERS,
  type Claimant,
  type Clause,
  DESCRIPTOR,
  LINK_TO,
  LINK_VERB_OBJECT_TO,
  type Link,
  STATE_HEAD,
} from './claim-cues.js';
import type { ClaimContext } from './claim-types.js';

/** The actor–state links a clause makes. */
export function findLinks(
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
    // "Chinese-speaking", "Spanish-speaking": a language, not a state.
    if (/^-speaking\b/i.test(after)) continue;
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
  // "the Chinese People's Liberation Army", "the Iranian Ministry of Intelligence": a named organ of the state.
  if (
    /^\s+(?:\p{Lu}[\p{L}’']*\s+){0,4}(?:Army|Ministry|Bureau|Services?|Agency|Department|Directorate|Unit|Corps|Guard|Command|Intelligence|Government|Party|Police|Forces?)\b/u.test(
      rest,
    )
  )
    return true;
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
export function accusers(
  ctx: ClaimContext,
  clause: Clause,
  geos: readonly GeoMention[],
  link: Link,
): Claimant[] {
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
