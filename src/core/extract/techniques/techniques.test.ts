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
});
