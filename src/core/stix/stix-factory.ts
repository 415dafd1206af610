/**
 * Builders for the STIX 2.1 SDOs, SROs and bundles stormwatch emits (§4, §5, §8): report,
 * intrusion-set, identity, location, attack-pattern, indicator, vulnerability, opinion, note,
 * relationship, bundle — plus observables through `observable()`. The clock and the UUID source
 * are injected, so a factory seeded from a document's SHA-256 gives the same bundle on every run.
 */
import { StormwatchError } from '../shared/index.js';
import { type ObservableKind, patternFor } from './pattern-builder.js';
import { safeParsePattern } from './pattern-validator.js';
import { observableFor } from './sco-builders.js';
import { compareTimestamps, formatTimestamp } from './timestamp.js';
import type {
  AttackPattern,
  Bundle,
  ExternalReference,
  Identity,
  IdentityClass,
  Indicator,
  IntrusionSet,
  KillChainPhase,
  Location,
  Note,
  Opinion,
  OpinionValue,
  Relationship,
  Report,
  StixCyberObservable,
  StixObject,
  Vulnerability,
} from './types.js';
import { randomUuidSource, type UuidSource } from './uuid.js';

/** A reference: an id, or any object that has one. */
export type Ref = string | { readonly id: string };

export interface StixFactoryOptions {
  /** Source of `created`/`modified` (default: the current time). */
  readonly clock?: () => Date;
  /** Source of UUIDv4s for SDO/SRO/bundle ids (default: random). */
  readonly uuids?: UuidSource;
}

/** Common properties (§3.2) any SDO/SRO builder accepts. */
export interface CommonOptions {
  readonly id?: string;
  readonly created?: Date | string;
  readonly modified?: Date | string;
  readonly created_by_ref?: Ref;
  readonly labels?: readonly string[];
  readonly confidence?: number;
  readonly lang?: string;
  readonly external_references?: readonly ExternalReference[];
  readonly object_marking_refs?: readonly Ref[];
}

export interface AttackReference {
  /** ATT&CK id: G1017, T1003.003, S0154… */
  readonly id: string;
  readonly url?: string;
}

export interface NaicsReference {
  readonly code: string;
  readonly title?: string;
}

/** The id of a reference. */
export function refId(ref: Ref): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/** The canonical attack.mitre.org page of an ATT&CK id. */
export function attackUrl(id: string): string {
  const m = /^(T\d{4})(?:\.(\d{3}))?$/.exec(id);
  if (m) return `https://attack.mitre.org/techniques/${m[1]}/${m[2] ? `${m[2]}/` : ''}`;
  const section = {
    G: 'groups',
    S: 'software',
    C: 'campaigns',
    M: 'mitigations',
    TA: 'tactics',
    DS: 'datasources',
  };
  for (const [prefix, path] of Object.entries(section).sort((a, b) => b[0].length - a[0].length)) {
    if (new RegExp(`^${prefix}\\d{4}$`).test(id)) return `https://attack.mitre.org/${path}/${id}/`;
  }
  return 'https://attack.mitre.org/';
}

function badInput(code: string, message: string, hint: string): StormwatchError {
  return new StormwatchError({ code, kind: 'input', message, hint });
}

/** Creates a set of builders sharing one clock and one UUID source. */
export function createStixFactory(options: StixFactoryOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const uuids = options.uuids ?? randomUuidSource;
  const processIds = new Map<string, string>();

  function common<T extends string>(type: T, o: CommonOptions = {}) {
    const created = formatTimestamp(o.created ?? clock());
    const modified = o.modified === undefined ? created : formatTimestamp(o.modified);
    if (compareTimestamps(modified, created) < 0) {
      throw badInput(
        'stix.modified-before-created',
        `${type}: modified ${modified} is before created ${created}`,
        'Give a modified timestamp equal to or after created.',
      );
    }
    return {
      type,
      spec_version: '2.1' as const,
      id: o.id ?? `${type}--${uuids()}`,
      ...(o.created_by_ref === undefined ? {} : { created_by_ref: refId(o.created_by_ref) }),
      created,
      modified,
      ...(o.labels?.length ? { labels: [...o.labels] } : {}),
      ...(o.confidence === undefined ? {} : { confidence: o.confidence }),
      ...(o.lang === undefined ? {} : { lang: o.lang }),
      ...(o.external_references?.length ? { external_references: [...o.external_references] } : {}),
      ...(o.object_marking_refs?.length ? { object_marking_refs: o.object_marking_refs.map(refId) } : {}),
    };
  }

  function withReferences(o: CommonOptions, extra: readonly ExternalReference[]): CommonOptions {
    return extra.length ? { ...o, external_references: [...extra, ...(o.external_references ?? [])] } : o;
  }

  function nonEmpty(type: string, property: string, refs: readonly Ref[]): string[] {
    if (refs.length === 0)
      throw badInput(
        'stix.empty-refs',
        `${type}.${property} needs at least one reference`,
        `Pass the objects the ${type} is about.`,
      );
    return [...new Set(refs.map(refId))];
  }

  return {
    report(
      p: {
        name: string;
        published: Date | string;
        object_refs: readonly Ref[];
        description?: string;
        report_types?: readonly string[];
      },
      o?: CommonOptions,
    ): Report {
      return {
        ...common('report', o),
        name: p.name,
        ...(p.description ? { description: p.description } : {}),
        report_types: p.report_types?.length ? [...p.report_types] : ['threat-report'],
        published: formatTimestamp(p.published),
        object_refs: nonEmpty('report', 'object_refs', p.object_refs),
      };
    },

    intrusionSet(
      p: { name: string; aliases?: readonly string[]; description?: string; attack?: AttackReference },
      o: CommonOptions = {},
    ): IntrusionSet {
      const refs = p.attack
        ? [
            {
              source_name: 'mitre-attack',
              external_id: p.attack.id,
              url: p.attack.url ?? attackUrl(p.attack.id),
            },
          ]
        : [];
      const aliases = [...new Set(p.aliases ?? [])].filter((a) => a !== p.name);
      return {
        ...common('intrusion-set', withReferences(o, refs)),
        name: p.name,
        ...(p.description ? { description: p.description } : {}),
        ...(aliases.length ? { aliases } : {}),
      };
    },

    identity(
      p: {
        name: string;
        identity_class: IdentityClass;
        sectors?: readonly string[];
        naics?: readonly NaicsReference[];
        description?: string;
        roles?: readonly string[];
      },
      o: CommonOptions = {},
    ): Identity {
      const refs = (p.naics ?? []).map((n) => ({
        source_name: 'NAICS',
        external_id: n.code,
        ...(n.title ? { description: n.title } : {}),
        url: `https://www.census.gov/naics/?input=${encodeURIComponent(n.code)}&year=2022&details=${encodeURIComponent(n.code)}`,
      }));
      return {
        ...common('identity', withReferences(o, refs)),
        name: p.name,
        ...(p.description ? { description: p.description } : {}),
        ...(p.roles?.length ? { roles: [...p.roles] } : {}),
        identity_class: p.identity_class,
        ...(p.sectors?.length ? { sectors: [...new Set(p.sectors)] } : {}),
      };
    },

    location(
      p: { country?: string; region?: string; name?: string; description?: string },
      o?: CommonOptions,
    ): Location {
      if (p.country === undefined && p.region === undefined)
        throw badInput(
          'stix.location-empty',
          'a location needs a country or a region',
          'Pass an ISO 3166-1 alpha-2 country code.',
        );
      if (p.country !== undefined && !/^[A-Za-z]{2}$/.test(p.country))
        throw badInput(
          'stix.location-country',
          `"${p.country}" is not an ISO 3166-1 alpha-2 code`,
          'Use a two-letter code such as CN.',
        );
      return {
        ...common('location', o),
        ...(p.name ? { name: p.name } : {}),
        ...(p.description ? { description: p.description } : {}),
        ...(p.region ? { region: p.region } : {}),
        ...(p.country ? { country: p.country.toUpperCase() } : {}),
      };
    },

    attackPattern(
      p: {
        name: string;
        attack: AttackReference;
        description?: string;
        kill_chain_phases?: readonly KillChainPhase[];
      },
      o: CommonOptions = {},
    ): AttackPattern {
      const refs = [
        {
          source_name: 'mitre-attack',
          external_id: p.attack.id,
          url: p.attack.url ?? attackUrl(p.attack.id),
        },
      ];
      return {
        ...common('attack-pattern', withReferences(o, refs)),
        name: p.name,
        ...(p.description ? { description: p.description } : {}),
        ...(p.kill_chain_phases?.length ? { kill_chain_phases: [...p.kill_chain_phases] } : {}),
      };
    },

    /** An indicator with an explicit pattern; the pattern is parsed and checked first. */
    indicator(
      p: {
        pattern: string;
        name?: string;
        description?: string;
        indicator_types?: readonly string[];
        valid_from?: Date | string;
      },
      o?: CommonOptions,
    ): Indicator {
      const checked = safeParsePattern(p.pattern);
      if (!checked.success) {
        throw badInput(
          'stix.invalid-pattern',
          `invalid STIX pattern ${p.pattern}: ${checked.issues.map((i) => i.message).join('; ')}`,
          'Build patterns with patternFor()/patternForAny().',
        );
      }
      const base = common('indicator', o);
      return {
        ...base,
        ...(p.name ? { name: p.name } : {}),
        ...(p.description ? { description: p.description } : {}),
        indicator_types: p.indicator_types?.length ? [...p.indicator_types] : ['unknown'],
        pattern: p.pattern,
        pattern_type: 'stix',
        pattern_version: '2.1',
        valid_from: p.valid_from === undefined ? base.created : formatTimestamp(p.valid_from),
      };
    },

    /** An indicator for one extracted value: `[ipv4-addr:value = '…']`. */
    indicatorFor(
      kind: ObservableKind,
      value: string,
      p: {
        name?: string;
        description?: string;
        indicator_types?: readonly string[];
        valid_from?: Date | string;
      } = {},
      o?: CommonOptions,
    ): Indicator {
      return this.indicator({ ...p, name: p.name ?? value, pattern: patternFor(kind, value) }, o);
    },

    /** The SCO for an extracted value (deterministic UUIDv5 id; process ids stable per command line). */
    observable(kind: ObservableKind, value: string): StixCyberObservable {
      if (kind !== 'commandline') return observableFor(kind, value);
      const known = processIds.get(value);
      const sco = observableFor(kind, value, () => known ?? uuids());
      processIds.set(value, sco.id.slice('process--'.length));
      return sco;
    },

    vulnerability(cve: string, p: { description?: string } = {}, o: CommonOptions = {}): Vulnerability {
      const id = cve.toUpperCase();
      if (!/^CVE-\d{4}-\d{4,}$/.test(id))
        throw badInput('stix.invalid-cve', `"${cve}" is not a CVE id`, 'Use the form CVE-2023-12345.');
      const refs = [{ source_name: 'cve', external_id: id, url: `https://www.cve.org/CVERecord?id=${id}` }];
      return {
        ...common('vulnerability', withReferences(o, refs)),
        name: id,
        ...(p.description ? { description: p.description } : {}),
      };
    },

    relationship(
      source: Ref,
      relationship_type: string,
      target: Ref,
      p: { description?: string; start_time?: Date | string; stop_time?: Date | string } = {},
      o?: CommonOptions,
    ): Relationship {
      if (!/^[a-z0-9-]+$/.test(relationship_type))
        throw badInput(
          'stix.relationship-type',
          `"${relationship_type}" is not a relationship type`,
          'Use lower-case words joined by hyphens, e.g. attributed-to.',
        );
      return {
        ...common('relationship', o),
        relationship_type,
        ...(p.description ? { description: p.description } : {}),
        source_ref: refId(source),
        target_ref: refId(target),
        ...(p.start_time === undefined ? {} : { start_time: formatTimestamp(p.start_time) }),
        ...(p.stop_time === undefined ? {} : { stop_time: formatTimestamp(p.stop_time) }),
      };
    },

    opinion(
      p: {
        opinion: OpinionValue;
        object_refs: readonly Ref[];
        explanation?: string;
        authors?: readonly string[];
      },
      o?: CommonOptions,
    ): Opinion {
      return {
        ...common('opinion', o),
        ...(p.explanation ? { explanation: p.explanation } : {}),
        ...(p.authors?.length ? { authors: [...p.authors] } : {}),
        opinion: p.opinion,
        object_refs: nonEmpty('opinion', 'object_refs', p.object_refs),
      };
    },

    note(
      p: { content: string; object_refs: readonly Ref[]; abstract?: string; authors?: readonly string[] },
      o?: CommonOptions,
    ): Note {
      return {
        ...common('note', o),
        ...(p.abstract ? { abstract: p.abstract } : {}),
        content: p.content,
        ...(p.authors?.length ? { authors: [...p.authors] } : {}),
        object_refs: nonEmpty('note', 'object_refs', p.object_refs),
      };
    },

    /** A bundle of `objects`, de-duplicated by id (first occurrence wins). */
    bundle(objects: readonly StixObject[]): Bundle {
      const seen = new Set<string>();
      const unique = objects.filter((obj) => {
        if (seen.has(obj.id)) return false;
        seen.add(obj.id);
        return true;
      });
      return { type: 'bundle', id: `bundle--${uuids()}`, objects: unique };
    },
  };
}

/** The builders returned by `createStixFactory`. */
export type StixFactory = ReturnType<typeof createStixFactory>;
