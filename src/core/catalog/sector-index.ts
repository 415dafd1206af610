/**
 * Sector lookup: the NAICS 2022 tree (codes 2–6 digits, range sectors 31-33/44-45/48-49) and the sector-word
 * lexicon (report words → NAICS codes + STIX 2.1 `industry-sector-ov`).
 */
import type { NaicsCode, SectorTerm } from './model.js';
import { editDistance, nameKey } from './name-key.js';

/** Result of `sector <naics|word>`. */
export type SectorResolution =
  | {
      readonly kind: 'naics';
      readonly query: string;
      readonly code: NaicsCode;
      /** From the sector down to the parent. */
      readonly ancestors: readonly NaicsCode[];
      readonly children: readonly NaicsCode[];
      /** Lexicon terms mapping to this code or one of its descendants. */
      readonly terms: readonly SectorTerm[];
    }
  | {
      readonly kind: 'term';
      readonly query: string;
      readonly term: SectorTerm;
      readonly codes: readonly NaicsCode[];
    }
  | { readonly kind: 'titles'; readonly query: string; readonly matches: readonly NaicsCode[] }
  | { readonly kind: 'unknown'; readonly query: string; readonly suggestions: readonly string[] };

const RANGE_OF: Readonly<Record<string, string>> = {
  '31': '31-33',
  '32': '31-33',
  '33': '31-33',
  '44': '44-45',
  '45': '44-45',
  '48': '48-49',
  '49': '48-49',
};

/** NAICS tree + lexicon. */
export class SectorIndex {
  private readonly byCode = new Map<string, NaicsCode>();
  private readonly kids = new Map<string, NaicsCode[]>();
  private readonly terms = new Map<string, SectorTerm>();

  constructor(
    naics: readonly NaicsCode[],
    readonly lexicon: readonly SectorTerm[],
    readonly stixIndustrySectors: readonly string[],
    readonly cisaSectors: readonly string[],
  ) {
    for (const c of naics) this.byCode.set(c.code, c);
    for (const c of naics) {
      if (!c.parent) continue;
      const list = this.kids.get(c.parent) ?? [];
      list.push(c);
      this.kids.set(c.parent, list);
    }
    for (const t of lexicon) this.terms.set(nameKey(t.term), t);
  }

  /** NAICS code (`221`, `31-33`; `31`/`32`/`33` map to `31-33`). */
  get(code: string): NaicsCode | undefined {
    const c = code.trim();
    return this.byCode.get(c) ?? (RANGE_OF[c] ? this.byCode.get(RANGE_OF[c]) : undefined);
  }

  /** Every NAICS code in file order. */
  all(): NaicsCode[] {
    return [...this.byCode.values()];
  }

  children(code: string): readonly NaicsCode[] {
    return this.kids.get(code) ?? [];
  }

  /** Ancestors from the 2-digit sector down to the direct parent. */
  ancestors(code: string): NaicsCode[] {
    const out: NaicsCode[] = [];
    let cur = this.get(code)?.parent;
    while (cur) {
      const c = this.byCode.get(cur);
      if (!c) break;
      out.unshift(c);
      cur = c.parent;
    }
    return out;
  }

  /** Lexicon entry for a word or phrase (case, punctuation and a trailing plural "s" ignored). */
  term(word: string): SectorTerm | undefined {
    const k = nameKey(word);
    return this.terms.get(k) ?? (k.endsWith('s') ? this.terms.get(k.slice(0, -1)) : undefined);
  }

  /** Resolves a NAICS code, a lexicon word, or words of NAICS titles. */
  resolve(query: string): SectorResolution {
    const q = query.trim();
    if (/^\d{2}(-\d{2})?$|^\d{3,6}$/.test(q)) {
      const code = this.get(q);
      if (code) {
        const ancestors = this.ancestors(code.code);
        const prefixes = /^\d{2}-\d{2}$/.test(code.code)
          ? Object.keys(RANGE_OF).filter((k) => RANGE_OF[k] === code.code)
          : [code.code];
        const terms = this.lexicon.filter((t) =>
          t.naics.some((n) => n === code.code || prefixes.some((p) => n.startsWith(p))),
        );
        return { kind: 'naics', query, code, ancestors, children: this.children(code.code), terms };
      }
      return { kind: 'unknown', query, suggestions: [] };
    }
    const term = this.term(q);
    if (term) {
      const codes = term.naics.map((c) => this.byCode.get(c)).filter((c): c is NaicsCode => c !== undefined);
      return { kind: 'term', query, term, codes };
    }
    const qk = nameKey(q);
    if (qk.length >= 3) {
      const matches = this.all().filter((c) => nameKey(c.title).includes(qk));
      if (matches.length > 0) return { kind: 'titles', query, matches: matches.slice(0, 50) };
    }
    const max = Math.max(1, Math.floor(qk.length / 3));
    const suggestions = this.lexicon
      .map((t) => ({ t: t.term, d: editDistance(qk, nameKey(t.term), max) }))
      .filter((s) => s.d <= max)
      .sort((a, b) => a.d - b.d)
      .slice(0, 5)
      .map((s) => s.t);
    return { kind: 'unknown', query, suggestions };
  }
}
