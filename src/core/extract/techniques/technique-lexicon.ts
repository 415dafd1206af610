/**
 * Technique lexicon compiled once per catalog: ATT&CK technique and sub-technique names (and their plural
 * forms), common report phrasings of frequent techniques, tool and LOLBAS binary names with the ATT&CK ids the
 * catalog gives them, and command-line shapes (`ntdsutil … ifm`, `netsh interface portproxy`, `vssadmin create
 * shadow`). Every id is checked against the catalog; revoked ids are replaced by their successor.
 */
import type { Catalog, Technique, TechniqueIndex } from '../../catalog/index.js';
import { PhraseMatcher } from '../text/index.js';
import { BEHAVIOUR_RULES, type BehaviourRule } from './behaviour-rules.js';

/** What a technique phrase means. */
export interface TechniqueCue {
  readonly ids: readonly string[];
  /** `name` (an ATT&CK name), `phrase` (a common phrasing), `tool` (a tool or LOLBAS binary). */
  readonly kind: 'name' | 'phrase' | 'tool';
  /** Number of words of the phrase as the lexicon writes it. */
  readonly words: number;
  /**
   * A third-party tool an adversary has to obtain (ATT&CK software of type tool, not a system binary): two of them
   * named as used add Obtain Capabilities: Tool.
   */
  readonly obtainable?: boolean;
}

function wordCount(phrase: string): number {
  return phrase.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/** Common phrasings of frequent techniques (ATT&CK wording as reports write it). */
const PHRASES: readonly (readonly [string, string])[] = [
  ['phishing email', 'T1566'],
  ['phishing emails', 'T1566'],
  ['phishing campaign', 'T1566'],
  ['phishing attempt', 'T1566'],
  ['spearphishing emails', 'T1566'],
  ['spearphishing email', 'T1566'],
  ['spearphishing methods', 'T1566'],
  ['spearphishing campaign', 'T1566'],
  ['malicious attachment', 'T1566.001'],
  ['attached file', 'T1566.001'],
  ['email attachment', 'T1566.001'],
  ['attachment with embedded malware', 'T1566.001'],
  ['malicious link', 'T1566.002'],
  ['telephone call', 'T1566.004'],
  ['phone call', 'T1566.004'],
  ['vishing', 'T1566.004'],
  ['voice phishing', 'T1566.004'],
  ['open the attachment', 'T1204.002'],
  ['open the attached file', 'T1204.002'],
  ['opened the attachment', 'T1204.002'],
  ['enable macros', 'T1204.002'],
  ['activate the malware', 'T1204.002'],
  ['executed the file', 'T1204.002'],
  ['screen shots', 'T1113'],
  ['screenshots', 'T1113'],
  ['screen captures', 'T1113'],
  ['capture screenshots', 'T1113'],
  ['video recordings', 'T1125'],
  ['keylogger', 'T1056.001'],
  ['keystrokes', 'T1056.001'],
  ['keylogging', 'T1056.001'],
  ['download additional malware', 'T1105'],
  ['download additional tools', 'T1105'],
  ['download additional payloads', 'T1105'],
  ['downloaded additional malware', 'T1105'],
  ['download a wide array of additional malware', 'T1105'],
  ['download and execute a payload', 'T1105'],
  ['downloads additional', 'T1105'],
  ['command and control servers', 'T1071'],
  ['command-and-control servers', 'T1071'],
  ['c2 servers', 'T1071'],
  ['c2 traffic', 'T1071'],
  ['command and control', 'T1071'],
  ['active hosts', 'T1018'],
  ['remote systems', 'T1018'],
  ['live hosts', 'T1018'],
  ['subnets', 'T1016'],
  ['network configuration', 'T1016'],
  ['ntlm relay', 'T1557.001'],
  ['smb relay', 'T1557.001'],
  ['domain admins', 'T1078.002'],
  ['domain admin accounts', 'T1078.002'],
  ['domain administrator accounts', 'T1078.002'],
  ['relay authentication', 'T1557.001'],
  ['llmnr poisoning', 'T1557.001'],
  ['move laterally', 'T1021'],
  ['moved laterally', 'T1021'],
  ['moving laterally', 'T1021'],
  ['spread laterally', 'T1021'],
  ['lateral movement', 'T1021'],
  ['exfiltrate data', 'T1041'],
  ['exfiltrated data', 'T1041'],
  ['data exfiltration', 'T1041'],
  ['exfiltrates data', 'T1041'],
  ['encrypt files', 'T1486'],
  ['encrypted files', 'T1486'],
  ['encrypts files', 'T1486'],
  ['file encryption', 'T1486'],
  ['encrypting files', 'T1486'],
  ['dump credentials', 'T1003'],
  ['credential dumping', 'T1003'],
  ['dumped credentials', 'T1003'],
  ['escalate privileges', 'T1068'],
  ['privilege escalation exploit', 'T1068'],
  ['public-facing applications', 'T1190'],
  ['internet-facing', 'T1190'],
  ['exploited vulnerabilities', 'T1190'],
  ['golden ticket attacks', 'T1558.001'],
  ['golden ticket attack', 'T1558.001'],
  ['kerberoast', 'T1558.003'],
  ['password spray', 'T1110.003'],
  ['password spraying', 'T1110.003'],
  ['brute-force', 'T1110'],
  ['crack the password', 'T1110.002'],
  ['cracked passwords', 'T1110.002'],
  ['crack the user', 'T1110.002'],
  ['bash history', 'T1552.003'],
  ['plaintext credentials', 'T1552.001'],
  ['credentials in files', 'T1552.001'],
  ['password manager', 'T1555.005'],
  ['password managers', 'T1555.005'],
  ['botnet', 'T1584.005'],
  ['soho routers', 'T1584.008'],
  ['compromised routers', 'T1584.008'],
  ['domain fronting', 'T1090.004'],
  ['reverse proxies', 'T1090'],
  ['redirectors', 'T1090.002'],
  ['port proxy', 'T1090.001'],
  ['disable antivirus', 'T1562.001'],
  ['disabling security tools', 'T1562.001'],
  ['disable security tools', 'T1562.001'],
  ['delete shadow copies', 'T1490'],
  ['deleted shadow copies', 'T1490'],
  ['shadow copies', 'T1490'],
  ['clear event logs', 'T1070.001'],
  ['cleared event logs', 'T1070.001'],
  ['clear logs', 'T1070'],
  ['stolen bitcoin', 'T1657'],
  ['cryptocurrency heists', 'T1657'],
  ['cryptocurrency theft', 'T1657'],
  ['heists', 'T1657'],
  ['cash-out', 'T1657'],
  ['financial theft', 'T1657'],
  ['remote desktop', 'T1021.001'],
  ['rdp', 'T1021.001'],
  ['smb beacon', 'T1021.002'],
  ['smb admin shares', 'T1021.002'],
  ['scheduled tasks', 'T1053.005'],
  ['scheduled task', 'T1053.005'],
  ['registry run keys', 'T1547.001'],
  ['run key', 'T1547.001'],
  ['web shell', 'T1505.003'],
  ['webshell', 'T1505.003'],
  ['web shells', 'T1505.003'],
  ['dll hijacking', 'T1574.001'],
  ['dll side-loading', 'T1574.001'],
  ['dll sideloading', 'T1574.001'],
  ['process injection', 'T1055'],
  ['living off the land binaries', 'T1218'],
  ['ntds.dit', 'T1003.003'],
  ['lsass', 'T1003.001'],
  ['lsass.exe', 'T1003.001'],
  ['lsass memory', 'T1003.001'],
  ['sam database', 'T1003.002'],
  ['dcsync', 'T1003.006'],
  ['wmi event subscriptions', 'T1546.003'],
  ['wmi event subscription', 'T1546.003'],
  ['open-source research', 'T1593'],
  ['network connections', 'T1049'],
  ['network service scanning', 'T1046'],
  ['port scanning', 'T1046'],
  ['port scans', 'T1046'],
  ['domain trusts', 'T1482'],
  ['group policy objects', 'T1615'],
  ['email addresses', 'T1589.002'],
];

/** Tools (names as reports write them) and what they are used for. */
const TOOLS: readonly (readonly [string, readonly string[]])[] = [
  ['PowerShell', ['T1059.001']],
  ['cmd.exe', ['T1059.003']],
  ['Windows Command Shell', ['T1059.003']],
  ['command shell', ['T1059.003']],
  ['WMI', ['T1047']],
  ['wmic', ['T1047']],
  ['PsExec', ['T1569.002']],
  ['Mimikatz', ['T1003.001']],
  ['ntdsutil', ['T1003.003']],
  ['nanodump', ['T1003.001']],
  ['procdump', ['T1003.001']],
  ['Rubeus', ['T1558']],
  ['SharpHound', ['T1087.002']],
  ['BloodHound', ['T1087.002']],
  ['AdFind', ['T1087.002']],
  ['dsquery', ['T1087.002']],
  ['ldapsearch', ['T1087.002']],
  ['nltest', ['T1482']],
  ['KeeThief', ['T1555.005']],
  ['Cobalt Strike', ['T1071.001']],
  ['AnyDesk', ['T1219']],
  ['TeamViewer', ['T1219']],
  ['ScreenConnect', ['T1219']],
  ['Atera', ['T1219']],
  ['Splashtop', ['T1219']],
  ['rclone', ['T1567.002']],
  ['MEGAsync', ['T1567.002']],
  ['schtasks', ['T1053.005']],
  ['tasklist', ['T1057']],
  ['systeminfo', ['T1082']],
  ['ipconfig', ['T1016']],
  ['netstat', ['T1049']],
  ['whoami', ['T1033']],
  ['WinRAR', ['T1560.001']],
  ['7-Zip', ['T1560.001']],
  ['VBScript', ['T1059.005']],
  ['VBA macros', ['T1059.005']],
  ['JScript', ['T1059.007']],
  ['vssadmin', ['T1490']],
  ['ngrok', ['T1572']],
];

/** Command-line shapes (regular expressions over the text) and their techniques. */
export const COMMAND_RULES: readonly {
  readonly re: RegExp;
  readonly ids: readonly string[];
  readonly needle: string;
  /** A second literal word of the command line ("user" in `net user … /add`), when there is one. */
  readonly second: string;
}[] = (
  [
    { re: /\bntdsutil(?:\.exe)?\b[^\n]{0,80}?\bifm\b/gi, ids: ['T1003.003'] },
    { re: /\bnetsh(?:\.exe)?\s+interface\s+portproxy\b/gi, ids: ['T1090.001'] },
    { re: /\bvssadmin(?:\.exe)?\s+create\s+shadow\b/gi, ids: ['T1003.003'] },
    { re: /\bvssadmin(?:\.exe)?\s+delete\s+shadows\b/gi, ids: ['T1490'] },
    { re: /\breg(?:\.exe)?\s+save\s+hklm\\(?:sam|system|security)\b/gi, ids: ['T1003.002'] },
    { re: /\bcomsvcs(?:\.dll)?,?\s*#?(?:minidump|24)\b/gi, ids: ['T1003.001'] },
    { re: /\bprocdump(?:64)?(?:\.exe)?\b[^\n]{0,60}\blsass\b/gi, ids: ['T1003.001'] },
    { re: /\bwmic(?:\.exe)?\b[^\n]{0,120}\bprocess\s+call\s+create\b/gi, ids: ['T1047'] },
    { re: /\bschtasks(?:\.exe)?\s+\/create\b/gi, ids: ['T1053.005'] },
    { re: /\bnet1?(?:\.exe)?\s+user\s+\S+\s+\S+\s+\/add\b/gi, ids: ['T1136.001'] },
    { re: /\bnet1?(?:\.exe)?\s+group\s+"?domain admins"?/gi, ids: ['T1069.002'] },
    { re: /\bnltest(?:\.exe)?\s+\/domain_trusts\b/gi, ids: ['T1482'] },
    {
      re: /\bpowershell(?:\.exe)?\b[^\n]{0,40}\s-(?:e|en|enc|encodedcommand)\s/gi,
      ids: ['T1059.001', 'T1027'],
    },
    { re: /\bcertutil(?:\.exe)?\s+-urlcache\b/gi, ids: ['T1105'] },
    { re: /\bwevtutil(?:\.exe)?\s+cl\b/gi, ids: ['T1070.001'] },
    { re: /\bbcdedit(?:\.exe)?\b[^\n]{0,40}recoveryenabled\s+no\b/gi, ids: ['T1490'] },
    { re: /\bnetsh(?:\.exe)?\s+(?:advfirewall\s+)?firewall\s+(?:set|add)\b/gi, ids: ['T1562.004'] },
  ] as const
).map((r) => ({
  ...r,
  needle: (/^\\b([a-z0-9]+)/.exec(r.re.source)?.[1] ?? '').replace(/1$/, ''),
  second: /\\s\+([a-z_]{3,})\\b/.exec(r.re.source.replace(/\(\?:[^)]*\)/g, ''))?.[1] ?? '',
}));

/** ATT&CK names too generic to count as evidence on their own. */
const GENERIC_NAMES = new Set([
  'software',
  'services',
  'server',
  'web protocols',
  'local account',
  'local accounts',
  'domain account',
  'domain accounts',
  'cloud accounts',
  'default accounts',
  'botnet',
  'dns',
  'tool',
  'malware',
  'email accounts',
  'network devices',
  'domains',
  'web services',
  'serverless',
  'virtual private server',
  'code repositories',
  'vulnerabilities',
  'exploits',
  'digital certificates',
  'threat intel vendors',
  'search engines',
  'social media',
  'purchase technical data',
  'ip addresses',
  'identify roles',
  'business relationships',
  'determine physical locations',
  'client configurations',
  'hardware',
  'firmware',
  'dns server',
  'network topology',
  'network trust dependencies',
  'network security appliances',
  'credentials',
  'email addresses',
  'employee names',
  'gather victim identity information',
  'ssh',
  'rootkit',
  'junk data',
  'encrypted channel',
  'data staged',
  'browser extensions',
  'taint shared content',
  'emond',
  'screensaver',
  'systemd timers',
  'cron',
  'at',
  'launchd',
  'proc memory',
  'dynamic resolution',
  'traffic signaling',
  'hidden files and directories',
  'impersonation',
  'trusted relationship',
  'replication through removable media',
  'data destruction',
  'disk wipe',
  'endpoint denial of service',
  'network denial of service',
  'resource hijacking',
  'service stop',
  'system shutdown/reboot',
  'inhibit system recovery',
  'financial theft',
  'masquerading',
  'obfuscated files or information',
  'content injection',
  'input capture',
  'modify registry',
  'valid accounts',
  'phishing',
  'spearphishing via service',
  'exfiltration',
  'automated collection',
  'audio capture',
  'remote access tools',
  'remote access software',
  'python',
  'sharepoint',
  'cloud services',
  'cdns',
  'control panel',
  'multi-factor authentication',
  'confluence',
  'javascript',
  'messaging applications',
  'code signing',
  'whois',
  'updates',
  'adversary-in-the-middle',
  'cloud storage',
  'hybrid identity',
  'network provider dll',
  'print processors',
  'port monitors',
  'time providers',
  'accessibility features',
]);

/** A name the catalog lists only for one technique, after revocation. */
function current(index: TechniqueIndex, id: string): Technique | undefined {
  const t = index.get(id);
  if (!t) return undefined;
  if (t.revoked) return index.successor(t);
  return t;
}

export interface TechniqueLexicon {
  readonly matcher: PhraseMatcher<TechniqueCue>;
  readonly index: TechniqueIndex;
  /** LOLBAS/technique ids per binary stem (lower case). */
  readonly commandRules: typeof COMMAND_RULES;
  /** Verb–object shapes of technique names (behaviour-rules.ts). */
  readonly behaviourRules: readonly BehaviourRule[];
  /** The rules' anchors by the first two letters of their first word: `{ word, rule index }`. */
  readonly behaviourAnchors: ReadonlyMap<string, readonly { readonly word: string; readonly rule: number }[]>;
}

/** Indexes the behaviour rules' anchors by the first two letters of their first word (token keys are letters and digits). */
function indexAnchors(rules: readonly BehaviourRule[]): Map<string, { word: string; rule: number }[]> {
  const out = new Map<string, { word: string; rule: number }[]>();
  for (const [rule, r] of rules.entries()) {
    for (const needle of r.needles) {
      const word = /[a-z0-9]+/.exec(needle)?.[0] ?? '';
      if (word.length < 2)
        throw new Error(`behaviour rule ${r.ids.join(',')}: anchor "${needle}" has no word`);
      const key = word.slice(0, 2);
      const list = out.get(key) ?? [];
      if (!list.some((a) => a.word === word && a.rule === rule)) list.push({ word, rule });
      out.set(key, list);
    }
  }
  return out;
}

/** The plural of the last word ("scheduled task" → "scheduled tasks"). */
function pluralVariants(tokens: readonly string[]): string[][] {
  const last = tokens[tokens.length - 1] ?? '';
  const head = tokens.slice(0, -1);
  if (/\d$/.test(last) || last.endsWith('s') || last.length < 3) return [];
  if (/[^aeiou]y$/.test(last)) return [[...head, `${last.slice(0, -1)}ies`]];
  return [[...head, `${last}s`]];
}

/** Compiles the technique lexicon from the catalog. */
export function compileTechniqueLexicon(catalog: Catalog): TechniqueLexicon {
  const index = catalog.techniques();
  const pairs: [string, TechniqueCue][] = [];
  const byName = new Map<string, Technique[]>();
  for (const t of index.all()) {
    if (t.revoked || t.deprecated || t.domain !== 'enterprise') continue;
    const k = t.name.toLowerCase();
    const list = byName.get(k) ?? [];
    list.push(t);
    byName.set(k, list);
    const parent = t.parent ? index.get(t.parent) : undefined;
    if (parent)
      pairs.push([
        `${parent.name}: ${t.name}`,
        { ids: [t.id], kind: 'name', words: wordCount(`${parent.name} ${t.name}`) },
      ]);
  }
  for (const [name, ts] of byName) {
    if (ts.length !== 1 || GENERIC_NAMES.has(name) || name.length < 4) continue;
    // A one-word name counts only when it is a coined word (PowerShell, DCSync, Kerberoasting), not English.
    const only = ts[0] as Technique;
    if (!/[\s:/]/.test(only.name) && !/^.+\p{Lu}/u.test(only.name) && !/(?:ing|ation)$/.test(name)) continue;
    pairs.push([name, { ids: [only.id], kind: 'name', words: wordCount(name) }]);
  }
  const valid = (ids: readonly string[]): string[] => [
    ...new Set(ids.map((id) => current(index, id)?.id).filter((x): x is string => x !== undefined)),
  ];
  for (const [phrase, id] of PHRASES) {
    const ids = valid([id]);
    if (ids.length > 0) pairs.push([phrase, { ids, kind: 'phrase', words: wordCount(phrase) }]);
  }
  const obtainable = obtainableTools(catalog);
  const listed = new Set<string>();
  for (const [tool, ids] of TOOLS) {
    const ok = valid(ids);
    listed.add(tool.toLowerCase());
    const flag = obtainable.has(tool.toLowerCase()) ? { obtainable: true } : {};
    if (ok.length > 0) pairs.push([tool, { ids: ok, kind: 'tool', words: wordCount(tool), ...flag }]);
  }
  // Other third-party tools ATT&CK lists: no technique of their own here, but they count towards T1588.002.
  // A plain capitalised word ("Empire", "Responder") is too easily English: only coined shapes are added here.
  for (const [key, name] of obtainable)
    if (!listed.has(key) && !/^\p{Lu}\p{Ll}+$/u.test(name))
      pairs.push([name, { ids: [], kind: 'tool', words: wordCount(name), obtainable: true }]);
  // LOLBAS binaries whose ATT&CK ids are specific (capability-only ids such as proxy execution or ADS are left out).
  const CAPABILITY =
    /^(?:T1564\.004|T1218(?:\.\d{3})?|T1105|T1027(?:\.\d{3})?|T1140|T1202|T1127(?:\.\d{3})?|T1216(?:\.\d{3})?|T1048\.003)$/;
  for (const e of catalog.lolbas()) {
    const stem = e.name.toLowerCase().replace(/\.(?:exe|dll)$/, '');
    // A proxy-execution sub-technique named after the binary itself (Rundll32 → T1218.011, MSBuild → T1127.001)
    // is specific: the binary named is that technique.
    const own = e.attack_ids.filter(
      (id) => CAPABILITY.test(id) && index.get(id)?.name.toLowerCase() === stem,
    );
    const ids = valid([...e.attack_ids.filter((id) => !CAPABILITY.test(id)), ...own]);
    if (ids.length === 0) continue;
    // Only the file name: stems are often English words (Update.exe, Register-…); TOOLS lists the usual stems. A
    // stem that is an ATT&CK technique name is a coined word ("rundll32", "regsvr32", "mshta") and is matched too.
    pairs.push([e.name, { ids, kind: 'tool', words: wordCount(e.name) }]);
    if (own.length > 0) pairs.push([stem, { ids, kind: 'tool', words: wordCount(stem) }]);
  }
  const matcher = new PhraseMatcher(pairs, { maxGap: 2, variants: pluralVariants });
  return {
    matcher,
    index,
    commandRules: COMMAND_RULES,
    behaviourRules: BEHAVIOUR_RULES,
    behaviourAnchors: indexAnchors(BEHAVIOUR_RULES),
  };
}

/**
 * ATT&CK software of type tool that an adversary obtains (Mimikatz, Cobalt Strike, Rubeus, AdFind, rclone…), by
 * lower-case name → name as ATT&CK writes it. System binaries are left out: ATT&CK writes them in lower case
 * (`cmd`, `netstat`, `dsquery`) or LOLBAS lists them, and a tool name of under five letters is too easily an
 * ordinary word.
 */
function obtainableTools(catalog: Catalog): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of catalog.softwares().software) {
    if (!s.attack_id || catalog.attackSoftware(s.attack_id)?.type !== 'tool') continue;
    for (const name of [s.name, ...s.aliases]) {
      if (name.length < 5 || !/\p{Lu}/u.test(name)) continue;
      if (catalog.lolbasBinary(name) || catalog.lolbasBinary(`${name}.exe`)) continue;
      out.set(name.toLowerCase(), name);
    }
  }
  return out;
}
