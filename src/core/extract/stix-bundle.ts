/**
 * Extraction result → STIX 2.1 bundle (OASIS STIX 2.1 §4–§8) built with src/core/stix: a `report` whose
 * `object_refs` cover every object; an `intrusion-set` per actor (ATT&CK external reference, aliases used in the
 * text); `identity` objects for the publisher, the claimants and each sector (`industry-sector-ov` values plus the
 * NAICS code as an external reference); `location`s for attributed and targeted countries; `attack-pattern`s with
 * ATT&CK ids and kill-chain phases; observables with deterministic UUIDv5 ids and `indicator`s with checked
 * patterns (`based-on` the observable, `indicates` the report's subject actors); `vulnerability` objects for CVEs.
 * Each attribution claim is an `attributed-to` relationship whose `created_by_ref` is the claimant; a denial or a
 * tacit admission is an `opinion` by that party on the attribution, and every claim has a `note` quoting its
 * evidence sentence. SDO/SRO ids come from a UUID source seeded with the document's SHA-256, so the same document
 * gives the same bundle for the same clock.
 */
import {
  type Bundle,
  createStixFactory,
  type Identity,
  type IdentityClass,
  type IntrusionSet,
  type Location,
  type ObservableKind,
  type Relationship,
  type StixObject,
  seededUuidSource,
} from '../stix/index.js';
import type { ExtractionResult } from './extract-report.js';
import type { IndicatorKind } from './indicators/index.js';

export interface StixBundleOptions {
  /** Clock for `created`/`modified` (default: now). */
  readonly clock?: () => Date;
  /** Name of the tool identity that creates the report (default "stormwatch"). */
  readonly creator?: string;
  /** Publisher of the document (identity of the author's own voice). */
  readonly publisher?: string;
  /** Also emit indicators for values in `reference` context or marked benign (default false). */
  readonly includeNonThreats?: boolean;
}

const OBSERVABLE_OF: Readonly<Partial<Record<IndicatorKind, ObservableKind>>> = {
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  domain: 'domain',
  url: 'url',
  email: 'email',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  file: 'file',
  registry: 'registry',
  commandline: 'commandline',
};

const REPORT_TYPES: Readonly<Record<string, readonly string[]>> = {
  advisory: ['threat-report', 'attack-pattern', 'indicator'],
  'vendor-report': ['threat-report', 'threat-actor', 'indicator'],
  news: ['threat-report'],
  'official-statement': ['threat-report'],
  rebuttal: ['threat-report'],
  unknown: ['threat-report'],
};

function claimantClass(name: string): IdentityClass {
  if (/\b(?:officials|experts|researchers|investigators|countries|allies|authorities|analysts)\b/i.test(name))
    return 'group';
  return 'organization';
}

/** Builds the STIX 2.1 bundle of one extraction result. */
export function toStixBundle(result: ExtractionResult, options: StixBundleOptions = {}): Bundle {
  const stix = createStixFactory({
    uuids: seededUuidSource(result.document.sha256),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const objects: StixObject[] = [];
  const creator = stix.identity({
    name: options.creator ?? 'stormwatch',
    identity_class: 'system',
    description: 'Automated extraction',
  });
  objects.push(creator);
  const by = { created_by_ref: creator };

  const identities = new Map<string, Identity>();
  const identityFor = (name: string): Identity => {
    const key = name.toLowerCase();
    let id = identities.get(key);
    if (!id) {
      id = stix.identity({ name, identity_class: claimantClass(name) }, by);
      identities.set(key, id);
      objects.push(id);
    }
    return id;
  };

  // Actors.
  const sets = new Map<string, IntrusionSet>();
  for (const a of result.actors) {
    const set = stix.intrusionSet(
      {
        name: a.name,
        aliases: a.aliases_mentioned,
        ...(a.attack_id ? { attack: { id: a.attack_id } } : {}),
        ...(a.unlisted
          ? {
              description: `Not in the catalog; the name fits the ${a.unlisted.vendor} pattern ${a.unlisted.pattern}.`,
            }
          : a.software
            ? {
                description: `The group behind the ${a.software} malware family; the catalog lists the name as software only.`,
              }
            : {}),
      },
      { ...by, ...(a.role === 'mentioned' ? { labels: ['mentioned-only'] } : {}) },
    );
    sets.set(a.name, set);
    objects.push(set);
  }
  const subjects = result.actors
    .filter((a) => a.role === 'subject')
    .map((a) => sets.get(a.name) as IntrusionSet);

  // Countries.
  const locations = new Map<string, Location>();
  const locationFor = (code: string, name: string): Location => {
    let loc = locations.get(code);
    if (!loc) {
      loc = stix.location({ country: code, name }, by);
      locations.set(code, loc);
      objects.push(loc);
    }
    return loc;
  };
  for (const c of result.countries_targeted) {
    const loc = locationFor(c.code, c.name);
    for (const s of subjects) objects.push(stix.relationship(s, 'targets', loc, {}, by));
  }

  // Sectors.
  for (const s of result.sectors) {
    const sector = stix.identity(
      {
        name: s.name,
        identity_class: 'class',
        ...(s.stix_sector ? { sectors: [s.stix_sector] } : {}),
        ...(s.naics ? { naics: [{ code: s.naics, title: s.name }] } : {}),
      },
      by,
    );
    objects.push(sector);
    for (const a of subjects) objects.push(stix.relationship(a, 'targets', sector, {}, by));
  }

  // Techniques.
  for (const t of result.techniques) {
    const ap = stix.attackPattern(
      {
        name: t.name,
        attack: { id: t.id },
        kill_chain_phases: t.tactics.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name })),
        ...(t.original_id
          ? { description: `Written as ${t.original_id} in the document (revoked or deprecated).` }
          : {}),
      },
      by,
    );
    objects.push(ap);
    for (const a of subjects) objects.push(stix.relationship(a, 'uses', ap, {}, by));
  }

  // Indicators and observables.
  for (const [kind, list] of Object.entries(result.indicators) as [
    IndicatorKind,
    ExtractionResult['indicators'][IndicatorKind],
  ][]) {
    for (const ind of list) {
      if (!options.includeNonThreats && (ind.benign || ind.context === 'reference')) continue;
      if (kind === 'cve') {
        const vuln = stix.vulnerability(ind.value, {}, by);
        objects.push(vuln);
        for (const a of subjects) objects.push(stix.relationship(a, 'targets', vuln, {}, by));
        continue;
      }
      const ok = OBSERVABLE_OF[kind];
      if (!ok) continue;
      let observable: StixObject;
      let indicator: StixObject;
      try {
        observable = stix.observable(ok, ind.value);
        indicator = stix.indicatorFor(ok, ind.value, { indicator_types: ['malicious-activity'] }, by);
      } catch {
        continue; // A value the STIX builders reject (e.g. an IPv4 with a port) has no pattern; the JSON keeps it.
      }
      objects.push(observable, indicator, stix.relationship(indicator, 'based-on', observable, {}, by));
      for (const a of subjects) objects.push(stix.relationship(indicator, 'indicates', a, {}, by));
    }
  }

  // Attribution claims.
  const publisher = options.publisher ?? result.document.url ?? undefined;
  const attributions = new Map<string, Relationship[]>();
  const pending: ExtractionResult['attribution_claims'][number][] = [];
  for (const c of result.attribution_claims) {
    const set = sets.get(c.actor);
    if (!set) continue;
    if (c.stance === 'denies' || c.stance === 'tacit-admission') {
      pending.push(c);
      continue;
    }
    const claimant = identityFor(c.stance === 'reports' && publisher ? publisher : c.claimant);
    const rel = stix.relationship(
      set,
      'attributed-to',
      locationFor(c.attributed_to.code, c.attributed_to.name),
      {
        description: `${c.claimant} ${c.stance === 'reports' ? 'reports that' : 'asserts that'} ${c.actor} is tied to ${c.attributed_to.name}${c.implicit ? ' (as described by the other side)' : ''}.`,
      },
      { created_by_ref: claimant },
    );
    const key = `${c.actor}|${c.attributed_to.code}`;
    attributions.set(key, [...(attributions.get(key) ?? []), rel]);
    objects.push(
      rel,
      stix.note(
        { abstract: 'Evidence', content: c.evidence.text, object_refs: [rel] },
        { created_by_ref: creator },
      ),
    );
  }
  for (const c of pending) {
    const set = sets.get(c.actor) as IntrusionSet;
    const key = `${c.actor}|${c.attributed_to.code}`;
    let targets = attributions.get(key);
    if (!targets) {
      // The attribution being denied or admitted, as the document describes it.
      const rel = stix.relationship(
        set,
        'attributed-to',
        locationFor(c.attributed_to.code, c.attributed_to.name),
        {
          description: `The attribution of ${c.actor} to ${c.attributed_to.name} that the document discusses.`,
        },
        by,
      );
      objects.push(rel);
      targets = [rel];
      attributions.set(key, targets);
    }
    const claimant = identityFor(c.claimant);
    const opinion = stix.opinion(
      {
        opinion: c.stance === 'denies' ? 'strongly-disagree' : 'agree',
        explanation:
          c.stance === 'denies'
            ? `${c.claimant} denies that ${c.actor} is tied to ${c.attributed_to.name}.`
            : `${c.claimant}: tacit admission that ${c.actor} is tied to ${c.attributed_to.name}.`,
        object_refs: targets,
      },
      { created_by_ref: claimant },
    );
    objects.push(
      opinion,
      stix.note(
        { abstract: 'Evidence', content: c.evidence.text, object_refs: [opinion] },
        { created_by_ref: creator },
      ),
    );
  }

  const published = result.document.published ?? undefined;
  const report = stix.report(
    {
      name: result.document.title || 'Untitled document',
      published: published ? `${published}T00:00:00.000Z` : (options.clock ?? (() => new Date()))(),
      object_refs: objects,
      report_types: REPORT_TYPES[result.document.doc_type] ?? ['threat-report'],
    },
    {
      ...by,
      external_references: [
        {
          source_name: 'stormwatch-extract',
          description: `doc_type ${result.document.doc_type}; sha256 ${result.document.sha256}`,
          ...(result.document.url ? { url: result.document.url } : {}),
          hashes: { 'SHA-256': result.document.sha256 },
        },
      ],
    },
  );
  return stix.bundle([report, ...objects]);
}
