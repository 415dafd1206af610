import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../app/catalog/index.js';
import { extractReport } from '../index.js';

const catalog = loadCatalog();
const targeted = (text: string) => extractReport(text, { catalog }).countries_targeted.map((c) => c.code);

describe('countries targeted', () => {
  it('reads victim phrases and continues lists (Unit 42 Vice Society)', () => {
    expect(
      targeted(
        'The group has infected organizations based in all regions, with the largest numbers in the U.S., followed by the U.K., Spain, France, Brazil, Germany and Italy.',
      ),
    ).toEqual(['US', 'GB', 'ES', 'FR', 'BR', 'DE', 'IT']);
    expect(
      targeted('Volt Typhoon infiltrated critical infrastructure organizations in the U.S. and Guam.'),
    ).toEqual(['US', 'GU']);
  });
  it('keeps attributed countries and claimants apart from targets', () => {
    expect(targeted('US officials accused the Chinese government of supporting the attacks.')).toEqual([]);
    expect(
      targeted(
        "China's Foreign Ministry said the US is fabricating false claims about cyberattacks on the US.",
      ),
    ).toEqual([]);
  });
});
