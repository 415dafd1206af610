import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../app/catalog/index.js';
import { extractReport } from '../index.js';

const catalog = loadCatalog();
const sectors = (text: string) =>
  extractReport(text, { catalog }).sectors.map(
    (s) => `${s.naics ?? '-'} ${s.stix_sector ?? '-'} ${s.terms.join('+')}`,
  );

describe('extractSectors', () => {
  it('reads a sector list and ordinary words only in sector context (seed 001, seed 000)', () => {
    expect(
      sectors(
        'the group targeted organizations in the communications, manufacturing, utility, transportation, construction, maritime, government, information technology, and education sectors.',
      ),
    ).toEqual([
      '517 communications communications',
      '31-33 manufacturing manufacturing',
      '221 utilities utility',
      '48-49 transportation transportation',
      '23 construction construction',
      '483 transportation maritime',
      '92 government government',
      '51 technology information technology',
      '61 education education',
    ]);
    expect(
      sectors('maintains persistent access to critical US energy, water, and other infrastructure'),
    ).toEqual(['221 energy energy', '2213 water water']);
    expect(sectors('The water was cold and the news came from the US government.')).toEqual([]);
  });
  it('reads NAICS tag blocks', () => {
    expect(
      sectors('Text.\nRelated Tags:\nNAICS: 921 – Executive\nLegislative\nNAICS: 517 – Telecommunications\n'),
    ).toEqual(['921 government-national NAICS 921', '517 telecommunications NAICS 517']);
  });
});
