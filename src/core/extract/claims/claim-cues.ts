/**
 * Cue words of attribution claims: stance verb classes (deny, admit, speech), link phrases, descriptor and activity
 * words, clause breaks, and the clause/link/claimant records the claim extractor passes between its steps.
 */
import type { Sentence } from '../text/index.js';

export const DENY =
  /\b(?:den(?:y|ies|ied|ying|ial|ials)|reject(?:s|ed|ing)?|rebut(?:s|ted|ting)?|rebuttal|refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|fabricat\w*|false(?:ly|hoods?)?|lies?|lying|smear\w*|disinformation|misinformation|groundless|baseless|unfounded|slander\w*|hyped?|so-called|no evidence|claimed ignorance|politici[sz]\w*|cast doubts?|lacking state support|typical cybercrime|expos(?:e|es|ed|ing) (?:the |a )?(?:US|U\.S\.|American|Western)?\s*lie)\b/i;
export const ADMIT =
  /\b(?:admit(?:s|ted|ting)?|admission|acknowledg\w*|conced(?:e|es|ed|ing)|tacit\w*|implicitly|indirectly|didn[’']t directly|did not directly|not directly)\b/i;
export const SPEECH =
  /\b(?:s(?:aid|ays?)|stat(?:ed?|es|ing)|accus\w*|attribut\w*|alleg\w*|blam\w*|assess\w*|believ\w*|conclud\w*|determin\w*|announc\w*|warn\w*|report(?:s|ed)?|confront\w*|claim(?:s|ed)?|charg\w*|indict\w*|identif\w*|expos\w*|reveal\w*|disclos\w*|told|tell|argu\w*|insist\w*|not(?:ed|es)|wr(?:ote|ites)|confirm\w*|linked|tied|express(?:ed)?|comment\w*|sounded|admit\w*|acknowledg\w*|den(?:y|ies|ied)|reject\w*|rebut\w*|dismiss\w*|indicat\w*|perceiv\w*|interpret\w*|sanction\w*|named|tracks?|tracked|observ\w*|assert\w*)\b/i;
export const STATE_HEAD =
  /^\s*(?:'s\s+|’s\s+)?(?:state[- ])?(?:government|regime|state|military|intelligence(?: services?| agencies)?|army|authorities|ministry(?: of state security)?|officials|security services|leadership|communist party)?/i;
export const LINK_TO =
  /\b(?:link(?:s|ed)?|ties|tied|connect(?:ed|ions?)|attribut(?:ed|ion)|sponsor(?:ed|ship)?|back(?:ed|ing)|affiliat(?:ed|ion)|direct(?:ed|ion)|controll?ed|work(?:s|ing|ed)? (?:for|on behalf of)|on behalf of|operat(?:es|ing|ed) (?:for|on behalf of)|nexus|associated|support(?:ed)?|in association with|operat(?:es|ing|ed|e) (?:out of|from)|based (?:in|out of)|(?:conducted|run|tasked|operated) by|(?:element|unit|arm|part) (?:of|within))\s+(?:to|by|with|from|of|for)?\s*(?:the\s+)?$/i;
/** "linked the Lazarus malware to North Korea": the verb, its object, then "to". */
export const LINK_VERB_OBJECT_TO =
  /\b(?:linked|tied|attributed|connected)\s+(?:\S+\s+){1,5}?to\s+(?:the\s+)?$/i;
/** Sentences longer than this are not read for claims. */
export const MAX_SENTENCE = 3000;
/** Sentences with more actor and country words than this are lists, not claims. */
export const MAX_MENTIONS = 40;
export const REFERRING =
  /\b(?:the|this|that|these) (?:group|groups|hackers|hacker|actors?|apt|gang|campaign|operation|operations|attacks?|cyberattacks|hacking|hacks|intrusions?|botnet|activity|activities|threat actors?|infrastructure hacks|breach|incident)\b|\b(?:its|it|they|their)\b|\bcyberattacks\b|\bhackers\b/i;
export const ACTIVITY_NOUN = new Set([
  'adversary',
  'entity',
  'outfit',
  'syndicate',
  'collective',
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
export const DESCRIPTOR = new Set([
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
  'cybercriminal',
  'cyberespionage',
  'espionage',
  'financially',
  'motivated',
  'likely',
  'suspected',
  'alleged',
  'is',
  'was',
  'believed',
  'assessed',
  'be',
  'to',
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
export const CLAUSE_BREAK =
  /:\s+|,\s*(?:but|however|while|whereas|although|though|yet)\b,?|;\s+|\s+but\s+|\.\s*(?:However|But),?|,\s*however,/gi;
export const BLOCKERS = new Set(['they', 'them', 'companies', 'firms', 'vendors', 'he', 'she']);

export interface Clause {
  readonly start: number;
  readonly end: number;
  readonly sentence: Sentence;
}

export interface Link {
  readonly actor: string;
  readonly country: string;
  /** The state itself speaks (denial or admission about its own link). */
  readonly self?: boolean;
  /** The actor came from an earlier sentence or the document's subject. */
  readonly inferredActor?: boolean;
}

export interface Claimant {
  readonly name: string;
  readonly country?: string;
  readonly start: number;
  readonly end: number;
  /** Publisher's own voice. */
  readonly publisher?: boolean;
}

export function clausesOf(text: string, s: Sentence): Clause[] {
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
