/**
 * The benign filter: decides whether an extracted value is a known-benign item — an IANA special-purpose or
 * documentation address, a public resolver, a legitimate Windows system binary the actor merely runs, a warninglist
 * entry from a `benign` list — or a well-known legitimate site named in running text. Benign items are kept in the
 * result with a `benign` mark (never dropped), so callers can show or hide them; scorers and exporters skip them.
 */
import { builtinBenignIPv4 } from './ipv4.js';
import { builtinBenignIPv6 } from './ipv6.js';
import { referenceHostReason } from './reference-context.js';
import type { WarningListMatcher } from './warning-list-matcher.js';

// Windows binaries and system files that reports name as living-off-the-land tools or credential stores.
const SYSTEM_FILES = `
cmd.exe powershell.exe powershell_ise.exe pwsh.exe rundll32.exe regsvr32.exe wmic.exe netsh.exe vssadmin.exe
ntdsutil.exe schtasks.exe reg.exe net.exe net1.exe sc.exe certutil.exe bitsadmin.exe mshta.exe cscript.exe
wscript.exe msiexec.exe whoami.exe nltest.exe ipconfig.exe systeminfo.exe tasklist.exe taskkill.exe wevtutil.exe
bcdedit.exe icacls.exe takeown.exe attrib.exe findstr.exe forfiles.exe robocopy.exe xcopy.exe makecab.exe
esentutl.exe diskshadow.exe wbadmin.exe fsutil.exe dism.exe regedit.exe csvde.exe ldifde.exe dsquery.exe
nbtstat.exe netstat.exe nslookup.exe ping.exe tracert.exe arp.exe route.exe qwinsta.exe quser.exe klist.exe
setspn.exe gpresult.exe mstsc.exe tscon.exe installutil.exe regasm.exe regsvcs.exe msbuild.exe cmstp.exe
odbcconf.exe mavinject.exe explorer.exe svchost.exe lsass.exe lsm.exe services.exe winlogon.exe wininit.exe
csrss.exe smss.exe spoolsv.exe taskhost.exe taskhostw.exe dllhost.exe conhost.exe wmiprvse.exe searchindexer.exe
sihost.exe ctfmon.exe userinit.exe logonui.exe dwm.exe audiodg.exe notepad.exe calc.exe mspaint.exe winword.exe
excel.exe powerpnt.exe outlook.exe msedge.exe iexplore.exe chrome.exe firefox.exe w3wp.exe sqlservr.exe
comsvcs.dll kernel32.dll ntdll.dll user32.dll advapi32.dll shell32.dll ws2_32.dll wininet.dll winhttp.dll
crypt32.dll dbghelp.dll dbgcore.dll mscoree.dll clr.dll amsi.dll msvcrt.dll ole32.dll oleaut32.dll secur32.dll
samlib.dll netapi32.dll wldap32.dll bcrypt.dll ncrypt.dll rpcrt4.dll sspicli.dll lsasrv.dll wdigest.dll
kerberos.dll msv1_0.dll tspkg.dll ntds.dit sam system security ntuser.dat usrclass.dat hosts pagefile.sys
hiberfil.sys swapfile.sys
`;

const SYSTEM_FILE_SET: ReadonlySet<string> = new Set(SYSTEM_FILES.split(/\s+/).filter((f) => f !== ''));

/** Benign mark for a file name, or `undefined`. `extra` adds names (e.g. LOLBAS binaries from the catalog). */
export function benignFileName(
  name: string,
  extra: ReadonlySet<string> | undefined,
  lists: WarningListMatcher | undefined,
): string | undefined {
  const lower = name.toLowerCase();
  if (SYSTEM_FILE_SET.has(lower) || extra?.has(lower)) return 'windows-system-file';
  const hit = lists?.matchFileName(name);
  return hit?.benign ? hit.list : undefined;
}

/** Benign mark for an IPv4 address: built-in special-purpose ranges first, then benign warninglists. */
export function benignIPv4(ip: number, lists: WarningListMatcher | undefined): string | undefined {
  const builtin = builtinBenignIPv4(ip);
  if (builtin !== undefined) return builtin;
  const hit = lists?.matchIPv4(ip);
  return hit?.benign ? hit.list : undefined;
}

/** Benign mark for an IPv6 address. */
export function benignIPv6(ip: bigint, lists: WarningListMatcher | undefined): string | undefined {
  const builtin = builtinBenignIPv6(ip);
  if (builtin !== undefined) return builtin;
  const hit = lists?.matchIPv6(ip);
  return hit?.benign ? hit.list : undefined;
}

// RFC 2606 / RFC 6761 reserved names, always examples.
const RESERVED_DOMAIN =
  /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost|local|localdomain|home\.arpa)$/i;

/**
 * Benign mark for a host: reserved example names, benign warninglists, and — in running text, written plainly —
 * a well-known legitimate site (a `known` warninglist match). A defanged host, or one in an IOC table, is the
 * document's own indicator even when the site is popular (reports list abused services such as `transfer.sh`).
 */
export function benignHost(
  host: string,
  lists: WarningListMatcher | undefined,
  plainProse: boolean,
): string | undefined {
  if (RESERVED_DOMAIN.test(host)) return 'rfc2606-reserved-name';
  if (plainProse) {
    const ref = referenceHostReason(host);
    if (ref !== undefined) return ref;
  }
  const hit = lists?.matchHostname(host);
  if (hit === undefined) return undefined;
  return hit.benign || plainProse ? hit.list : undefined;
}
