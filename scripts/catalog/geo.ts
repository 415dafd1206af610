/** Countries (MISP `country` galaxy) merged with our demonym/designation lexicon and territory table. */
import type { Country } from '../../src/core/catalog/index.js';
import { nameKey } from '../../src/core/catalog/index.js';
import { GEO_EXTRA, TERRITORY_SOVEREIGN } from './geo-lexicon.js';
import { type JsonCursor, sourceError } from './source-reader.js';

/** Builds the country list; throws when the lexicon names a code the galaxy lacks. */
export function buildCountries(cluster: JsonCursor): Country[] {
  const out: Country[] = [];
  for (const v of cluster.get('values').arr()) {
    const meta = v.get('meta');
    const iso2 = meta.get('ISO').str().toUpperCase();
    const extra = GEO_EXTRA[iso2] ?? {};
    const name = v.get('description').optStr() ?? v.get('value').str();
    const names = [...new Set([...(extra.names ?? []), v.get('value').str()].filter((n) => n !== name))];
    const iso3 = meta.get('ISO3').optStr();
    const capital = meta.get('Capital').optStr();
    const sovereign = TERRITORY_SOVEREIGN[iso2];
    out.push({
      iso2,
      ...(iso3 ? { iso3 } : {}),
      name,
      names,
      demonyms: [...(extra.demonyms ?? [])],
      designations: [...(extra.designations ?? [])],
      ...(sovereign ? { sovereign } : {}),
      ...(capital ? { capital } : {}),
    });
  }
  const codes = new Set(out.map((c) => c.iso2));
  for (const code of [
    ...Object.keys(GEO_EXTRA),
    ...Object.keys(TERRITORY_SOVEREIGN),
    ...Object.values(TERRITORY_SOVEREIGN),
  ])
    if (!codes.has(code))
      throw sourceError(
        'scripts/catalog/geo-lexicon.ts',
        undefined,
        `ISO code ${code} is not in ${cluster.file}`,
      );
  return out.sort((a, b) => a.iso2.localeCompare(b.iso2));
}

/** Text → ISO2 for source fields such as "Iran (Islamic Republic of)", "CN", "Russian Federation". */
export function countryNormaliser(countries: readonly Country[]): (text: string) => string | undefined {
  const map = new Map<string, string>();
  for (const c of countries) {
    for (const n of [c.name, ...c.names, ...c.demonyms, ...c.designations]) {
      const k = nameKey(n);
      if (k && !map.has(k)) map.set(k, c.iso2);
    }
  }
  const byIso = new Set(countries.map((c) => c.iso2));
  return (text) => {
    const t = text.trim();
    if (/^[A-Z]{2}$/.test(t) && byIso.has(t)) return t;
    return map.get(nameKey(t));
  };
}
