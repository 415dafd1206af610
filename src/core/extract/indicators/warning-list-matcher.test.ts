import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeShared, shared } from '../../../../test/shared-data.js';
import { isStormwatchError } from '../../shared/index.js';
import { parseIPv4 } from './ipv4.js';
import { parseIPv6 } from './ipv6.js';
import { isBenignList, type WarningList, WarningListMatcher } from './warning-list-matcher.js';

const IP_ATTRS = ['ip-src', 'ip-dst', 'domain|ip'];
const HOST_ATTRS = ['domain', 'hostname', 'url'];

function list(
  name: string,
  description: string,
  type: WarningList['type'],
  attrs: string[],
  entries: string[],
) {
  return { name, description, type, matching_attributes: attrs, category: 'false-positive', entries };
}

const matcher = WarningListMatcher.compile({
  lists: [
    list('List of RFC 1918 CIDR blocks', 'private (RFC 1918)', 'cidr', IP_ATTRS, [
      '10.0.0.0/8',
      '192.168.0.0/16',
    ]),
    list('List of known Amazon AWS IP address ranges', 'AWS', 'cidr', IP_ATTRS, [
      '3.0.0.0/9',
      '10.1.0.0/16',
      '2600:1f00::/24',
    ]),
    list('List of known IPv6 public DNS resolvers', 'resolvers', 'cidr', IP_ATTRS, ['2001:4860:4860::8888']),
    list('Top 1000 website from Alexa', 'popular', 'hostname', HOST_ATTRS, ['google.com', 'transfer.sh']),
    list('Top 10 000 websites from Cisco Umbrella', 'popular', 'string', HOST_ATTRS, ['api.ipify.org']),
    list(
      'List of known domains used by automated malware analysis services & security vendors',
      'sandboxes',
      'substring',
      HOST_ATTRS,
      ['any.run', 'virustotal'],
    ),
    list(
      'Common contact e-mail addresses',
      'contact e-mail',
      'regex',
      ['email-src'],
      ['/^(security|noc|soc|abuse)\\@.*\\..*$/i'],
    ),
    list(
      'List of known hashes for empty files',
      'empty files',
      'string',
      ['md5', 'sha256'],
      ['d41d8cd98f00b204e9800998ecf8427e'],
    ),
  ],
});

describe('WarningListMatcher', () => {
  it('classifies lists as benign (never threats) or known (popular, may be abused)', () => {
    expect(isBenignList({ name: 'List of RFC 1918 CIDR blocks', description: '', category: '' })).toBe(true);
    expect(
      isBenignList({ name: 'List of known IPv4 public DNS resolvers', description: '', category: '' }),
    ).toBe(true);
    expect(isBenignList({ name: 'Top 10K most-used sites from Tranco', description: '', category: '' })).toBe(
      false,
    );
    expect(isBenignList({ name: 'List of known dynamic DNS domains', description: '', category: '' })).toBe(
      false,
    );
  });

  it('matches IPv4 CIDR ranges by bisection, preferring benign lists over known ones', () => {
    expect(matcher.matchIPv4(parseIPv4('10.1.2.3') ?? 0)).toEqual({
      list: 'List of RFC 1918 CIDR blocks',
      benign: true,
    });
    expect(matcher.matchIPv4(parseIPv4('3.5.1.1') ?? 0)).toEqual({
      list: 'List of known Amazon AWS IP address ranges',
      benign: false,
    });
    expect(matcher.matchIPv4(parseIPv4('3.128.0.1') ?? 0)).toBeUndefined();
    expect(matcher.matchIPv4(parseIPv4('11.0.0.1') ?? 0)).toBeUndefined();
  });

  it('matches IPv6 ranges and single addresses', () => {
    expect(matcher.matchIPv6(parseIPv6('2600:1f00::5') ?? 0n)?.benign).toBe(false);
    expect(matcher.matchIPv6(parseIPv6('2001:4860:4860::8888') ?? 0n)?.benign).toBe(true);
    expect(matcher.matchIPv6(parseIPv6('2001:4860:4860::8844') ?? 0n)).toBeUndefined();
    expect(matcher.matchIpText('192.168.7.7')?.benign).toBe(true);
  });

  it('matches hostnames by label suffix, strings exactly, substrings in one pass', () => {
    expect(matcher.matchHostname('mail.google.com')?.list).toBe('Top 1000 website from Alexa');
    expect(matcher.matchHostname('notgoogle.com')).toBeUndefined();
    expect(matcher.matchHostname('api.ipify.org')?.list).toBe('Top 10 000 websites from Cisco Umbrella');
    expect(matcher.matchHostname('x.api.ipify.org')).toBeUndefined();
    expect(matcher.matchHostname('app.any.run')?.benign).toBe(true);
    expect(matcher.matchUrl('https://www.virustotal.com/gui/file/x', 'www.virustotal.com')?.benign).toBe(
      true,
    );
    expect(matcher.matchUrl('https://transfer.sh/abc/x.bin', 'transfer.sh')?.benign).toBe(false);
  });

  it('matches regex lists (re2js) and hash strings', () => {
    expect(matcher.matchEmail('abuse@example.net')?.benign).toBe(true);
    expect(matcher.matchEmail('attacker@example.net')).toBeUndefined();
    expect(matcher.matchHash('md5', 'D41D8CD98F00B204E9800998ECF8427E')?.benign).toBe(true);
    expect(matcher.matchHash('sha1', 'd41d8cd98f00b204e9800998ecf8427e')).toBeUndefined();
  });

  it('reports bad entries without failing and rejects a wrong structure with a located error', () => {
    const m = WarningListMatcher.compile({
      lists: [list('x', 'x', 'cidr', IP_ATTRS, ['not-a-cidr', '1.2.3.0/24'])],
    });
    expect(m.skipped).toEqual([{ list: 'x', entry: 'not-a-cidr' }]);
    try {
      WarningListMatcher.compile({
        lists: [{ name: 'x', type: 'bogus', entries: [], matching_attributes: [] }],
      });
      expect.unreachable();
    } catch (e) {
      expect(isStormwatchError(e) && e.code === 'warninglists.invalid' && e.location?.path).toBe(
        '$.lists[0].type',
      );
    }
  });
});

describeShared('WarningListMatcher over the MISP warninglists in ../shared', () => {
  const dir = shared('misp-warninglists', 'lists');
  it('compiles every list and classifies real values', () => {
    const lists = readdirSync(dir)
      .filter((n) => existsSync(join(dir, n, 'list.json')))
      .map((n) => {
        const raw = JSON.parse(readFileSync(join(dir, n, 'list.json'), 'utf8'));
        return list(raw.name, raw.description ?? '', raw.type, raw.matching_attributes ?? [], raw.list);
      });
    const m = WarningListMatcher.compile({ lists });
    expect(m.listCount).toBe(lists.length);
    expect(m.matchIpText('8.8.8.8')?.benign).toBe(true);
    expect(m.matchIpText('192.168.0.10')?.benign).toBe(true);
    expect(m.matchIpText('2001:db8::5')?.benign).toBe(true);
    expect(m.matchHostname('api.ipify.org')?.benign).toBe(false);
    expect(m.matchHostname('www.microsoft.com')).toBeDefined();
    expect(m.matchHostname('vsociethok6sbprvevl4dlwbqrzyhxcxaqpvcqt5belwvsuxaxsutyad.onion')).toBeUndefined();
    expect(
      m.matchHash('sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')?.benign,
    ).toBe(true);
    expect(m.matchEmail('security@vendor.example')?.benign).toBe(true);
  });
});
