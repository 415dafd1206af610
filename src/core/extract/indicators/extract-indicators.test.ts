import { describe, expect, it } from 'vitest';
import { extractIndicators } from './extract-indicators.js';
import type { IndicatorKind, IndicatorSet } from './types.js';
import { WarningListMatcher } from './warning-list-matcher.js';

/** Values reported as threat indicators (not benign, not reference). */
function threats(set: IndicatorSet, kind: IndicatorKind): string[] {
  return set[kind].filter((i) => i.benign === undefined && i.context !== 'reference').map((i) => i.value);
}

function all(set: IndicatorSet, kind: IndicatorKind): string[] {
  return set[kind].map((i) => i.value);
}

describe('extractIndicators: defanged network indicators', () => {
  const text = [
    'The actor used 51.89.181[.]64:8443 and 45.77.12(.)34 as C2, with hxxps://update-check[.]net/gate.php?id=7).',
    'Payloads came from hXXp[:]//185.220.101[.]4/x.exe and cdn[dot]evil-updates{.}com.',
    'Mail was sent from v-society.official@onionmail[.]org and ops[at]protonmail[.]com.',
    'The site vsociethok6sbprvevl4dlwbqrzyhxcxaqpvcqt5belwvsuxaxsutyad[.]onion leaks data; so does badhost . example . org.',
  ].join('\n');
  const set = extractIndicators(text);

  it('refangs values and covers the original spans', () => {
    expect(all(set, 'ipv4')).toEqual(['51.89.181.64', '45.77.12.34']);
    expect(set.ipv4[0]?.port).toBe(8443);
    expect(all(set, 'url')).toEqual(['https://update-check.net/gate.php?id=7', 'http://185.220.101.4/x.exe']);
    expect(all(set, 'domain')).toEqual([
      'cdn.evil-updates.com',
      'vsociethok6sbprvevl4dlwbqrzyhxcxaqpvcqt5belwvsuxaxsutyad.onion',
      'badhost.example.org',
    ]);
    expect(all(set, 'email')).toEqual(['v-society.official@onionmail.org', 'ops@protonmail.com']);
    for (const kind of ['ipv4', 'url', 'domain', 'email'] as const) {
      for (const i of set[kind]) expect(i.defanged).toBe(true);
    }
    const url = set.url[0]!;
    expect(text.slice(url.start, url.end)).toBe('hxxps://update-check[.]net/gate.php?id=7');
    const ip = set.ipv4[1]!;
    expect(text.slice(ip.start, ip.end)).toBe('45.77.12(.)34');
  });

  it('does not list a URL host or an e-mail domain again as a domain', () => {
    expect(all(set, 'domain')).not.toContain('update-check.net');
    expect(all(set, 'domain')).not.toContain('onionmail.org');
    expect(all(set, 'ipv4')).not.toContain('185.220.101.4');
  });
});

describe('extractIndicators: addresses', () => {
  it('reads ports, CIDR prefixes, IPv6 compressed forms, zone ids and bracketed ports', () => {
    const set = extractIndicators(
      'Scans from 203.0.113.0/24 hit 91.215.85.17:4444; v6 C2 [2a03:2880:f12f:83:face:b00c::25de]:443, ' +
        'fe80::1ff:fe23:4567:890a%eth2 and 2001:0db8:85a3::8a2e:0370:7334.',
    );
    expect(set.ipv4.map((i) => [i.value, i.port, i.cidr])).toEqual([
      ['203.0.113.0/24', undefined, 24],
      ['91.215.85.17', 4444, undefined],
    ]);
    expect(set.ipv6.map((i) => [i.value, i.port, i.zone])).toEqual([
      ['2a03:2880:f12f:83:face:b00c::25de', 443, undefined],
      ['fe80::1ff:fe23:4567:890a', undefined, 'eth2'],
      ['2001:0db8:85a3::8a2e:0370:7334', undefined, undefined],
    ]);
  });

  it('marks private, documentation and resolver addresses benign instead of reporting them', () => {
    const set = extractIndicators(
      'Traffic from 10.10.1.5 and 192.168.0.2 to 208.67.222.222, 198.51.100.3 and 2001:db8::1; C2 94.23.1.9.',
    );
    expect(threats(set, 'ipv4')).toEqual(['94.23.1.9']);
    expect(set.ipv4.find((i) => i.value === '10.10.1.5')?.benign).toEqual({ list: 'rfc1918-private' });
    expect(set.ipv4.find((i) => i.value === '208.67.222.222')?.benign).toEqual({ list: 'public-resolver' });
    expect(set.ipv6[0]?.benign).toEqual({ list: 'rfc3849-documentation' });
  });

  it('keeps a defanged resolver as the document wrote it, but never a private address', () => {
    const set = extractIndicators(
      'The implant checks 8[.]8[.]8[.]8 and 208.67.222.222, then 192.168[.]1[.]1.',
    );
    expect(set.ipv4.map((i) => [i.value, i.benign?.list])).toEqual([
      ['8.8.8.8', undefined],
      ['208.67.222.222', 'public-resolver'],
      ['192.168.1.1', 'rfc1918-private'],
    ]);
  });

  it('does not read versions, section numbers, phone numbers or times as addresses', () => {
    const set = extractIndicators(
      'Patched in Windows 10.0.19041.1, version 1.2.3.4 and build 4.4.0.12; see section 2.1.3.4, FortiOS 7.2.0.5. ' +
        'Call +31.20.299.3130 or 866.486.4842 at 12:30:45. OID 1.3.6.1.4.1.311 and std::vector.',
    );
    expect(all(set, 'ipv4')).toEqual([]);
    expect(all(set, 'ipv6')).toEqual([]);
  });
});

describe('extractIndicators: hosts and URLs', () => {
  it('trims trailing punctuation and unbalanced brackets from URLs', () => {
    const set = extractIndicators(
      'Downloads (from https://evil.example.net/a/b.zip), then https://x.bad.io/p?q=(1). Also <https://c2.bad.io/x>.',
    );
    expect(all(set, 'url')).toEqual([
      'https://evil.example.net/a/b.zip',
      'https://x.bad.io/p?q=(1)',
      'https://c2.bad.io/x',
    ]);
  });

  it('reads scheme-less URLs after an address or a host', () => {
    const set = extractIndicators(
      'The loader fetched 182.54.217.2/mdepoy.txt and files.evil-cdn.com/a/b.bin.',
    );
    expect(all(set, 'url')).toEqual(['182.54.217.2/mdepoy.txt', 'files.evil-cdn.com/a/b.bin']);
  });

  it('never reads file names with TLD-like extensions, products or glued sentences as domains', () => {
    const set = extractIndicators(
      'Open invoice.zip and readme.md, run setup.exe and DFSCoerce.py. Built on Node.js and ASP.NET; ' +
        'it was detected.According to reports the following.onion address and U.S. officials.',
    );
    expect(all(set, 'domain')).toEqual([]);
    expect(all(set, 'file')).toEqual(['invoice.zip', 'readme.md', 'setup.exe', 'DFSCoerce.py']);
  });

  it('keeps defanged hosts whose TLD is also an extension as domains', () => {
    const set = extractIndicators('Exfiltration to transfer[.]sh and evil-docs[.]zip.');
    expect(all(set, 'domain')).toEqual(['transfer.sh', 'evil-docs.zip']);
    expect(all(set, 'file')).toEqual([]);
  });

  it('marks brand names in prose benign but keeps them in IOC tables', () => {
    const prose = extractIndicators(
      'Cloud storage such as Mega.nz, Anonfiles.com and File.io was used to exfiltrate data.',
    );
    expect(threats(prose, 'domain')).toEqual([]);
    expect(prose.domain[0]?.benign).toEqual({ list: 'brand-name-in-prose' });
    const table = extractIndicators('Domains:\nMega.nz\nanonfiles.com\n');
    expect(threats(table, 'domain')).toEqual(['Mega.nz', 'anonfiles.com']);
    expect(table.domain[0]?.context).toBe('table');
  });

  it('uses warninglists: benign lists always, popular sites only when written plainly in prose', () => {
    const lists = WarningListMatcher.compile({
      lists: [
        {
          name: 'Top 1000 website from Alexa',
          description: 'popular',
          type: 'hostname',
          matching_attributes: ['domain', 'hostname', 'url'],
          category: 'false-positive',
          entries: ['github.com', 'ipify.org'],
        },
      ],
    });
    const set = extractIndicators(
      'Code on github.com; the bot checks api.ipify[.]org for its address.\nIOCs:\napi.ipify.org\n',
      {
        warningLists: lists,
      },
    );
    expect(threats(set, 'domain')).toEqual(['api.ipify.org']);
    expect(set.domain[0]?.benign).toEqual({ list: 'Top 1000 website from Alexa' });
  });
});

describe('extractIndicators: references, publishers, contacts', () => {
  const text = [
    'China linked to the [Volt Typhoon](https://securityaffairs.com/155797/apt/volt-typhoon-linked-to-kv-botnet.html) campaign.',
    'Follow me on Twitter: [**@securityaffairs**](https://twitter.com/securityaffairs) and [**Mastodon**](https://infosec.exchange/@securityaffairs)',
    'Report incidents to report@cisa.gov or press@unit42.org; see https://www.cisa.gov/news/aa23 for details.',
    'The implant beacons to https://cdn-sync.example-bad.net/api and https://blog.vendor-site.com/archive/post.',
    'References',
    '[1] https://attack.mitre.org/techniques/T1566/',
    'https://research.example-lab.org/2023/report.pdf',
  ].join('\n');
  const set = extractIndicators(text, { documentUrl: 'https://blog.vendor-site.com/2023/10/threat' });

  it('marks citation links, social profiles, government sites, references sections and the publisher as reference', () => {
    const reasons = Object.fromEntries(set.url.map((u) => [u.value, [u.context, u.reason]]));
    expect(reasons).toEqual({
      'https://securityaffairs.com/155797/apt/volt-typhoon-linked-to-kv-botnet.html': [
        'reference',
        'citation-link',
      ],
      'https://twitter.com/securityaffairs': ['reference', 'citation-link'],
      'https://infosec.exchange/@securityaffairs': ['reference', 'citation-link'],
      'https://www.cisa.gov/news/aa23': ['reference', 'government-site'],
      'https://cdn-sync.example-bad.net/api': ['prose', undefined],
      'https://blog.vendor-site.com/archive/post': ['reference', 'publisher-site'],
      'https://attack.mitre.org/techniques/T1566/': ['reference', 'references-section'],
      'https://research.example-lab.org/2023/report.pdf': ['reference', 'references-section'],
    });
    expect(threats(set, 'url')).toEqual(['https://cdn-sync.example-bad.net/api']);
  });

  it('treats plainly written article links and source lines as reference, not IP-hosted paths', () => {
    const s = extractIndicators(
      'Read more at https://www.example-news.net/2024/05/07/us-officials-confront-china and ' +
        'https://blog.example-lab.org/china-linked-apt-volt-typhoon-returns.html.\nSource: https://example-news.net/x\n' +
        'Payloads: https://45.77.1.2/update-windows-defender-now and hxxps://news-today[.]org/2024/05/07/a-b-c-d',
    );
    expect(s.url.map((u) => [u.value, u.reason])).toEqual([
      ['https://www.example-news.net/2024/05/07/us-officials-confront-china', 'article-link'],
      ['https://blog.example-lab.org/china-linked-apt-volt-typhoon-returns.html', 'article-link'],
      ['https://example-news.net/x', 'source-line'],
      ['https://45.77.1.2/update-windows-defender-now', undefined],
      ['https://news-today.org/2024/05/07/a-b-c-d', undefined],
    ]);
  });

  it('treats contact and government mailboxes as reference, not as threat e-mails', () => {
    expect(set.email.map((e) => [e.value, e.reason])).toEqual([
      ['report@cisa.gov', 'government-contact'],
      ['press@unit42.org', 'contact-email'],
    ]);
    expect(threats(set, 'email')).toEqual([]);
  });
});

describe('extractIndicators: hashes and CVEs', () => {
  it('reads MD5, SHA-1 and SHA-256 and skips crypto addresses, imphashes and longer hex', () => {
    const set = extractIndicators(
      [
        'MD5 0cc175b9c0f1b6a831c399e269772661 SHA1 86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8',
        'SHA256: Ab440c4391ea3a01bebbb651c80c27847b58ac928b32d73ed3b19a0b17dd7e75',
        'Imphash: 8acb34bed3caa60cae3f08f75d53f727',
        'Wallet 0x52908400098527886E0F7030069857D2E4169EE7 and tx hash 5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060',
        'Blob 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123',
        'Empty file d41d8cd98f00b204e9800998ecf8427e',
      ].join('\n'),
    );
    expect(all(set, 'md5')).toEqual(['0cc175b9c0f1b6a831c399e269772661', 'd41d8cd98f00b204e9800998ecf8427e']);
    expect(set.md5[1]?.benign).toEqual({ list: 'empty-file' });
    expect(all(set, 'sha1')).toEqual(['86f7e437faa5a7fce15d1ddcb9eaeaea377667b8']);
    expect(all(set, 'sha256')).toEqual(['ab440c4391ea3a01bebbb651c80c27847b58ac928b32d73ed3b19a0b17dd7e75']);
  });

  it('normalises CVE identifiers', () => {
    const set = extractIndicators(
      'PrintNightmare (CVE-2021-34527), cve-2021-1675 and CVE\u20112023\u201044487; not CVE-21-1.',
    );
    expect(all(set, 'cve')).toEqual(['CVE-2021-34527', 'CVE-2021-1675', 'CVE-2023-44487']);
  });
});

describe('extractIndicators: files, paths, registry keys', () => {
  it('reads Windows, UNC, environment and Unix paths and reports the basename', () => {
    const set = extractIndicators(
      'Dropped C:\\Users\\<User>\\AppData\\Local\\Temp\\7D3ED7F1.Zeppelin, \\\\fileserver01\\share$\\tools\\rclone.exe, ' +
        '%TEMP%\\svc_update.ps1, C:\\Program Files (x86)\\Common Files\\helper.dll, /tmp/.x/kinsing.sh and /dev/shm/kdevtmpfsi; ' +
        'see /etc/passwd.',
    );
    expect(set.file.map((f) => [f.value, f.path])).toEqual([
      ['7D3ED7F1.Zeppelin', 'C:\\Users\\<User>\\AppData\\Local\\Temp\\7D3ED7F1.Zeppelin'],
      ['rclone.exe', '\\\\fileserver01\\share$\\tools\\rclone.exe'],
      ['svc_update.ps1', '%TEMP%\\svc_update.ps1'],
      ['helper.dll', 'C:\\Program Files (x86)\\Common Files\\helper.dll'],
      ['kinsing.sh', '/tmp/.x/kinsing.sh'],
      ['kdevtmpfsi', '/dev/shm/kdevtmpfsi'],
    ]);
  });

  it('reads bare file names, appended ransomware extensions and ransom-note titles', () => {
    const set = extractIndicators(
      'A Linux sample named funny_linux.elf drops a ransom note titled !!! ALL YOUR FILES ARE ENCRYPTED !!!.TXT, ' +
        'creates README.txt.v-society, and runs loader.vbs, x.bat, update.jar and svchost.exe.',
    );
    expect(threats(set, 'file')).toEqual([
      'funny_linux.elf',
      '!!! ALL YOUR FILES ARE ENCRYPTED !!!.TXT',
      'README.txt.v-society',
      'loader.vbs',
      'x.bat',
      'update.jar',
    ]);
    expect(set.file.find((f) => f.value === 'svchost.exe')?.benign).toEqual({ list: 'windows-system-file' });
  });

  it('reads quoted file names that hold spaces', () => {
    const set = extractIndicators(
      'The lure \u201cSalary Increase 2024.docx\u201d and "Payment Details.iso"; he said "run setup.exe now".',
    );
    expect(all(set, 'file')).toEqual(['Salary Increase 2024.docx', 'Payment Details.iso', 'setup.exe']);
  });

  it('reads registry keys in long and short hive forms, with spaces inside key names', () => {
    const set = extractIndicators(
      'Creating the HKCU\\Software\\Zeppelin registry key, HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe, ' +
        'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\WinDefend and HKU\\.DEFAULT\\Software\\Classes; ' +
        'PuTTY stores Software\\SimonTatham\\Putty\\Sessions and HKCR\\CLSID\\{0A29FF9E-7F9C-4437-8B11-F424491E3931}.',
    );
    expect(all(set, 'registry')).toEqual([
      'HKCU\\Software\\Zeppelin',
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\WinDefend',
      'HKU\\.DEFAULT\\Software\\Classes',
      'Software\\SimonTatham\\Putty\\Sessions',
      'HKCR\\CLSID\\{0A29FF9E-7F9C-4437-8B11-F424491E3931}',
    ]);
  });
});

describe('extractIndicators: command lines', () => {
  const text = [
    'The actors used ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro" to dump the AD database.',
    'netsh interface portproxy add v4tov4 listenaddress=0.0.0.0 listenport=9999 connectaddress=172.16.0.5 connectport=8443',
    'They then ran wmic process call create "cmd.exe /c vssadmin create shadow /for=C: > C:\\Windows\\Temp\\s.log" remotely.',
    'vssadmin create shadow /for=C:',
    '- net group "Domain Admins" /domain',
    'PS C:\\> powershell.exe -nop -w hidden -ep bypass -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
    'C:\\Windows\\System32\\rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full',
    'The net effect was that ntdsutil was used, and cmd is a shell; net use is common.',
  ].join('\n');
  const set = extractIndicators(text);

  it('reads full command strings as printed', () => {
    expect(all(set, 'commandline')).toEqual([
      'ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro"',
      'netsh interface portproxy add v4tov4 listenaddress=0.0.0.0 listenport=9999 connectaddress=172.16.0.5 connectport=8443',
      'wmic process call create "cmd.exe /c vssadmin create shadow /for=C: > C:\\Windows\\Temp\\s.log"',
      'vssadmin create shadow /for=C:',
      'net group "Domain Admins" /domain',
      'powershell.exe -nop -w hidden -ep bypass -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
      'C:\\Windows\\System32\\rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full',
    ]);
  });

  it('follows continuation lines (cmd ^, PowerShell `, shell \\)', () => {
    const text = 'powershell -nop -w hidden ^\n  -enc SQBFAFgA\nThe end.';
    expect(all(extractIndicators(text), 'commandline')).toEqual([
      'powershell -nop -w hidden ^\n  -enc SQBFAFgA',
    ]);
  });

  it('spans cover the original command text', () => {
    for (const c of set.commandline) expect(text.slice(c.start, c.end)).toBe(c.value);
  });
});

describe('extractIndicators: table and prose context', () => {
  it('tells IOC table rows from running text', () => {
    const set = extractIndicators(
      [
        'Indicators of Compromise',
        'SHA256 | 4a4be110d587421ad50d2b1a38b108fa05f314631066a2e96a1c85cc05814080 | loader',
        'evil-c2[.]com',
        'The loader contacts beacon-relay[.]net over HTTPS every ten minutes to receive tasks.',
      ].join('\n'),
    );
    expect(set.sha256[0]?.context).toBe('table');
    expect(set.domain.map((d) => [d.value, d.context])).toEqual([
      ['evil-c2.com', 'table'],
      ['beacon-relay.net', 'prose'],
    ]);
  });

  it('merges repeated values, keeping every mention and the strongest context', () => {
    const text = 'We saw evil-c2[.]com in the logs and later evil-c2.com again.\nevil-c2[.]com\n';
    const set = extractIndicators(text);
    expect(set.domain).toHaveLength(1);
    expect(set.domain[0]?.mentions).toHaveLength(3);
    expect(set.domain[0]?.context).toBe('table');
    expect(set.domain[0]?.defanged).toBe(true);
  });
});

describe('extractIndicators: adversarial input', () => {
  // Linear-time scanners: each of these 5 MB lines must complete (vitest's timeout catches a hang).
  it.each([
    ['dots and digits', '1.'.repeat(2_500_000)],
    ['dots', '.'.repeat(5_000_000)],
    ['digits', '9'.repeat(5_000_000)],
    ['hex', 'a'.repeat(5_000_000)],
    ['labels', 'a.'.repeat(2_500_000)],
    ['colons', 'ab:'.repeat(1_600_000)],
    ['drive paths', 'C:\\a'.repeat(1_250_000)],
    ['backslashes', '\\\\'.repeat(2_500_000)],
    ['at signs', 'x@'.repeat(2_500_000)],
    ['defang brackets', '[.]'.repeat(1_600_000)],
    ['command names', 'ntdsutil '.repeat(550_000)],
    ['quotes', '"'.repeat(5_000_000)],
    ['registry roots', 'HKLM\\ '.repeat(800_000)],
    ['ransom-note words', `${'!!! '.repeat(1_250_000)}.TXT`],
  ])('%s', (_name, input) => {
    const set = extractIndicators(input);
    expect(Object.keys(set)).toHaveLength(12);
  });
});
