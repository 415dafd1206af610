import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../app/catalog/index.js';
import { extractReport } from '../index.js';

const catalog = loadCatalog();
const claims = (text: string, url?: string) =>
  extractReport(text, { catalog }, url ? { url } : {}).attribution_claims.map(
    (c) =>
      `${c.claimant} | ${c.stance} | ${c.actor} → ${c.attributed_to.code}${c.implicit ? ' (implicit)' : ''}`,
  );

describe('extractClaims', () => {
  it('reads an accusation and the accused state denying it across a "but" clause (seed 000)', () => {
    const text =
      'US officials confront China over Volt Typhoon cyberattacks\n\n' +
      'The group is understood to have links to China, but the Chinese government unsurprisingly says the allegations are false.';
    expect(claims(text)).toEqual([
      'US officials | asserts | Volt Typhoon → CN',
      'Chinese government | denies | Volt Typhoon → CN',
    ]);
  });

  it('reads an indirect admission as tacit (seed 001)', () => {
    const text =
      'According to the Wall Street Journal, at a December Geneva summit, Chinese officials indirectly admitted to Volt Typhoon cyberattacks on U.S. infrastructure, reportedly linked to U.S. Taiwan support.';
    expect(claims(text)).toEqual(['Chinese officials | tacit-admission | Volt Typhoon → CN']);
  });

  it("takes the publisher's own attribution as reports in news (seed 001)", () => {
    const text =
      'At the Geneva summit, U.S. officials learned of China’s aggressive Salt Typhoon cyber operations, which targeted telecom networks.';
    expect(claims(text, 'https://securityaffairs.com/x')).toEqual([
      'securityaffairs.com | reports | Salt Typhoon → CN',
    ]);
  });

  it('reads a rebuttal: the denial and the accuser it names (CNCERT, seed 004)', () => {
    const text =
      'China has rebutted the accusations made by the US against the Chinese group known as Volt Typhoon, dismissing claims that the group is sponsored by the Chinese government.';
    expect(claims(text)).toEqual([
      'China | denies | Volt Typhoon → CN',
      'United States | asserts | Volt Typhoon → CN (implicit)',
    ]);
  });

  it('finds the actor of a sentence that only refers back to it, when the catalog origin agrees', () => {
    const text =
      'The U.S. Justice Department announced on Wednesday that it took down a Chinese state-sponsored botnet that operated on Cisco routers. The Justice Department stated that Volt Typhoon had spread the botnet.';
    expect(claims(text)).toEqual(['U.S. Justice Department | asserts | Volt Typhoon → CN']);
    // "Russian … groups" are other groups, not Volt Typhoon (a China-nexus actor).
    expect(
      claims(
        'Volt Typhoon maintains access. Other groups, with Russian and Iranian groups, tested pipelines.',
      ),
    ).toEqual([]);
  });

  it('does not read targets or unrelated links as attribution', () => {
    expect(claims('Volt Typhoon attacked US infrastructure and networks in the United States.')).toEqual([]);
    expect(
      claims(
        'The report names two companies in relation to Volt Typhoon, alleging that they are linked to the US government.',
      ),
    ).toEqual([]);
  });

  it('handles negation, organs of a state and spokespeople', () => {
    expect(claims('Microsoft has not linked Volt Typhoon to China.')).toEqual([]);
    expect(
      claims(
        "Microsoft attributed the campaign to Midnight Blizzard, a threat actor linked to Russia's Foreign Intelligence Service (SVR).",
      ),
    ).toEqual(['Microsoft | asserts | APT29 → RU']);
    expect(
      claims(
        'A spokesperson for the Chinese Embassy in Washington said China "firmly opposes all forms of cyberattacks" and rejected claims it was behind Salt Typhoon.',
      ),
    ).toEqual(['Chinese Embassy | denies | Salt Typhoon → CN']);
  });
});
