import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../app/catalog/index.js';
import { extractReport } from '../index.js';

const catalog = loadCatalog();
const techniques = (text: string) =>
  extractReport(text, { catalog }).techniques.map(
    (t) => `${t.id} ${t.source}${t.original_id ? ` (${t.original_id})` : ''}`,
  );

describe('extractTechniques', () => {
  it('reads ATT&CK table rows and maps deprecated ids to their successor (Unit 42 table)', () => {
    const text =
      'Tactics, Techniques and Procedures\nT1566 Phishing\nT1574.002 DLL Side-Loading\nT1059.001 Command and Scripting Interpreter: Powershell\n';
    expect(techniques(text)).toEqual(['T1059.001 table', 'T1566 table', 'T1574.001 table (T1574.002)']);
  });
  it('reads explicit ids in prose and ignores unknown ones (CISA AA23-059A)', () => {
    const text =
      'The team took a snapshot of lsass.exe [T1003.001] with nanodump. Conducting open-source research [1591.001], it found more. Also T9999.';
    expect(techniques(text)).toEqual(['T1003.001 explicit', 'T1593 inferred']);
  });
  it('infers techniques from command lines, tools and phrasings', () => {
    expect(techniques('They ran ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro".')).toEqual([
      'T1003.003 inferred',
    ]);
    expect(
      techniques('netsh interface portproxy add v4tov4 listenport=9999 connectaddress=10.0.0.1'),
    ).toEqual(['T1090.001 inferred']);
    expect(techniques('vssadmin create shadow /for=C:')).toEqual(['T1003.003 inferred', 'T1490 inferred']);
    expect(techniques('The actor used PowerShell and took screen shots of desktop activity.')).toEqual([
      'T1059.001 inferred',
      'T1113 inferred',
    ]);
  });
  it('does not read ordinary words as techniques', () => {
    expect(techniques('Who is FIN7? The masterminds created updates for the control panel.')).toEqual([]);
  });
  it('reads verb–object behaviour (technique names as reports write them)', () => {
    // Vice Society (Unit 42): Zeppelin's execution details.
    expect(techniques('Creating the HKCU\\Software\\Zeppelin registry key')).toEqual(['T1112 inferred']);
    // CISA AA23-059A: the MDM account elevated to administrator.
    expect(
      techniques(
        'Elevating the selected MDM user’s account privileges to administrator privileges, and more.',
      ),
    ).toEqual(['T1098 inferred']);
    expect(techniques('The actors created a new local administrator account named support.')).toEqual([
      'T1136.001 inferred',
    ]);
    expect(techniques('They installed a malicious service on the domain controller.')).toEqual([
      'T1543.003 inferred',
    ]);
    expect(techniques('The team requested service tickets for every SPN and cracked them offline.')).toEqual([
      'T1558.003 inferred',
    ]);
    expect(techniques('Upon execution, the ransomware binary deletes itself.')).toEqual([
      'T1070.004 inferred',
    ]);
    // A noun alone is not behaviour.
    expect(techniques('The registry holds the service account and the local account names.')).toEqual([]);
  });
  it('does not read tools and behaviour named in advice to defenders as adversary behaviour', () => {
    expect(
      techniques(
        'Reduce the attack surface by limiting the use of tools such as PowerShell, PsExec, and WMI.',
      ),
    ).toEqual([]);
    expect(techniques('Organizations should monitor for new services created on hosts.')).toEqual([]);
    // The adversary's own use, in a sentence of its own, still counts.
    expect(techniques('The actor used PsExec to run the payload on each host.')).toEqual([
      'T1569.002 inferred',
    ]);
  });
  it('adds Obtain Capabilities: Tool when two third-party tools are named as used', () => {
    expect(
      techniques('The team processed the output offline with Mimikatz and captured the TGT with Rubeus.'),
    ).toEqual(['T1003.001 inferred', 'T1558 inferred', 'T1588.002 inferred']);
    expect(techniques('The team processed the output offline with Mimikatz.')).toEqual([
      'T1003.001 inferred',
    ]);
  });
  it('keeps a parent the prose states when its sub-technique is known only from a tool name', () => {
    expect(
      techniques('The implant talks to its command and control servers; the operators use Cobalt Strike.'),
    ).toEqual(['T1071 inferred', 'T1071.001 inferred']);
    expect(techniques('Phishing emails carried a malicious attachment.')).toEqual(['T1566.001 inferred']);
  });
  it('reads discovery, collection and defence-evasion behaviour written as verb and object', () => {
    const cases: [string, string[]][] = [
      ['The loader can download and execute additional payloads from its server.', ['T1105 inferred']],
      ['The implant collects the hostname, OS version and CPU details of the victim.', ['T1082 inferred']],
      ['It obtains a list of running processes on the host.', ['T1057 inferred']],
      ['The backdoor supports directory listings of attached drives.', ['T1083 inferred']],
      ['The operators collected documents from compromised hosts before leaving.', ['T1005 inferred']],
      ['The malware decrypts its embedded configuration at start-up.', ['T1140 inferred']],
      ['The dropper checks for installed antivirus products before running.', ['T1518.001 inferred']],
      ['The DLL was launched with rundll32 from a scheduled script.', ['T1218.011 inferred']],
      ['The ransomware terminates security tools such as Windows Defender first.', ['T1562.001 inferred']],
      ['The stager masquerades as a legitimate Windows update binary.', ['T1036 inferred']],
    ];
    for (const [text, expected] of cases) expect(techniques(text), text).toEqual(expected);
  });
  it('does not take the victim-side or descriptive wording for behaviour', () => {
    expect(techniques('Users were lured into downloading malware-tainted applications.')).toEqual([]);
    expect(techniques('Download the PDF version of this report.')).toEqual([]);
    expect(techniques('The team identified it as a bastion host from architecture documentation.')).toEqual(
      [],
    );
  });
});
