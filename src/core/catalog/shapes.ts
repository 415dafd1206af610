/** Expected shapes of the compiled catalog files (see model.ts), checked by `checkShape`. */
import { optional, type Shape } from './json-shape.js';

const actor: Shape = {
  id: 'string',
  name: 'string',
  attack_id: '?string',
  stix_id: '?string',
  aliases: [
    {
      name: 'string',
      sources: 'string[]',
      vendor: '?string',
      vendor_sources: '?string[]',
      variants: '?string[]',
      common_word: '?boolean',
    },
  ],
  origins: [{ source: 'string', country: '?string', text: 'string', kind: 'string' }],
  sectors: [{ source: 'string', text: 'string', naics: '?string[]', stix: '?string[]' }],
  victims: [{ source: 'string', text: 'string', country: '?string' }],
  techniques: [{ id: 'string', via: 'string' }],
  software: 'string[]',
  entries: [{ source: 'string', ref: 'string', name: 'string', join: 'string' }],
  related: [{ actor: 'string', type: 'string', source: 'string', confidence: '?string' }],
  categories: optional([{ source: 'string', text: 'string' }]),
};

/** Shape per catalog part. */
export const SHAPES: Readonly<
  Record<
    'manifest' | 'actors' | 'spindle' | 'attack' | 'software' | 'sectors' | 'geo' | 'patterns' | 'lolbas',
    Shape
  >
> = {
  manifest: {
    format: 'string',
    built_at: 'string',
    builder: 'string',
    sources: [
      {
        name: 'string',
        path: 'string',
        version: 'string',
        commit: '?string',
        sha256: 'string',
        licence: 'string',
        attribution: 'string',
        outputs: 'string[]',
      },
    ],
    outputs: [{ file: 'string', sha256: 'string', bytes: 'number', licence: 'string' }],
    counts: '?any',
  },
  actors: { format: 'string', actors: [actor], common_words: 'string[]' },
  spindle: {
    format: 'string',
    licence: 'string',
    attribution: 'string',
    attach: [
      {
        actor: 'string',
        entry: 'string',
        join: 'string',
        aliases: 'string[]',
        countries: 'string[]',
        organisations: 'string[]',
        related: [{ actor: 'string', type: 'string', source: 'string', confidence: '?string' }],
      },
    ],
    actors: [actor],
  },
  attack: {
    format: 'string',
    version: 'string',
    tactics: [{ id: 'string', shortname: 'string', name: 'string', domain: 'string' }],
    techniques: [
      {
        id: 'string',
        name: 'string',
        domain: 'string',
        tactics: 'string[]',
        platforms: 'string[]',
        parent: '?string',
        stix_id: 'string',
        revoked: '?boolean',
        deprecated: '?boolean',
        revoked_by: '?string',
      },
    ],
    software: [{ id: 'string', name: 'string', type: 'string' }],
  },
  software: {
    format: 'string',
    software: [
      {
        id: 'string',
        name: 'string',
        kinds: 'string[]',
        attack_id: '?string',
        aliases: 'string[]',
        sources: 'string[]',
        platforms: '?string[]',
      },
    ],
  },
  sectors: {
    format: 'string',
    naics: [{ code: 'string', title: 'string', level: 'number', parent: '?string', sector: 'string' }],
    lexicon: [{ term: 'string', naics: 'string[]', stix: 'string[]', cisa_sector: '?string' }],
    stix_industry_sectors: 'string[]',
    cisa_sectors: 'string[]',
  },
  geo: {
    format: 'string',
    countries: [
      {
        iso2: 'string',
        iso3: '?string',
        name: 'string',
        names: 'string[]',
        demonyms: 'string[]',
        designations: 'string[]',
        sovereign: '?string',
        capital: '?string',
      },
    ],
  },
  patterns: {
    format: 'string',
    patterns: [
      {
        vendor: 'string',
        regex: 'string',
        flags: 'string',
        display: 'string',
        hint: { category: '?string', origin: '?string', iso2: '?string', meaning: '?string' },
        confidence: 'string',
        evidence: 'string',
      },
    ],
  },
  lolbas: { format: 'string', entries: [{ name: 'string', type: 'string', attack_ids: 'string[]' }] },
};
