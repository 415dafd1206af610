/**
 * `stormwatch actor <name>`: resolves any actor name or alias (case-insensitive) and prints the canonical
 * name, ATT&CK id, aliases grouped by source with the coining vendor, origin per source, techniques by
 * tactic, software and sectors. Ambiguous names list every candidate; unlisted names that fit a vendor
 * naming pattern print the hint. JSON shapes: docs/catalog.md.
 */
import { loadCatalog } from '../../app/catalog/index.js';
import {
  type ActorRecord,
  type AliasLink,
  CATALOG_SOURCES,
  type Catalog,
  type NamingPatternMatch,
} from '../../core/catalog/index.js';
import { StormwatchError } from '../../core/shared/index.js';
import { booleanFlag, defineCommand } from '../command.js';
import type { Output } from '../output.js';

const SOURCE_LABEL: Readonly<Record<string, string>> = {
  attack: 'ATT&CK',
  'attack-ics': 'ATT&CK ICS',
  'misp-mitre-intrusion-set': 'MISP mitre-intrusion-set',
  microsoft: 'Microsoft mapping',
  'misp-microsoft-activity-group': 'MISP microsoft-activity-group',
  'misp-threat-actor': 'MISP threat-actor',
  spindle: 'Spindle',
};

/** The JSON form of a resolved actor (documented in docs/catalog.md). */
function actorJson(catalog: Catalog, actor: ActorRecord) {
  const counts = catalog.techniqueActorCounts();
  return {
    ...actor,
    related: actor.related.map((r) => ({ ...r, actor_name: catalog.getActor(r.actor)?.name ?? r.actor })),
    software: actor.software.map((id) => {
      const s = catalog.attackSoftware(id);
      return { id, name: s?.name ?? id, type: s?.type ?? 'unknown' };
    }),
    techniques: catalog.actorTechniques(actor.id).map((u) => ({
      id: u.technique.id,
      name: u.technique.name,
      tactics: u.tactics,
      via: u.via,
      actors_using: counts.get(u.technique.id) ?? 0,
    })),
  };
}

function linkLine(out: Output, l: AliasLink): string {
  const s = out.style;
  const id = l.attack_id ?? l.actor;
  const vendor = l.vendor ? ` ${s.dim(`[coined by ${l.vendor}]`)}` : '';
  return `${s.bold(l.actor_name)} ${s.dim(`(${id})`)} — "${l.alias}"${vendor} listed by ${l.sources.map((x) => SOURCE_LABEL[x] ?? x).join(', ')}`;
}

function patternLine(p: NamingPatternMatch): string {
  const h = p.hint;
  const what = [h.category, h.origin ? `${h.origin}${h.iso2 ? ` (${h.iso2})` : ''}` : undefined, h.meaning]
    .filter((x) => x)
    .join(', ');
  return `${p.vendor} pattern ${p.display}: ${what || 'no further hint'} — confidence ${p.confidence}`;
}

function printActor(out: Output, catalog: Catalog, actor: ActorRecord, all: boolean): void {
  const s = out.style;
  out.line(`${s.bold(actor.name)}  ${actor.attack_id ? s.cyan(actor.attack_id) : s.dim(actor.id)}`);
  out.line();
  out.line(`${s.bold('Aliases by source')} ${s.dim('([X] = coined by X, as that source states)')}`);
  for (const src of CATALOG_SOURCES) {
    const names = actor.aliases.filter((a) => a.sources.includes(src));
    if (names.length === 0) continue;
    // The coining vendor is shown where this source states it.
    const items = names.map((a) =>
      a.vendor && a.vendor_sources?.includes(src) ? `${a.name} ${s.dim(`[${a.vendor}]`)}` : a.name,
    );
    out.line(`  ${(SOURCE_LABEL[src] ?? src).padEnd(30)} ${items.join(', ')}`);
  }
  if (actor.origins.length > 0) {
    out.line();
    out.line(s.bold('Suspected origin, per source (not merged)'));
    for (const o of actor.origins) {
      const label = o.kind === 'origin' ? 'origin' : o.kind;
      out.line(
        `  ${(SOURCE_LABEL[o.source] ?? o.source).padEnd(30)} ${label}: ${o.text}${o.country && o.country !== o.text ? s.dim(` (${o.country})`) : ''}`,
      );
    }
  }
  for (const c of actor.categories ?? [])
    out.line(`  ${(SOURCE_LABEL[c.source] ?? c.source).padEnd(30)} category: ${c.text}`);
  if (actor.related.length > 0) {
    out.line();
    out.line(s.bold('Related actors (linked by a source, kept separate)'));
    for (const r of actor.related) {
      const other = catalog.getActor(r.actor);
      out.line(
        `  ${other?.name ?? r.actor} ${s.dim(`(${r.actor})`)} — ${r.type}${r.confidence ? `, ${r.confidence}` : ''} per ${SOURCE_LABEL[r.source] ?? r.source}`,
      );
    }
  }
  const uses = catalog.actorTechniques(actor.id);
  if (uses.length > 0) {
    const counts = catalog.techniqueActorCounts();
    out.line();
    out.line(s.bold(`Techniques (${uses.length}, ATT&CK ${catalog.attackVersion()}) by tactic`));
    for (const tactic of catalog.techniques().tactics) {
      const inTactic = uses
        .filter((u) => u.tactics.includes(tactic.shortname) && tactic.domain === u.technique.domain)
        .sort((a, b) => (counts.get(a.technique.id) ?? 0) - (counts.get(b.technique.id) ?? 0));
      if (inTactic.length === 0) continue;
      const shown = all ? inTactic : inTactic.slice(0, 6);
      const more = inTactic.length - shown.length;
      const items = shown.map(
        (u) => `${u.technique.id} ${u.technique.name}${u.via === 'campaign' ? s.dim('*') : ''}`,
      );
      out.line(
        `  ${s.cyan(tactic.name)}: ${items.join('; ')}${more > 0 ? s.dim(` (+${more} more, --all)`) : ''}`,
      );
    }
    if (uses.some((u) => u.via === 'campaign'))
      out.line(s.dim('  * through a campaign ATT&CK attributes to this group'));
  }
  if (actor.software.length > 0) {
    out.line();
    out.line(s.bold('Software'));
    const names = actor.software.map((id) => `${catalog.attackSoftware(id)?.name ?? id} ${s.dim(id)}`);
    out.line(`  ${names.join(', ')}`);
  }
  if (actor.sectors.length > 0 || actor.victims.length > 0) {
    out.line();
    out.line(s.bold('Targets, per source'));
    const bySource = new Map<string, string[]>();
    for (const x of actor.sectors) bySource.set(x.source, [...(bySource.get(x.source) ?? []), x.text]);
    for (const [src, list] of bySource)
      out.line(`  ${(SOURCE_LABEL[src] ?? src).padEnd(30)} sectors: ${list.join(', ')}`);
    const victims = [...new Set(actor.victims.map((v) => v.text))];
    if (victims.length > 0) out.line(`  ${'MISP threat-actor'.padEnd(30)} countries: ${victims.join(', ')}`);
  }
  out.line();
  out.line(
    s.dim(
      `Joined from: ${actor.entries.map((e) => `${SOURCE_LABEL[e.source] ?? e.source} "${e.name}" (${e.join})`).join('; ')}`,
    ),
  );
}

export default defineCommand({
  name: 'actor',
  summary: 'Resolve a threat-actor name or alias and show what the catalog knows',
  usage: 'actor <name> [--json] [--all]',
  description: [
    'Resolves any alias case-insensitively (punctuation and spaces ignored: "apt 28" = "APT28").',
    'Names that sources attach to several distinct actors are reported as ambiguous with every candidate',
    'and the sources behind each link (exit 0); they are never merged.',
    'A name the catalog does not list but that fits a vendor naming pattern ("Ember Typhoon") prints the',
    "pattern's hint and confidence — a hint, not an attribution — and exits 1.",
    'Unknown names exit 1 with up to five close suggestions.',
    '',
    'Exit codes: 0 actor or ambiguous name, 1 unlisted or unknown name, 3 catalog missing or corrupt.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'print JSON (shape in docs/catalog.md)' },
    all: { type: 'boolean', description: 'list every technique (default: up to 6 per tactic)' },
  },
  positionals: { min: 1 },
  run(ctx) {
    const query = ctx.args.join(' ');
    const catalog = loadCatalog();
    const r = catalog.resolveActor(query);
    const json = booleanFlag(ctx.flags, 'json');
    const out = ctx.out;
    const s = out.style;
    switch (r.kind) {
      case 'actor': {
        if (json) {
          out.json({
            kind: 'actor',
            query,
            actor: actorJson(catalog, r.actor),
            link: r.link,
            also: r.also,
            patterns: r.patterns,
          });
          return 0;
        }
        if (r.also.length > 0) {
          out.line(
            s.yellow(
              `"${query}" is also listed for ${r.also.length} other actor(s); showing the one where it is the canonical or ATT&CK-listed name:`,
            ),
          );
          for (const l of r.also) out.line(`  ${s.dim('also:')} ${linkLine(out, l)}`);
          out.line();
        }
        printActor(out, catalog, r.actor, booleanFlag(ctx.flags, 'all'));
        return 0;
      }
      case 'ambiguous': {
        if (json) {
          out.json({ kind: 'ambiguous', query, candidates: r.candidates, patterns: r.patterns });
          return 0;
        }
        out.line(
          s.yellow(
            `"${query}" is ambiguous: sources attach it to ${r.candidates.length} distinct actors (kept apart, not merged).`,
          ),
        );
        for (const l of r.candidates) out.line(`  • ${linkLine(out, l)}`);
        for (const p of r.patterns) out.line(s.dim(`  name pattern: ${patternLine(p)}`));
        out.line(s.dim(`Run 'stormwatch actor <id>' with one of the ids above for details.`));
        return 0;
      }
      case 'unlisted': {
        if (json) {
          out.json({ kind: 'unlisted', query, patterns: r.patterns, suggestions: r.suggestions });
          return 1;
        }
        out.line(
          `${s.yellow(`"${query}" is not a listed actor.`)} It fits a vendor naming pattern (a hint from the name, not an attribution):`,
        );
        for (const p of r.patterns) out.line(`  • ${patternLine(p)}`);
        if (r.suggestions.length > 0)
          out.line(s.dim(`Listed names close to it: ${r.suggestions.map((x) => x.alias).join(', ')}`));
        return 1;
      }
      case 'unknown': {
        if (json) {
          out.json({ kind: 'unknown', query, suggestions: r.suggestions });
          return 1;
        }
        throw new StormwatchError({
          code: 'catalog.actor-not-found',
          kind: 'not-found',
          message: `No actor named "${query}"`,
          ...(r.suggestions.length > 0
            ? {
                hint: `did you mean: ${r.suggestions.map((x) => `${x.alias}${x.alias !== x.actor_name ? ` (${x.actor_name})` : ''}`).join(', ')}?`,
              }
            : {}),
        });
      }
    }
  },
});
