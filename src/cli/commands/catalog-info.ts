/**
 * `stormwatch catalog info`: the compiled catalog's sources (version, commit, licence, attribution), counts
 * and build date. JSON: docs/catalog.md.
 */
import { catalogDir, loadCatalog } from '../../app/catalog/index.js';
import { booleanFlag, defineCommand } from '../command.js';

export default defineCommand({
  name: 'catalog info',
  summary: 'Show the reference catalog: sources, versions, licences, counts, build date',
  usage: 'catalog info [--json]',
  description:
    'Counts are computed from the loaded data; build-time counts from MANIFEST.json are in --json.',
  options: { json: { type: 'boolean', description: 'print JSON (shape in docs/catalog.md)' } },
  positionals: { min: 0, max: 0 },
  run(ctx) {
    const catalog = loadCatalog();
    const m = catalog.manifest;
    const counts = catalog.counts();
    const out = ctx.out;
    const s = out.style;
    if (booleanFlag(ctx.flags, 'json')) {
      out.json({
        data_dir: catalogDir(),
        built_at: m.built_at,
        attack_version: catalog.attackVersion(),
        counts,
        build_counts: m.counts,
        sources: m.sources,
        outputs: m.outputs,
        warninglists: m.warninglists,
      });
      return 0;
    }
    out.line(`${s.bold('stormwatch reference catalog')}  ${s.dim(catalogDir())}`);
    out.line(`  built ${m.built_at} by ${m.builder}; ATT&CK ${catalog.attackVersion()}`);
    out.line();
    out.line(s.bold('Counts'));
    const rows: [string, number][] = [
      ['actors', counts.actors],
      ['  with an ATT&CK id', counts.actors_attack],
      ['  only in Spindle', counts.actors_spindle_only],
      ['alias names', counts.alias_keys],
      ['  ambiguous (2+ actors)', counts.ambiguous_aliases],
      ['techniques', counts.techniques],
      ['  enterprise / ICS', counts.techniques_enterprise],
      ['  revoked / deprecated', counts.techniques_revoked],
      ['tactics', counts.tactics],
      ['software', counts.software],
      ['  in ATT&CK', counts.software_attack],
      ['NAICS codes', counts.naics_codes],
      ['sector words', counts.sector_terms],
      ['countries & territories', counts.countries],
      ['naming patterns', counts.naming_patterns],
      ['LOLBAS binaries', counts.lolbas],
      ['MISP warning lists', m.counts.warninglists ?? 0],
    ];
    for (const [label, n] of rows) {
      let value = String(n);
      if (label === '  enterprise / ICS')
        value = `${counts.techniques_enterprise} / ${counts.techniques_ics}`;
      if (label === '  revoked / deprecated')
        value = `${counts.techniques_revoked} / ${counts.techniques_deprecated}`;
      if (label === 'MISP warning lists') value += ` (${m.counts.warninglist_entries ?? 0} entries)`;
      out.line(`  ${label.padEnd(26)} ${value}`);
    }
    out.line();
    out.line(s.bold('Sources'));
    for (const src of m.sources) {
      out.line(`  ${s.cyan(src.name)}`);
      out.line(
        `    ${src.path} · ${src.version}${src.commit ? ` · ${src.commit.slice(0, 12)}` : ''} · ${src.licence}`,
      );
      out.line(s.dim(`    ${src.attribution}`));
    }
    return 0;
  },
});
