/**
 * The claimant of a clause: a named body or a descriptive claimant ("US officials", "China's Foreign Ministry") in
 * subject position followed by a speech or cue verb, a trailing "…, X said", or "according to X".
 */
import type { GeoMention } from '../geo/index.js';
import type { Token } from '../text/index.js';
import { tokenAt } from '../text/index.js';
import { ADMIT, type Claimant, type Clause, DENY, SPEECH } from './claim-cues.js';
import type { ClaimContext } from './claim-types.js';
import { CLAIMANT_HEADS, type ClaimantEntry } from './claimant-lexicon.js';

/** The claimant of a clause. */
export function findClaimant(
  ctx: ClaimContext,
  clause: Clause,
  clauseText: string,
  sentenceGeos: readonly GeoMention[],
): Claimant | undefined {
  const cands: Claimant[] = [];
  const t0 = tokenAt(ctx.tokens, clause.start);
  const t1 = tokenAt(ctx.tokens, clause.end);
  for (const m of ctx.claimants.scan(ctx.text, ctx.tokens, t0, t1, ctx.claimantGate)) {
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
