/**
 * Countries and territories (ISO 3166-1) with names, demonyms and state designations ("PRC", "Kremlin",
 * "Beijing" for the government), looked up by any of those words.
 */
import type { Country } from './model.js';
import { nameKey } from './name-key.js';

/** How a word matched a country. */
export interface CountryMatch {
  readonly country: Country;
  readonly matched: 'iso2' | 'iso3' | 'name' | 'demonym' | 'designation';
}

/** A lexicon word for the extractor: the surface form and what it means. */
export interface GeoTerm {
  readonly term: string;
  readonly iso2: string;
  readonly kind: 'name' | 'demonym' | 'designation';
  /** Territories carry their sovereign state. */
  readonly sovereign?: string;
}

/** Country lookup by code, name, demonym or designation. */
export class GeoIndex {
  private readonly byIso = new Map<string, Country>();
  private readonly byWord = new Map<string, CountryMatch[]>();

  constructor(readonly countries: readonly Country[]) {
    for (const c of countries) {
      this.byIso.set(c.iso2, c);
      this.add(c.name, { country: c, matched: 'name' });
      for (const n of c.names) this.add(n, { country: c, matched: 'name' });
      for (const d of c.demonyms) this.add(d, { country: c, matched: 'demonym' });
      for (const d of c.designations) this.add(d, { country: c, matched: 'designation' });
    }
  }

  private add(word: string, m: CountryMatch): void {
    const k = nameKey(word);
    if (!k) return;
    const list = this.byWord.get(k) ?? [];
    if (!list.some((x) => x.country.iso2 === m.country.iso2)) list.push(m);
    this.byWord.set(k, list);
  }

  /** Country by ISO 3166-1 alpha-2 code. */
  get(iso2: string): Country | undefined {
    return this.byIso.get(iso2.toUpperCase());
  }

  /**
   * Countries a word names. Two-letter upper-case input is tried as an ISO code first; three-letter as ISO3.
   * Several matches are possible ("Korea" → KP and KR are not listed; "Congo" → CG and CD are).
   */
  resolve(text: string): CountryMatch[] {
    const t = text.trim();
    if (/^[A-Za-z]{2}$/.test(t)) {
      const c = this.byIso.get(t.toUpperCase());
      if (c && t === t.toUpperCase()) return [{ country: c, matched: 'iso2' }];
    }
    const byWord = this.byWord.get(nameKey(t));
    if (byWord) return byWord;
    if (/^[A-Z]{3}$/.test(t)) {
      const c = this.countries.find((x) => x.iso3 === t);
      if (c) return [{ country: c, matched: 'iso3' }];
    }
    return [];
  }

  /** Every name, demonym and designation as a flat list (for text matching). */
  terms(): GeoTerm[] {
    const out: GeoTerm[] = [];
    for (const c of this.countries) {
      const sov = c.sovereign ? { sovereign: c.sovereign } : {};
      for (const n of new Set([c.name, ...c.names]))
        out.push({ term: n, iso2: c.iso2, kind: 'name', ...sov });
      for (const d of c.demonyms) out.push({ term: d, iso2: c.iso2, kind: 'demonym', ...sov });
      for (const d of c.designations) out.push({ term: d, iso2: c.iso2, kind: 'designation', ...sov });
    }
    return out;
  }
}
