/**
 * `stormwatch technique <id|name>`: an ATT&CK technique (enterprise or ICS) by id or name, with tactics,
 * platforms, parent and sub-techniques; revoked or deprecated ids show their successor. JSON: docs/catalog.md.
 */
import { loadCatalog } from '../../app/catalog/index.js';
import type { Technique } from '../../core/catalog/index.js';
import { StormwatchError } from '../../core/shared/index.js';
import { booleanFlag, defineCommand } from '../command.js';

export default defineCommand({
  name: 'technique',
  summary: 'Look up an ATT&CK technique by id or name (revoked ids show the successor)',
  usage: 'technique <id|name> [--json]',
  description: [
    'Accepts T####, T####.### (enterprise) and T0### (ICS) ids in any case, or a technique name',
    '("OS Credential Dumping", "NTDS", "OS Credential Dumping: NTDS").',
    'Revoked ids are shown with the technique that replaced them (ATT&CK revoked-by); deprecated ones are flagged.',
    '',
    'Exit codes: 0 found (also when revoked/deprecated) or ambiguous name, 1 unknown, 3 catalog missing or corrupt.',
  ].join('\n'),
  options: { json: { type: 'boolean', description: 'print JSON (shape in docs/catalog.md)' } },
  positionals: { min: 1 },
  run(ctx) {
    const query = ctx.args.join(' ');
    const catalog = loadCatalog();
    const index = catalog.techniques();
    const r = index.resolve(query);
    const out = ctx.out;
    const s = out.style;
    const json = booleanFlag(ctx.flags, 'json');
    const usersOf = (t: Technique) =>
      catalog
        .actors()
        .all()
        .filter((a) => a.techniques.some((x) => x.id === t.id))
        .map((a) => ({ id: a.id, name: a.name }))
        .sort((a, b) => a.name.localeCompare(b.name));
    if (r.kind === 'technique') {
      const current = r.successor ?? r.technique;
      const actors = usersOf(current);
      if (json) {
        out.json({ ...r, actors });
        return 0;
      }
      const t = r.technique;
      const flags = [t.revoked ? s.red('REVOKED') : '', t.deprecated ? s.yellow('DEPRECATED') : ''].filter(
        (x) => x,
      );
      out.line(`${s.bold(t.id)} ${s.bold(t.name)} ${s.dim(`(${t.domain})`)} ${flags.join(' ')}`);
      if (r.successor) out.line(`  ${s.yellow('replaced by')} ${s.bold(r.successor.id)} ${r.successor.name}`);
      else if (t.deprecated) out.line(`  ${s.yellow('deprecated by ATT&CK without a successor')}`);
      if (r.parent) out.line(`  parent:        ${r.parent.id} ${r.parent.name}`);
      out.line(`  tactics:       ${current.tactics.join(', ') || '-'}`);
      out.line(`  platforms:     ${current.platforms.join(', ') || '-'}`);
      const subs = index.subtechniques(current.id).filter((x) => !x.revoked && !x.deprecated);
      if (subs.length > 0) out.line(`  sub-techniques: ${subs.map((x) => `${x.id} ${x.name}`).join('; ')}`);
      out.line(
        `  used by:       ${actors.length} actor(s)${
          actors.length > 0
            ? `: ${actors
                .slice(0, 12)
                .map((a) => a.name)
                .join(', ')}${actors.length > 12 ? ', …' : ''}`
            : ''
        }`,
      );
      out.line(s.dim(`  ATT&CK ${catalog.attackVersion()}`));
      return 0;
    }
    if (r.kind === 'ambiguous') {
      if (json) {
        out.json(r);
        return 0;
      }
      out.line(s.yellow(`"${query}" names ${r.candidates.length} techniques:`));
      for (const t of r.candidates)
        out.line(`  ${t.id} ${t.name} ${s.dim(`(${t.domain}; ${t.tactics.join(', ')})`)}`);
      return 0;
    }
    if (json) {
      out.json(r);
      return 1;
    }
    throw new StormwatchError({
      code: 'catalog.technique-not-found',
      kind: 'not-found',
      message: `No ATT&CK technique "${query}"`,
      ...(r.suggestions.length > 0
        ? { hint: `did you mean: ${r.suggestions.map((t) => `${t.id} ${t.name}`).join(', ')}?` }
        : {}),
    });
  },
});
