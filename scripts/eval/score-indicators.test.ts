import { describe, expect, it } from 'vitest';
import { emptyIndicatorSet, type Indicator, type IndicatorSet } from '../../src/core/extract/index.js';
import { indicatorKey, prf, scoreIndicators } from './score-indicators.js';

function ind(value: string, extra: Partial<Indicator> = {}): Indicator {
  return {
    value,
    defanged: false,
    start: 0,
    end: 1,
    context: 'prose',
    mentions: [{ start: 0, end: 1 }],
    ...extra,
  };
}

describe('scoreIndicators', () => {
  it('counts hits, false positives and misses per kind, with neutral and non-threat items left out', () => {
    const predicted: IndicatorSet = emptyIndicatorSet();
    predicted.domain.push(
      ind('Qu5dci2k25x2imgki2dbhcwegqqsqsrjj5d3ugcc5kpsgbtj2psaedqd.onion'),
      ind('nytimes.com'),
      ind('bad.example.org'),
    );
    predicted.file.push(
      ind('x.exe', { path: 'C:\\Temp\\x.exe' }),
      ind('lsass.exe'),
      ind('cmd.exe', { benign: { list: 'windows-system-file' } }),
    );
    predicted.url.push(ind('https://twitter.com/x', { context: 'reference' }));
    predicted.ipv6.push(ind('2001:DB8:0:0::1'));
    const score = scoreIndicators(
      predicted,
      {
        domain: ['qu5dci2k25x2imgki2dbhcwegqqsqsrjj5d3ugcc5kpsgbtj2psaedqd.onion'],
        file: ['x.exe', 'y.dll'],
        ipv6: ['2001:db8::1'],
      },
      { domain: ['nytimes.com'], file: ['lsass.exe'] },
    );
    const byKind = Object.fromEntries(score.perKind.map((k) => [k.kind, k]));
    expect(byKind.domain).toMatchObject({
      tp: 1,
      fp: 1,
      fn: 0,
      falsePositives: ['bad.example.org'],
      neutral: ['nytimes.com'],
    });
    expect(byKind.file).toMatchObject({ tp: 1, fp: 0, fn: 1, missed: ['y.dll'], neutral: ['lsass.exe'] });
    expect(byKind.url).toMatchObject({ tp: 0, fp: 0, fn: 0 });
    expect(byKind.ipv6).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(score.total).toEqual({ tp: 3, fp: 1, fn: 1 });
    expect(prf(score.total).f1).toBeCloseTo(0.75);
  });

  it('scores an empty document with nothing found as perfect', () => {
    expect(prf({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('normalises comparison keys by kind', () => {
    expect(indicatorKey('file', 'C:\\Users\\x\\AppData\\Evil.EXE')).toBe('evil.exe');
    expect(indicatorKey('ipv4', '45.77.12.34:8080')).toBe('45.77.12.34');
    expect(indicatorKey('ipv6', '[2001:0DB8::0001]:443')).toBe('2001:db8::1');
    expect(indicatorKey('url', 'HTTPS://Evil.COM/Path')).toBe('https://evil.com/Path');
    expect(indicatorKey('commandline', 'whoami   /all ')).toBe('whoami /all');
  });
});
