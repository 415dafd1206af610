/**
 * `stormwatch sector <naics|word>`: a NAICS 2022 code with its parents and children, or a sector word from
 * the lexicon with its NAICS codes, STIX industry-sector-ov values and CISA sector. JSON: docs/catalog.md.
 */
import { loadCatalog } from '../../app/catalog/index.js';
import { StormwatchError } from '../../core/shared/index.js';
import { booleanFlag, defineCommand } from '../command.js';

export default defineCommand({
  name: 'sector',
  summary: 'Look up a NAICS 2022 code or a sector word (→ NAICS, STIX industry sector, CISA sector)',
  usage: 'sector <naics|word> [--json]',
  description: [
    'A 2–6 digit NAICS 2022 code (ranges 31-33, 44-45, 48-49; 31/32/33 map to 31-33) shows its title,',
    'parents and children. A word or phrase ("water", "telecommunications", "defense industrial base") shows',
    'the lexicon entry; other words are searched in NAICS titles.',
    '',
    'Exit codes: 0 found, 1 unknown, 3 catalog missing or corrupt.',
  ].join('\n'),
  options: { json: { type: 'boolean', description: 'print JSON (shape in docs/catalog.md)' } },
  positionals: { min: 1 },
  run(ctx) {
    const query = ctx.args.join(' ');
    const sectors = loadCatalog().sectors();
    const r = sectors.resolve(query);
    const out = ctx.out;
    const s = out.style;
    if (booleanFlag(ctx.flags, 'json')) {
      out.json(r);
      return r.kind === 'unknown' ? 1 : 0;
    }
    switch (r.kind) {
      case 'naics': {
        out.line(
          `${s.bold(r.code.code)} ${s.bold(r.code.title)} ${s.dim(`(NAICS 2022, level ${r.code.level})`)}`,
        );
        for (const a of r.ancestors) out.line(`  ${s.dim('in')} ${a.code} ${a.title}`);
        if (r.children.length > 0) {
          out.line(s.bold('  children'));
          for (const c of r.children) out.line(`    ${c.code} ${c.title}`);
        }
        if (r.terms.length > 0) out.line(s.dim(`  report words: ${r.terms.map((t) => t.term).join(', ')}`));
        return 0;
      }
      case 'term': {
        out.line(
          `${s.bold(r.term.term)}${r.term.cisa_sector ? `  ${s.cyan(`CISA: ${r.term.cisa_sector}`)}` : ''}`,
        );
        out.line(`  STIX industry-sector-ov: ${r.term.stix.join(', ') || '-'}`);
        out.line('  NAICS:');
        for (const c of r.codes) out.line(`    ${c.code} ${c.title}`);
        return 0;
      }
      case 'titles': {
        out.line(s.dim(`No lexicon entry for "${query}"; NAICS titles containing it:`));
        for (const c of r.matches) out.line(`  ${c.code.padEnd(6)} ${c.title}`);
        return 0;
      }
      case 'unknown':
        throw new StormwatchError({
          code: 'catalog.sector-not-found',
          kind: 'not-found',
          message: `No NAICS code or sector word "${query}"`,
          ...(r.suggestions.length > 0 ? { hint: `did you mean: ${r.suggestions.join(', ')}?` } : {}),
        });
    }
  },
});
