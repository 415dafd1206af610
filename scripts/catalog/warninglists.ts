/**
 * MISP warning lists for the IOC extractor's false-positive filter, compiled verbatim (entries as in each
 * list.json `list`) into warninglists.json.gz. The selection keeps data/ small: special-purpose ranges,
 * resolvers, the 10k-sized top-domain lists, cloud/CDN ranges, vendor endpoints, hash lists and TLDs; it
 * leaves out the 20k–100k top lists, scanners (their IPs are real indicators in some reports), VPN/relay
 * ranges and dynamic-DNS suffixes (malicious infrastructure lives there).
 */
import type { WarningList } from '../../src/core/catalog/index.js';
import type { SourceSet } from './source-reader.js';

export const WARNINGLISTS_INCLUDED: readonly string[] = [
  // special-purpose address ranges and names
  'rfc1918',
  'rfc5735',
  'rfc6598',
  'rfc3849',
  'rfc6761',
  'multicast',
  'ipv6-linklocal',
  // public resolvers
  'public-dns-v4',
  'public-dns-v6',
  'public-dns-hostname',
  // top domains (10k-sized lists only)
  'tranco10k',
  'cisco_top10k',
  'cloudflare-top10k',
  'majestic_million',
  'alexa',
  'moz-top500',
  // cloud and CDN ranges
  'amazon-aws',
  'microsoft-azure',
  'microsoft-azure-china',
  'microsoft-azure-germany',
  'microsoft-azure-us-gov',
  'google-gcp',
  'oracle-oci',
  'cloudflare',
  'akamai',
  'fastly',
  'github',
  'stackpath',
  'bunny-net',
  'zscaler',
  'ovh-cluster',
  'googlebot',
  'google-gmail-sending-ips',
  'apple',
  // vendor endpoints
  'microsoft',
  'microsoft-office365',
  'microsoft-office365-ip',
  'microsoft-office365-cn',
  'microsoft-win10-connection-endpoints',
  'microsoft-attack-simulator',
  'google',
  'crl-hostname',
  'crl-ip',
  'whats-my-ip',
  'captive-portals',
  // well-known non-malicious domains in reports
  'url-shortener',
  'security-provider-blogpost',
  'automated-malware-analysis',
  'sinkholes',
  // hashes
  'common-ioc-false-positive',
  'ti-falsepositives',
  'empty-hashes',
  'eicar.com',
  'mozilla-CA',
  // domain syntax
  'second-level-tlds',
  'tlds',
];

const TYPES = new Set(['cidr', 'hostname', 'string', 'substring', 'regex']);

/** Reads the selected lists; every other list name present is reported as excluded. */
export function buildWarningLists(
  sources: SourceSet,
  available: readonly string[],
): { lists: WarningList[]; excluded: string[] } {
  const lists: WarningList[] = [];
  for (const name of WARNINGLISTS_INCLUDED) {
    const c = sources.json(`misp-warninglists/lists/${name}/list.json`);
    const type = c.get('type').str();
    c.get('type').require(TYPES.has(type), `unknown warning list type "${type}"`);
    lists.push({
      name: c.get('name').str(),
      description: c.get('description').optStr() ?? '',
      type: type as WarningList['type'],
      matching_attributes: c.get('matching_attributes').strList(),
      category: c.get('category').optStr() ?? 'false-positive',
      entries: c.get('list').strList(),
    });
  }
  const included = new Set(WARNINGLISTS_INCLUDED);
  return { lists, excluded: available.filter((n) => !included.has(n)).sort() };
}
