import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../app/catalog/index.js';
import { extractReport } from '../index.js';

const catalog = loadCatalog();
const actors = (text: string) => extractReport(text, { catalog }).actors;

describe('extractActors', () => {
  it('resolves aliases to the canonical actor and lists the names used (tag block included)', () => {
    const text =
      'China admitted to Volt Typhoon cyberattacks.\nRelated Tags:\nDEV-0391\nUNC3236\nVoltzite\nVanguard Panda\n';
    expect(actors(text).map((a) => [a.name, a.attack_id, a.aliases_mentioned, a.role])).toEqual([
      ['Volt Typhoon', 'G1017', ['DEV-0391', 'UNC3236', 'Voltzite', 'Vanguard Panda'], 'subject'],
    ]);
  });
  it('marks actors named only in related-article links as mentioned', () => {
    const text =
      'Volt Typhoon hit US utilities.\nRead more\nChinese cybersecurity firm hit by US sanctions over ties to Flax Typhoon hacking group\n';
    expect(actors(text).map((a) => [a.name, a.role])).toEqual([
      ['Volt Typhoon', 'subject'],
      ['Flax Typhoon', 'mentioned'],
    ]);
  });
  it('does not take malware or tool names for actors (DOJ FIN7 fact sheet, CISA AA23-059A)', () => {
    expect(
      actors('Among other tools, FIN7 incorporated and adapted the notorious Carbanak malware.').map(
        (a) => a.name,
      ),
    ).toEqual(['FIN7']);
    expect(actors("The red team sent traffic to the team's Cobalt Strike servers.")).toEqual([]);
  });
  it('merges names the text declares as one actor ("also known as")', () => {
    const text =
      "The alert focuses on the DPRK's TraderTraitor-affiliated actors, also known as Lazarus Group and APT38.";
    const a = actors(text);
    expect(a).toHaveLength(1);
    expect(a[0]?.name).toBe('Lazarus Group');
    expect(a[0]?.aliases_mentioned).toEqual(['TraderTraitor', 'APT38']);
  });
  it('reports names that only fit a vendor naming pattern as unlisted, with the hint', () => {
    const a = actors('Microsoft now tracks the cluster as Quartz Typhoon, a new group.');
    expect(a.map((x) => [x.name, x.attack_id, x.unlisted?.vendor])).toEqual([
      ['Quartz Typhoon', null, 'Microsoft Threat Intelligence'],
    ]);
  });
  it('needs case and context for common-word aliases', () => {
    expect(actors('The lotus flower and a cobalt-blue sky.')).toEqual([]);
  });
  describe('groups named after their malware (the catalog lists the name only as software)', () => {
    const rows = (text: string) => actors(text).map((a) => [a.name, a.attack_id, a.software ?? null]);
    it('reads the name as a group where a group word ties it to people', () => {
      expect(rows('The LockBit gang claimed the attack on the port.')).toEqual([
        ['LockBit', null, 'LockBit'],
      ]);
      expect(rows('Affiliates of Conti used stolen credentials.')).toEqual([['Conti', null, 'Conti']]);
      expect(rows('Hive ransomware operators demanded $1 million.')).toEqual([['Hive', null, 'Hive']]);
      // Vice Society report (Unit 42): a comparison list of groups.
      expect(
        rows(
          'Unlike many other ransomware groups such as LockBit that follow a typical RaaS model, it differs.',
        ),
      ).toEqual([['LockBit', null, 'LockBit']]);
    });
    it('keeps the other mentions of that group, not its payload', () => {
      const a = actors(
        'The LockBit gang struck again. Later, LockBit leaked the data. LockBit ransomware ran.',
      );
      expect(a.map((x) => [x.name, x.mentions.length])).toEqual([['LockBit', 2]]);
    });
    it('leaves payloads, tools and demonyms alone', () => {
      expect(actors('The sample was a LockBit ransomware payload dropped by the loader.')).toEqual([]);
      expect(actors('Cobalt Strike operators are everywhere.')).toEqual([]);
      expect(rows('North Korean hackers stole bitcoin.')).toEqual([]);
    });
    it('prefers the ATT&CK group where ATT&CK has one', () => {
      expect(rows('BlackByte actors exploited ProxyShell.')).toEqual([['BlackByte', 'G1043', null]]);
    });
  });
});
