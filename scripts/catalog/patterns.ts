/**
 * Vendor naming patterns from actor-naming/naming-conventions.json, with Microsoft's families checked
 * against MicrosoftMapping.json (how many listed names of each family carry the family's origin).
 * Confidence: `documented` → high, `observed` → medium, `recalled` or weak/unclear evidence → low.
 */
import type { NamingHint, NamingPattern } from '../../src/core/catalog/index.js';
import type { JsonCursor } from './source-reader.js';

// Latin letters incl. accented ones; written without \p{…} so the patterns compile fast at load time.
const WORD = "[A-Za-z\\u00C0-\\u024F][A-Za-z0-9\\u00C0-\\u024F'’-]*";

function confidenceOf(level: string | undefined, evidence: string): NamingPattern['confidence'] {
  if (/weak|unclear|too few/i.test(evidence)) return 'low';
  if (level === 'documented') return 'high';
  if (level === 'observed') return 'medium';
  return 'low';
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Readable form of a regex pattern (`^UNC\d+$` → `UNC<number>`). */
function displayOf(regex: string): string {
  return regex
    .replace(/^\^|\$$/g, '')
    .replace(/\\d\{\d+(,\d*)?\}|\\d\+/g, '<number>')
    .replace(/\[A-Za-z\]\+/g, '<Word>')
    .replace(/\\\./g, '.')
    .replace(/\(([A-Z|]+)\)/g, '{$1}');
}

/** Builds the pattern list. */
/**
 * Builds the pattern list. `knownNames` (every alias the sources list) checks the numbered designators the
 * conventions file marks as "recalled": one that at least 3 listed names fit is raised to `medium`
 * ("observed"), as the file itself asks ("check them against the MISP galaxy and ATT&CK alias data").
 */
export function buildPatterns(
  conventions: JsonCursor,
  microsoft: JsonCursor,
  knownNames: readonly string[] = [],
): NamingPattern[] {
  // Microsoft family evidence: names per family suffix and how many have the family's origin.
  const msNames = microsoft.arr().map((r) => ({
    name: r.get('Threat actor name').str().trim(),
    origin: r.get('Origin/Threat').optStr() ?? '',
  }));
  const out: NamingPattern[] = [];
  for (const scheme of conventions.get('schemes').arr()) {
    const vendor = scheme.get('vendor').str();
    const level = scheme.get('confidence').optStr();
    const source = scheme.get('source').optStr() ?? 'actor-naming/naming-conventions.json';
    const families = [
      ...scheme
        .get('families')
        .optArr()
        .map((f) => ({ f, level })),
      ...scheme
        .get('observed_extra')
        .optArr()
        .map((f) => ({ f, level: f.get('confidence').optStr() ?? 'observed' })),
    ];
    for (const { f, level: flevel } of families) {
      const family = f.get('family').str();
      const explicit = f.get('pattern').optStr();
      const hint: NamingHint = {
        ...(f.get('category').optStr()
          ? { category: f.get('category').str() }
          : { category: 'nation-state' }),
        ...(f.get('origin').optStr() && f.get('iso2').optStr()
          ? { origin: f.get('origin').str(), iso2: f.get('iso2').str() }
          : {}),
      };
      let evidence = f.get('evidence').optStr() ?? source;
      let regex: string;
      let flags = 'i';
      let display: string;
      if (explicit) {
        regex = explicit;
        flags = 'i';
        display = displayOf(explicit);
      } else if (family.endsWith('*')) {
        const stem = family.slice(0, -1);
        regex = `^${escapeRegex(stem)}[A-Z][a-z]+$`;
        flags = '';
        display = `${stem}<Word>`;
      } else if (family === family.toUpperCase()) {
        regex = `^${escapeRegex(family)} ${WORD}$`;
        display = `${family} <WORD>`;
      } else {
        const plural = /s$/.test(family) ? `${escapeRegex(family.slice(0, -1))}s?` : escapeRegex(family);
        regex = `^${WORD} ${plural}$`;
        display = `<Word> ${family}`;
      }
      if (vendor.startsWith('Microsoft') && !explicit) {
        const members = msNames.filter((n) => n.name.toLowerCase().endsWith(` ${family.toLowerCase()}`));
        const origin = f.get('origin').optStr();
        const agree = origin
          ? members.filter((m) => m.origin.toLowerCase().includes(origin.toLowerCase().slice(0, 5)))
          : members;
        evidence = `${source}; ${agree.length} of ${members.length} ${family} names in MicrosoftMapping.json match`;
      }
      if (hint.origin === undefined && f.get('origin').optStr())
        evidence += `; origin ${f.get('origin').str()}`;
      out.push({ vendor, regex, flags, display, hint, confidence: confidenceOf(flevel, evidence), evidence });
    }
    for (const p of scheme.get('patterns').optArr()) {
      const regex = p.get('pattern').str();
      const plevel = p.get('confidence').optStr() ?? level;
      const meaning = p.get('meaning').str();
      try {
        new RegExp(regex);
      } catch (e) {
        p.get('pattern').require(false, `invalid regular expression: ${(e as Error).message}`);
      }
      const re = new RegExp(regex, 'i');
      const fits = knownNames.filter((n) => re.test(n));
      let confidence = confidenceOf(plevel, source);
      let evidence = source;
      if (fits.length > 0) {
        evidence += `; ${fits.length} listed names fit (e.g. ${fits.slice(0, 3).join(', ')})`;
        if (confidence === 'low' && fits.length >= 3) confidence = 'medium';
      }
      out.push({
        vendor,
        regex,
        flags: 'i',
        display: displayOf(regex),
        hint: { meaning },
        confidence,
        evidence,
      });
    }
  }
  return out;
}
