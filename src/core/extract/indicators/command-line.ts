/**
 * Command lines as advisories print them (`ntdsutil "ac i ntds" ifm "create full C:\Windows\Temp\pro"`,
 * `netsh interface portproxy add v4tov4 listenport=… connectaddress=…`, `wmic process call create "…"`,
 * `vssadmin create shadow /for=C:`): a known Windows or Unix command (or a path to an `.exe`) followed by arguments
 * on the same line. Arguments run until a plain English word that cannot be an argument (`to`, `which`, `and`…), a
 * sentence end, or the end of the line; quoted arguments are read whole. A command needs at least one argument
 * that only commands have (a switch, a quoted string, a path, `key=value`, a pipe or redirection) — or, for commands
 * whose names are not English words, two plain sub-command words at the start of a line.
 */

// Commands whose names are not English words: recognised anywhere.
const DISTINCT = `
cmd powershell pwsh rundll32 regsvr32 wmic netsh vssadmin ntdsutil schtasks certutil bitsadmin mshta cscript wscript
msiexec whoami nltest ipconfig systeminfo tasklist taskkill psexec psexec64 paexec wevtutil bcdedit icacls takeown
cacls dsquery adfind procdump procdump64 nanodump mimikatz rubeus sharphound plink nslookup tracert netstat qwinsta
quser klist setspn gpresult findstr forfiles robocopy xcopy makecab esentutl diskshadow wbadmin fsutil sdelete dism
sqlcmd osql regedit csvde ldifde dsget dsmod repadmin nbtstat pktmon tscon mstsc installutil regasm regsvcs msbuild
cmstp odbcconf mavinject curl wget ssh scp chmod chown crontab systemctl iptables ncat socat openssl nohup python
python3 perl ldapsearch impacket-secretsdump secretsdump wmiexec smbexec atexec dcomexec crackmapexec netexec
rclone mega-put winrar 7z 7za rar tar unzip base64 certreq esxcli vim-cmd esxcfg-advcfg ping arp route sc reg net
net1 attrib expand compact cipher at cmdkey csc vbc jsc dnscmd eventvwr extrac32 diantz ieexec infdefaultinstall mmc
msdt pcalua presentationhost rpcping runonce syncappvpublishingserver ttdinject tttracer verclsid xwizard winget wsl
bash zsh certoc cmdl32 msxsl regini scrcons gpscript pnputil ie4uinit dotnet javaw winrm winrs mofcomp appvlp
agentexecutor bginfo cdb dxcap mftrace msdeploy sqldumper sqlps finger tftp hh auditpol wusa dsacls nltest
ntdsaudit vaultcmd cmstp wevtutil lodctr manage-bde tzutil bitsadmin
`;
// Commands that are also English words: only at the start of a line (after a prompt or bullet).
const ENGLISH = new Set(
  'ping arp route sc reg net net1 attrib expand compact cipher at copy move del erase type echo start dir mkdir rmdir find query hostname set tree ver'.split(
    ' ',
  ),
);

const NAMES = DISTINCT.split(/\s+/).filter((n) => n !== '' && !ENGLISH.has(n));

// PowerShell cmdlets (`Get-EventLog`, `Invoke-WebRequest`): an approved verb, a dash and a noun (the original text
// must capitalise both: `set-aside` is prose).
const CMDLET_VERBS =
  'get|set|new|invoke|start|stop|remove|add|copy|move|out|import|export|test|enable|disable|register|write|select|convertto|convertfrom|compress|expand|clear|mount|install|resolve|find';
// Not after a word character, dot, slash or hyphen.
const NOT_AFTER_WORD = '(?<=[^a-z0-9_.\\\\/-]|^)';
const NAME_OR_CMDLET = `(?:${NAMES.sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[-.]/g, '\\$&'))
  .join('|')}|(?:${CMDLET_VERBS})-[a-z]{2,40})(?:\\.exe)?(?=[ \\t])`;
const SOURCE = NOT_AFTER_WORD + NAME_OR_CMDLET;

/**
 * Command names over a lower-cased copy of the text (a case-sensitive alternation is several times faster than a
 * case-insensitive one); `COMMAND_START_ANY_CASE` over the original when lower-casing changed the length. The caller
 * checks the character before (no dot, slash or hyphen) and the case of cmdlets (`isCmdletSpelling`).
 */
export const COMMAND_START = new RegExp(SOURCE, 'g');
export const COMMAND_START_ANY_CASE = new RegExp(SOURCE, 'gi');

for (const n of NAMES)
  if (!/^[a-z0-9][a-z0-9-]*$/.test(n)) throw new Error(`command name "${n}" is not a run of [a-z0-9-]`);
// COMMAND_START_ANY_CASE with `\b` in place of its lookbehind: irregexp scans for a word boundary about twice as fast
// as it evaluates a lookbehind at every position. `\b` admits a superset of the starts (also after `.`, `\`, `/`,
// `-`); `commandNameSpans` drops those. A name is a whole run of [A-Za-z0-9-], so a dropped match ends where its run
// ends and can hide no match the lookbehind form would have found.
const COMMAND_START_AT_BOUNDARY = new RegExp(`\\b${NAME_OR_CMDLET}`, 'gi');
const NOT_AFTER = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.\\/-')
  NOT_AFTER[c.charCodeAt(0)] = 1;

/**
 * Spans (`[start0, end0, start1, end1, …]`) of every COMMAND_START_ANY_CASE match in `text`, in order: the same
 * answer as `COMMAND_START_ANY_CASE.exec` in a loop (and, over lower-cased text, as `COMMAND_START`), about twice as
 * fast.
 */
export function commandNameSpans(text: string): number[] {
  const out: number[] = [];
  const re = COMMAND_START_AT_BOUNDARY;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const before = m.index === 0 ? 32 : text.charCodeAt(m.index - 1);
    if (before < 128 && NOT_AFTER[before] === 1) continue;
    out.push(m.index, m.index + m[0].length);
  }
  return out;
}

/**
 * Lower-case first words of the command names (up to the first `-`) and the cmdlet verbs: a COMMAND_START_ANY_CASE
 * match at the start of a word token has one of these as the token's key (a verb followed by `-`).
 */
export const COMMAND_FIRST_WORDS: ReadonlySet<string> = new Set(NAMES.map((n) => n.split('-')[0] as string));
/** The cmdlet verbs (lower case): first words of a command only when a `-` follows. */
export const CMDLET_VERB_WORDS: ReadonlySet<string> = new Set(CMDLET_VERBS.split('|'));
for (const v of CMDLET_VERB_WORDS)
  if (!/^[a-z]+$/.test(v)) throw new Error(`cmdlet verb "${v}" is not a word`);

const COMMAND_START_STICKY = new RegExp(SOURCE, 'iy');

/**
 * The same spans as `commandNameSpans(text)`, trying COMMAND_START_ANY_CASE only at `starts`: ascending offsets that
 * include the start of every match (as a global scan would: the leftmost match at or after the end of the previous).
 */
export function commandNameSpansAt(text: string, starts: readonly number[]): number[] {
  const out: number[] = [];
  const re = COMMAND_START_STICKY;
  let floor = 0;
  for (const p of starts) {
    if (p < floor) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    if (m === null) continue;
    out.push(p, p + m[0].length);
    floor = p + m[0].length;
  }
  return out;
}

const CMDLET_SHAPE = new RegExp(`^(?:${CMDLET_VERBS})-`, 'i');

/** False for a cmdlet-shaped match not written as PowerShell writes cmdlets (`Verb-Noun`). */
export function isCmdletSpelling(original: string): boolean {
  if (!CMDLET_SHAPE.test(original)) return true;
  return /^[A-Z][a-z]*[A-Z]?[a-z]*-[A-Z]/.test(original) || NAMES.includes(original.toLowerCase());
}

/**
 * Any program written with its `.exe` suffix (`ATBroker.exe /start`, `certoc.exe -LoadDLL …`): found from the
 * literal suffix; the caller reads the name backwards and checks the character before it.
 */
export const EXE_SUFFIX = /\.exe(?=[ \t])/gi;

/** Start of the program name that ends at `dot` (the `.exe` suffix), or -1 when there is none. */
export function exeNameStart(text: string, dot: number): number {
  let s = dot;
  while (s > 0 && dot - s < 64 && /[A-Za-z0-9_.-]/.test(text[s - 1] ?? '')) s--;
  return s < dot && /[A-Za-z0-9]/.test(text[s] ?? '') ? s : -1;
}

/** A line's first word after a bullet, prompt or quote: where English-word commands (`net`, `reg`, `sc`) count. */
export const LINE_HEAD =
  /[ \t]*(?:[-*\u2022\u00b7>$#]|\d+[.)]|PS\s*[A-Za-z]:[^>\n]{0,80}>|[A-Za-z]:\\[^>\n]{0,80}>)?[ \t]*["'`\u201c]?([A-Za-z][A-Za-z0-9]{0,7})(?:\.exe)?(?=[ \t])/y;

const ENGLISH_FIRST = new Set([...ENGLISH].map((n) => n.charCodeAt(0)));

/**
 * Quick test on a line's first character: can an English-word command start this line? (Prose lines start with
 * a capital; prompts start with `P`/`C`/`>`/`$`/`#`, bullets with `-`, `*`, `•` or a digit.)
 */
export function mayStartWithEnglishCommand(c: number): boolean {
  if (c >= 0x61 && c <= 0x7a) return ENGLISH_FIRST.has(c);
  if (c >= 0x41 && c <= 0x5a) return c === 0x50 || c === 0x43;
  return c !== 0x0a;
}

/** True for commands whose names are English words (recognised only at the start of a line). */
export function isEnglishCommand(name: string): boolean {
  return ENGLISH.has(name.toLowerCase());
}

// Plain words that end an unquoted argument list in prose.
const STOP_WORDS = new Set(
  `to and the a an which that then was were is are as this these those command commands tool utility utilities
  when while via using used uses allowing allows so but also it its their they we he she his her our your
  executed ran run runs running launched invoked where who whose with within without into onto from by of
  after before during because if or nor than such like on in at
  has have had can could would will may might should must`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

// What may precede a command on its line for it to count as the line's start: a bullet, a prompt or a label.
const LINE_START_PREFIX =
  /^\s*(?:[-*\u2022\u00b7>$#]|\d+[.)]|PS\s*[A-Za-z]:[^>]{0,80}>|[A-Za-z]:\\[^>]{0,80}>|[A-Za-z][A-Za-z /]{0,30}:)?\s*["'`\u201c]?$/;

export interface CommandMatch {
  readonly start: number;
  readonly end: number;
}

/** A rejected candidate: every command name before `scannedTo` has a subset of its arguments, so is rejected too. */
export interface CommandRejection {
  readonly rejected: true;
  readonly scannedTo: number;
}

function isStrongArg(tok: string): boolean {
  return (
    /^(?:\/|--?)[A-Za-z0-9?]/.test(tok) ||
    /^["'\u201c]/.test(tok) ||
    /[\\=%$|<>&]|:(?!$)/.test(tok) ||
    /^\d+(?:\.\d+){3}(?::\d+)?$/.test(tok) ||
    /\.(?:exe|dll|ps1|bat|cmd|vbs|js|hta|dit|txt|zip|7z|rar|log|dmp|xml|csv|ini|tmp|bin|sh|py)$/i.test(tok)
  );
}

/**
 * Reads the command starting at `start` (the command name matched COMMAND_START up to `nameEnd`).
 * `lineStart` is the offset where the line begins.
 */
export function readCommandLine(
  text: string,
  start: number,
  nameEnd: number,
  lineStart: number,
): CommandMatch | CommandRejection {
  const name = text
    .slice(start, nameEnd)
    .toLowerCase()
    .replace(/\.exe$/, '');
  const atLineStart = start - lineStart <= 120 && LINE_START_PREFIX.test(text.slice(lineStart, start));
  // English-word commands count at the start of a line and written in lower case (`net use`, not `Set up`).
  const written = text.slice(start, nameEnd);
  if (ENGLISH.has(name) && (!atLineStart || written !== written.toLowerCase())) {
    return { rejected: true, scannedTo: nameEnd };
  }
  let lineEnd = text.indexOf('\n', nameEnd);
  if (lineEnd === -1) lineEnd = text.length;
  // Continuation lines: cmd `^`, PowerShell `` ` `` and shell `\` at a line end (up to 10 lines).
  for (
    let n = 0;
    n < 10 && lineEnd < text.length && /[ \t][\^`\\]\r?$/.test(text.slice(lineEnd - 3, lineEnd));
    n++
  ) {
    const next = text.indexOf('\n', lineEnd + 1);
    lineEnd = next === -1 ? text.length : next;
  }
  lineEnd = Math.min(lineEnd, nameEnd + 2000);
  let tokens = 0;
  let i = nameEnd;
  let end = nameEnd;
  let strong = 0;
  let plain = 0;
  while (i < lineEnd && ++tokens <= 64) {
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= lineEnd) break;
    const c = text[i] ?? '';
    let tokEnd: number;
    let quoted = false;
    if (c === '"' || c === "'" || c === '\u201c') {
      const close = c === '\u201c' ? '\u201d' : c;
      const q = text.indexOf(close, i + 1);
      if (q === -1 || q >= lineEnd) break;
      tokEnd = q + 1;
      // A quoted argument may continue without a space (`"a"b`): read to the next space.
      while (tokEnd < lineEnd && text[tokEnd] !== ' ' && text[tokEnd] !== '\t') tokEnd++;
      quoted = true;
    } else {
      tokEnd = i;
      while (tokEnd < lineEnd && text[tokEnd] !== ' ' && text[tokEnd] !== '\t') {
        // An embedded quoted part (`/c "whoami /all"`, `key="a b"`) is read whole.
        const q = text[tokEnd];
        if (q === '"' && tokEnd > i) {
          const close = text.indexOf('"', tokEnd + 1);
          if (close !== -1 && close < lineEnd) {
            tokEnd = close + 1;
            continue;
          }
        }
        tokEnd++;
      }
    }
    const tok = text.slice(i, tokEnd);
    // `netscan.exe | Network scanner` is a table row, not a pipe into another command.
    if (tok === '|' && strong + plain === 0 && /^\s*[A-Z][a-z]/.test(text.slice(tokEnd, tokEnd + 4))) break;
    if (!quoted) {
      const bare = tok.replace(/[.,;:)]+$/, '');
      if (STOP_WORDS.has(bare.toLowerCase())) break;
      // Adverbs (`remotely`, `successfully`) are prose, never arguments.
      if (/^[a-z]{3,}ly$/.test(bare)) break;
      // A capitalised prose word (`The`, `Vice`) ends the command unless it looks like an argument.
      if (/^[A-Z][a-z]+[.,;:]?$/.test(tok) && !isStrongArg(tok)) break;
    }
    const strongTok = quoted || isStrongArg(tok);
    if (strongTok) strong++;
    else plain++;
    end = tokEnd;
    // A sentence end after a plain word or a path closes the command (a comma may separate arguments:
    // `comsvcs.dll, MiniDump`; prose after it ends the command at the next stop word instead).
    if (!quoted && /[.;)]$/.test(tok) && (tokEnd >= lineEnd || text[tokEnd] === ' ')) {
      end = tokEnd - 1;
      while (end > i && /[.,;)]/.test(text[end - 1] ?? '') && !/[\\/]/.test(text[end - 2] ?? '')) end--;
      if (text[tokEnd - 1] === ')' && text.slice(i, tokEnd).includes('(')) end = tokEnd;
      break;
    }
    i = tokEnd;
  }
  if (strong === 0 && !(atLineStart && plain >= 2 && !ENGLISH.has(name)))
    return { rejected: true, scannedTo: i };
  if (end <= nameEnd) return { rejected: true, scannedTo: i };
  let e = end;
  while (e > nameEnd && text[e - 1] === ',') e--;
  // Unbalanced closing quote at the end (the whole command was quoted in prose).
  while (e > nameEnd && /["'\u201d\u2019`]/.test(text[e - 1] ?? '')) {
    const q = text[e - 1] ?? '';
    const opens = text.slice(start, e - 1).split(q === '\u201d' ? '\u201c' : q).length - 1;
    const closes = q === '\u201d' ? text.slice(start, e - 1).split('\u201d').length - 1 : 0;
    if (q === '\u201d' ? opens > closes : opens % 2 === 1) break;
    e--;
  }
  return { start, end: e };
}
