import { describe, expect, it } from 'vitest';
import { ActorIndex } from './actor-index.js';
import type { ActorAlias, ActorRecord, CatalogSource } from './model.js';
import { NamingPatternRecognizer } from './naming-patterns.js';

function actor(
  id: string,
  name: string,
  aliases: [string, CatalogSource[], string?][],
  attack = false,
): ActorRecord {
  return {
    id,
    name,
    ...(attack ? { attack_id: id } : {}),
    aliases: aliases.map(
      ([n, sources, vendor]): ActorAlias => ({ name: n, sources, ...(vendor ? { vendor } : {}) }),
    ),
    origins: [],
    sectors: [],
    victims: [],
    techniques: [],
    software: [],
    entries: [],
    related: [],
  };
}

const index = new ActorIndex(
  [
    actor(
      'G0001',
      'Alpha Group',
      [
        ['Alpha Group', ['attack']],
        ['Shared One', ['attack']],
        ['Sprocket', ['misp-threat-actor']],
      ],
      true,
    ),
    actor(
      'G0002',
      'Beta Team',
      [
        ['Beta Team', ['attack']],
        ['Shared One', ['attack']],
      ],
      true,
    ),
    actor('ms:gamma-typhoon', 'Gamma Typhoon', [
      ['Gamma Typhoon', ['microsoft'], 'Microsoft'],
      ['Sprocket', ['microsoft']],
    ]),
    actor('misp:1', 'Sprocket', [
      ['Sprocket', ['misp-threat-actor']],
      ['Alpha Group', ['misp-threat-actor']],
    ]),
  ],
  () => new Set(['sprocket']),
  ['sprocket'],
);
const recognizer = new NamingPatternRecognizer([
  {
    vendor: 'Microsoft',
    regex: '^[A-Za-z]+ Typhoon$',
    flags: 'i',
    display: '<Word> Typhoon',
    hint: { origin: 'China', iso2: 'CN' },
    confidence: 'high',
    evidence: 'test',
  },
]);
const resolve = (q: string) => index.resolve(q, recognizer.recognize(q));

describe('ActorIndex', () => {
  it('resolves a name listed for one actor, ignoring case and punctuation', () => {
    expect(resolve('beta-team')).toMatchObject({ kind: 'actor', actor: { id: 'G0002' }, also: [] });
  });

  it('prefers the one actor for which the name is primary, reporting the others', () => {
    const r = resolve('alpha group');
    expect(r).toMatchObject({ kind: 'actor', actor: { id: 'G0001' } });
    if (r.kind === 'actor') expect(r.also.map((l) => l.actor)).toEqual(['misp:1']);
  });

  it('is ambiguous when two actors have equal standing, listing both with sources', () => {
    const r = resolve('Shared One');
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous')
      expect(r.candidates.map((c) => [c.actor, c.sources])).toEqual([
        ['G0001', ['attack']],
        ['G0002', ['attack']],
      ]);
  });

  it('never lets a MISP-only canonical name win over other links', () => {
    const r = resolve('Sprocket');
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.candidates).toHaveLength(3);
  });

  it('returns unlisted with the hint when only a pattern fits', () => {
    expect(resolve('Delta Typhoon')).toMatchObject({
      kind: 'unlisted',
      patterns: [{ hint: { iso2: 'CN' } }],
    });
    expect(resolve('gamma typhoon')).toMatchObject({ kind: 'actor', actor: { id: 'ms:gamma-typhoon' } });
  });

  it('suggests close names for unknown ones', () => {
    expect(resolve('Beta Tem')).toMatchObject({
      kind: 'unknown',
      suggestions: [{ alias: 'Beta Team', actor: 'G0002' }],
    });
  });

  it('flags alias entries', () => {
    const e = index.entries().find((x) => x.key === 'sprocket');
    expect(e).toMatchObject({ ambiguous: true, common_word: true, software_name: true, short: false });
  });
});
