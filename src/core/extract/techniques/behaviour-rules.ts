/**
 * Behaviour rules: ATT&CK technique names turned into the verb–object shapes reports write in prose ("Account
 * Manipulation" ↔ "modified the user's account permissions", "Modify Registry" ↔ "creating the HKCU\…\X registry
 * key", "Create Account: Local Account" ↔ "created a new local administrator account", "Kerberoasting" ↔ "requested
 * service tickets … to crack"). Each rule is a verb family and an object within one sentence (no full stop or line
 * break between them), so a noun alone ("the registry", "accounts") is never evidence. Rules are not read in
 * recommendation sentences (see recommendation.ts): "Create alerts for new services" is advice, not behaviour.
 */

/** One verb–object rule. */
export interface BehaviourRule {
  readonly re: RegExp;
  readonly ids: readonly string[];
  /**
   * Lower-case anchors: every match contains one of them. The rule runs only on windows of text around their
   * occurrences, so a document costs a substring search per anchor plus the rule on a few hundred characters each.
   */
  readonly needles: readonly string[];
}

/** Up to `n` characters of the same sentence (no full stop followed by a space, no line break). */
const gap = (n: number): string => String.raw`(?:[^.\n]|\.(?!\s)){0,${n}}?`;
/** Up to three words between a verb and its object ("the selected MDM user's"). */
const WORDS = String.raw`(?:[\w’'-]+\s+){0,3}?`;

/** Verbs of collecting information about the host. */
const GATHER = `(?:collect(?:s|ed|ing)?|gather(?:s|ed|ing)?|obtain(?:s|ed|ing)?|retriev(?:e|es|ed|ing)|enumerat(?:e|es|ed|ing)|fingerprint(?:s|ed|ing)?|quer(?:y|ies|ied|ying)|identif(?:y|ies|ied|ying)|send(?:s|ing)?|sent|determin(?:e|es|ed|ing)|discover(?:s|ed|ing)?)`;
const CREATE = `(?:creat|add|install|regist)(?:e|es|ed|ing|s)?`;
const MODIFY = `(?:modif(?:y|ies|ied|ying)|manipulat(?:e|es|ed|ing)|elevat(?:e|es|ed|ing)|chang(?:e|es|ed|ing)|alter(?:s|ed|ing)?)`;

function rule(
  source: string,
  ids: readonly string[],
  needles: readonly string[],
  flags = 'gi',
): BehaviourRule {
  return { re: new RegExp(source, flags), ids, needles };
}

/** The rules, each tied to the ATT&CK name it restates. */
export const BEHAVIOUR_RULES: readonly BehaviourRule[] = [
  // Modify Registry: a verb on a registry key or value (a path may sit between them).
  rule(
    String.raw`\b(?:(?:creat|add)(?:e|es|ed|ing|s)?|${MODIFY}|set(?:s|ting)?|writ(?:e|es|ing|ten)|wrote|delet(?:e|es|ed|ing))\s+${gap(80)}\bregistry\s+(?:keys?|values?|entr(?:y|ies))\b`,
    ['T1112'],
    ['registry'],
  ),
  // Account Manipulation: changing an existing account's privileges or permissions.
  rule(
    String.raw`\b${MODIFY}\s+(?:the\s+|an?\s+|their\s+|its\s+)?${WORDS}accounts?(?:['’]s?)?\s+(?:privileges|permissions|rights)\b|\b${MODIFY}\s+(?:the\s+|an?\s+)?${WORDS}accounts?(?:['’]s?)?\s+by\s+adding\b`,
    ['T1098'],
    ['account'],
  ),
  // Account Manipulation: Additional Local or Domain Groups.
  rule(
    String.raw`\badd(?:s|ed|ing)?\s+${WORDS}(?:accounts?|users?)\s+to\s+the\s+(?:local\s+|domain\s+)?(?:administrators|admins|domain admins|enterprise admins|remote desktop users)\s+group\b`,
    ['T1098.007'],
    ['admins group', 'administrators group', 'users group'],
  ),
  // Create Account: Local Account / Domain Account.
  rule(
    String.raw`\bcreat(?:e|es|ed|ing)\s+(?:a\s+|an\s+|new\s+|additional\s+|several\s+|two\s+|three\s+)*local\s+(?:\w+\s+)?accounts?\b`,
    ['T1136.001'],
    ['local'],
  ),
  rule(
    String.raw`\bcreat(?:e|es|ed|ing)\s+(?:a\s+|an\s+|new\s+|additional\s+|several\s+|two\s+|three\s+)*domain\s+(?:\w+\s+)?accounts?\b`,
    ['T1136.002'],
    ['domain'],
  ),
  // Create or Modify System Process: Windows Service.
  rule(
    String.raw`\b(?:${CREATE}|${MODIFY})\s+(?:a\s+|an\s+|new\s+|malicious\s+|the\s+|windows\s+)*services?\b(?!\s+(?:principal|account|provider|desk|pack))`,
    ['T1543.003'],
    ['service'],
  ),
  // Steal or Forge Kerberos Tickets: Kerberoasting (service principal names or service tickets, then cracking).
  rule(
    String.raw`\b(?:service principal names?|SPNs?|service tickets?)\b${gap(100)}\bcrack|\bcrack(?:s|ed|ing)?\b${gap(100)}\b(?:service principal names?|SPNs?|service tickets?)\b`,
    ['T1558.003'],
    ['crack'],
  ),
  // Permission Groups Discovery: Domain Groups.
  rule(
    String.raw`\b(?:quer(?:y|ies|ied|ying)|enumerat(?:e|es|ed|ing)|list(?:s|ed|ing)?|collect(?:s|ed|ing)?|scrap(?:e|es|ed|ing)|gather(?:s|ed|ing)?)\b${gap(60)}\b(?:AD|active directory|domain)\b${gap(40)}\bgroups\b`,
    ['T1069.002'],
    ['groups'],
  ),
  // Application Layer Protocol: Web Protocols (C2 over HTTP/S).
  rule(
    String.raw`\b(?:C2|command[- ]and[- ]control|beacons?|beaconing)\b${gap(40)}\b(?:over|via|using|through)\s+HTTPS?\b|\bHTTPS?\s+(?:protocols?\s+)?(?:for|as)\s+(?:C2|command[- ]and[- ]control)\b`,
    ['T1071.001'],
    ['http'],
  ),
  // Encrypted Channel: encrypting one's own traffic or communications.
  rule(
    String.raw`\bencrypt(?:s|ed|ing)?\s+(?:all\s+|its\s+|their\s+)?(?:C2\s+|command[- ]and[- ]control\s+|network\s+)?(?:traffic|communications?|data in transit)\b`,
    ['T1573'],
    ['encrypt'],
  ),
  // Indicator Removal: File Deletion (a payload deleting itself or its files).
  rule(
    String.raw`\b(?:delet(?:es|ed|ing)|remov(?:es|ed|ing))\s+(?:itself|its\s+own\s+(?:binary|executable|files?))\b|\bself-delet(?:e|es|ed|ing|ion)\b`,
    ['T1070.004'],
    ['itself', 'its own', 'self-delet'],
  ),
  // System Owner/User Discovery.
  rule(String.raw`\bquery\s+user\b`, ['T1033'], ['query']),
  rule(
    String.raw`\b${GATHER}\s+${gap(50)}\b(?:user ?names?|current user|logged[- ]on users?|logged[- ]in users?|account names?)\b`,
    ['T1033'],
    ['username', 'user name', 'current user', 'logged', 'account name'],
  ),
  // Ingress Tool Transfer: downloading tools, payloads or further malware onto the victim.
  rule(
    String.raw`\b(?:download(?:s|ed|ing)?|fetch(?:es|ed|ing)?|deploy(?:s|ed|ing)?)\s+(?:and\s+(?:execut|run|launch|install|activat)\w*\s+)?(?:(?:the|a|an|additional|further|more|other|second-stage|next-stage|malicious|new|its|their|various|several|hacking|[“"'][^”"'\n]{1,20}[”"'])\s+){0,3}(?:files?|payloads?|tools?|modules?|malware|binar(?:y|ies)|executables?|plugins?|backdoors?|implants?|scripts?|components?|ISO files?)\b(?![-‐])`,
    ['T1105'],
    ['download', 'fetch', 'deploy'],
  ),
  rule(
    String.raw`\btransfer(?:s|red|ring)?\s+(?:(?:the|additional|further|other|malicious|its|their|hacking)\s+){0,2}(?:tools|payloads|malware|implants|backdoors)\b`,
    ['T1105'],
    ['transfer'],
  ),
  // System Information Discovery.
  rule(
    String.raw`\b${GATHER}\s+${gap(60)}\b(?:OS version|operating system(?: version| name| type)?|computer names?|host ?names?|system names?|system information|system info|processor|CPU|(?:system|CPU|processor) architecture|(?:system|host) configuration)\b|\bsystem profiling\b`,
    ['T1082'],
    [
      'os version',
      'operating system',
      'computer name',
      'hostname',
      'host name',
      'system name',
      'system info',
      'processor',
      'cpu',
      'architecture',
      'system configuration',
      'host configuration',
      'profiling',
    ],
  ),
  // File and Directory Discovery.
  rule(
    String.raw`\b(?:director(?:y|ies)|file|folder) listings?\b|\b(?:enumerat(?:e|es|ed|ing)|list(?:s|ed|ing)?)\s+(?:the\s+|all\s+)?(?:files|directories|folders)\b|\bsearch(?:es|ed|ing)?\s+for\s+(?:specific\s+|certain\s+)?files\b|\bbrows(?:e|es|ed|ing)\s+(?:the\s+)?file ?systems?\b`,
    ['T1083'],
    ['listing', 'enumerat', 'list', 'search', 'brows'],
  ),
  // Process Discovery.
  rule(
    String.raw`\b(?:running processes|processes running|process list(?:ing)?s?|list of (?:running |active )?processes|enumerat(?:e|es|ed|ing) (?:the )?(?:running |active )?processes)\b`,
    ['T1057'],
    ['processes', 'process list'],
  ),
  // Data from Local System: collecting files or data from the compromised machine itself.
  rule(
    String.raw`\b(?:collect(?:s|ed|ing)?|steal(?:s|ing)?|stole|stolen|gather(?:s|ed|ing)?|harvest(?:s|ed|ing)?|retriev(?:e|es|ed|ing))\s+(?:(?:the|all|specific|sensitive|various)\s+)?(?:data|files|documents)(?:\s+and\s+(?:data|files|documents))?\s+from\s+(?:the\s+|a\s+|its\s+)?(?:local|victim['’]?s?|compromised|infected|targeted|target)\s+(?:\w+\s+)?(?:hosts?|machines?|systems?|computers?|drives?|disks?|file ?systems?|endpoints?)\b`,
    ['T1005'],
    ['collect', 'steal', 'stole', 'gather', 'harvest', 'retriev'],
  ),
  // System Network Configuration Discovery.
  rule(
    String.raw`\b${GATHER}\s+${gap(50)}\b(?:IP (?:and MAC )?address(?:es)?|MAC address(?:es)?|network adapters?|network interfaces?|network configuration)\b`,
    ['T1016'],
    [
      'ip address',
      'ip and mac',
      'mac address',
      'network adapter',
      'network interface',
      'network configuration',
    ],
  ),
  // Deobfuscate/Decode Files or Information.
  rule(
    String.raw`\b(?:decrypt(?:s|ed|ing)?|decod(?:e|es|ed|ing)|deobfuscat(?:e|es|ed|ing)|decompress(?:es|ed|ing)?)\s+(?:(?:its|the|a|an|embedded|encrypted|encoded|obfuscated|compressed|second-stage|next-stage|Base64-encoded|XOR-encoded|RC4-encrypted|AES-encrypted)\s+){0,3}(?:payloads?|strings?|configuration|config|shellcode|modules?|DLLs?|commands?|scripts?|resources?|binar(?:y|ies)|executables?)\b`,
    ['T1140'],
    ['decrypt', 'decod', 'deobfuscat', 'decompress'],
  ),
  // Obfuscated Files or Information: the actor's own payloads, strings or configuration made unreadable.
  rule(
    String.raw`\b(?:encrypt(?:s|ed|ing)?|encod(?:e|es|ed|ing)|obfuscat(?:e|es|ed|ing)|XOR(?:s|ed|ing)?)\s+(?:(?:its|the|their)\s+)?(?:payloads?|strings|configuration|config|shellcode|scripts?)\b|\b(?:encrypted|encoded|obfuscated|packed) (?:payloads?|strings|configuration|config|shellcode|scripts?)\b`,
    ['T1027'],
    ['encrypt', 'encod', 'obfuscat', 'xor', 'packed'],
  ),
  // Software Discovery: Security Software Discovery.
  rule(
    String.raw`\b(?:check(?:s|ed|ing)?|look(?:s|ed|ing)?|search(?:es|ed|ing)?|enumerat(?:e|es|ed|ing)|identif(?:y|ies|ied|ying)|detect(?:s|ed|ing)?|quer(?:y|ies|ied|ying)|discover(?:s|ed|ing)?)\s+(?:for\s+)?(?:the\s+)?(?:presence\s+of\s+)?(?:installed\s+|running\s+)?(?:security (?:software|products|tools|solutions)|anti-?virus(?: software| products)?|AV products|EDR (?:products|software|agents)|endpoint (?:detection|protection|security) (?:products|software|agents))\b`,
    ['T1518.001'],
    [
      'security software',
      'security product',
      'security tool',
      'security solution',
      'antivirus',
      'anti',
      'av product',
      'edr',
      'endpoint detection',
      'endpoint protection',
      'endpoint security',
    ],
  ),
  // Query Registry.
  rule(
    String.raw`\b(?:quer(?:y|ies|ied|ying)|read(?:s|ing)?|check(?:s|ed|ing)?|enumerat(?:e|es|ed|ing))\s+(?:the\s+|a\s+|specific\s+)?registry(?:\s+(?:keys?|values?))?\b|\breg(?:\.exe)?\s+query\b`,
    ['T1012'],
    ['registry', 'reg query', 'reg.exe query'],
  ),
  // Network Share Discovery.
  rule(
    String.raw`\b(?:enumerat(?:e|es|ed|ing)|list(?:s|ed|ing)?|discover(?:s|ed|ing)?|identif(?:y|ies|ied|ying)|scan(?:s|ned|ning)?\s+for)\s+(?:the\s+|all\s+|available\s+|open\s+)*(?:network|SMB|file|remote)\s+shares\b|\bnet(?:\.exe)?\s+share\b`,
    ['T1135'],
    ['shares', 'net share', 'net.exe share'],
  ),
  // Credentials from Password Stores: Credentials from Web Browsers.
  rule(
    String.raw`\b(?:credentials|passwords|logins?)\s+(?:saved\s+|stored\s+)?(?:from|in)\s+(?:the\s+|web\s+|victims?['’]?\s+)*(?:browsers?|Chrome|Firefox|Edge)\b|\bbrowser (?:credentials|passwords)\b`,
    ['T1555.003'],
    ['browser', 'chrome', 'firefox', ' edge'],
  ),
  // Archive Collected Data.
  rule(
    String.raw`\b(?:compress(?:es|ed|ing)?|archiv(?:e|es|ed|ing))\s+(?:the\s+)?(?:collected|stolen|staged|exfiltrated)\s+(?:data|files|documents)\b`,
    ['T1560'],
    ['compress', 'archiv'],
  ),
  // Data Staged: Local Data Staging.
  rule(
    String.raw`\bstag(?:e|es|ed|ing)\s+(?:the\s+)?(?:collected\s+|stolen\s+)?(?:data|files|documents)\s+(?:in|into|to|on)\s+(?:a\s+|the\s+)?(?:local\s+|temporary\s+|hidden\s+)*(?:director(?:y|ies)|folders?)\b`,
    ['T1074.001'],
    ['stag'],
  ),
  // Exfiltration Over C2 Channel.
  rule(
    String.raw`\bexfiltrat(?:e|es|ed|ing)\s+${gap(50)}\b(?:over|via|through|using|to)\s+(?:the\s+|its\s+)?(?:C2|command[- ]and[- ]control)\b`,
    ['T1041'],
    ['exfiltrat'],
  ),
  // Masquerading: a file, process or service disguised as a legitimate one.
  rule(
    String.raw`\b(?:masquerad(?:e|es|ed|ing)|disguis(?:e|es|ed|ing)|pos(?:e|es|ed|ing))\s+(?:itself\s+)?as\s+(?:a\s+|an\s+|the\s+)?(?:legitimate|benign|trusted|genuine|Windows|system)\b`,
    ['T1036'],
    ['masquerad', 'disguis', 'pose ', 'poses', 'posed', 'posing'],
  ),
  rule(
    String.raw`\b(?:named|renamed)\s+${gap(40)}\bto\s+(?:mimic|resemble|impersonate|look like|appear as)\s+(?:a\s+|an\s+|the\s+)?(?:legitimate|benign|Windows|system)\b`,
    ['T1036.005'],
    ['mimic', 'resembl', 'impersonat', 'look like', 'appear as'],
  ),
  // Boot or Logon Autostart Execution: Registry Run Keys / Startup Folder.
  rule(
    String.raw`\\CurrentVersion\\Run(?:Once)?\b|\bstartup folder\b`,
    ['T1547.001'],
    ['currentversion', 'startup folder'],
  ),
  // Native API: Windows API functions named as called.
  rule(
    String.raw`\b(?:[Ww]indows|[Nn]ative|Win32|WinAPI)\s+API(?:s|\s+calls|\s+functions)?\b|\b[A-Z][a-z]+[A-Z][A-Za-z0-9]*(?:\(\))?\`?\s+(?:API|function)\b`,
    ['T1106'],
    ['api', 'function'],
    // Case-sensitive: the function name's capitals are the cue (and keep the match linear).
    'g',
  ),
  // Non-Application Layer Protocol: C2 over raw transport.
  rule(
    String.raw`\b(?:C2|command[- ]and[- ]control|communicat(?:e|es|ed|ing|ions?))\b${gap(40)}\b(?:over|via|using)\s+(?:raw\s+|a\s+custom\s+(?:binary\s+)?(?:protocol\s+over\s+)?)?(?:TCP|UDP|ICMP)\b`,
    ['T1095'],
    ['tcp', 'udp', 'icmp'],
  ),
  // Obfuscated Files or Information: Software Packing.
  rule(
    String.raw`\bUPX(?:-packed)?\b|\bpacked\s+(?:with|using)\s+(?:a\s+|an\s+)?(?:custom\s+)?(?:packer|UPX|\w+)\b`,
    ['T1027.002'],
    ['upx', 'packed'],
  ),
  // Subvert Trust Controls: Code Signing.
  rule(
    String.raw`\b(?:digitally\s+)?signed\s+(?:with|using|by)\s+(?:a\s+|an\s+)?(?:valid\s+|stolen\s+|legitimate\s+|revoked\s+|compromised\s+)?(?:code[- ]signing\s+|digital\s+)certificates?\b`,
    ['T1553.002'],
    ['certificate'],
  ),
  // Hide Artifacts: Hidden Files and Directories.
  rule(
    String.raw`\b(?:set(?:s|ting)?|mark(?:s|ed|ing)?|chang(?:e|es|ed|ing))\s+${gap(40)}\bhidden\s+attribute\b|\battrib(?:\.exe)?\s+\+h\b`,
    ['T1564.001'],
    ['hidden', 'attrib'],
  ),
  // System Time Discovery.
  rule(
    String.raw`\b${GATHER}\s+${gap(40)}\b(?:system time|time ?zone|local time|system date)\b`,
    ['T1124'],
    ['system time', 'time zone', 'timezone', 'local time', 'system date'],
  ),
  // Impair Defenses: Disable or Modify Tools.
  rule(
    String.raw`\b(?:disabl(?:e|es|ed|ing)|terminat(?:e|es|ed|ing)|kill(?:s|ed|ing)?|stop(?:s|ped|ping)?|uninstall(?:s|ed|ing)?|tamper(?:s|ed|ing)?\s+with)\s+${gap(40)}\b(?:anti-?virus|anti-?malware|security (?:software|tools|products|services|solutions)|(?:Windows|Microsoft) Defender|EDR|endpoint (?:detection|protection|security))\b`,
    ['T1562.001'],
    [
      'antivirus',
      'anti',
      'anti-malware',
      'antimalware',
      'security software',
      'security tool',
      'security product',
      'security service',
      'security solution',
      'defender',
      'edr',
      'endpoint detection',
      'endpoint protection',
      'endpoint security',
    ],
  ),
  // Command and Scripting Interpreter: Windows Command Shell.
  rule(String.raw`\bcmd(?:\.exe)?\s+\/[ck]\b`, ['T1059.003'], ['cmd']),
];
