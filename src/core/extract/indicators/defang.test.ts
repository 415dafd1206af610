import { describe, expect, it } from 'vitest';
import { isDefanged, originalSpan, refang, refangValue } from './defang.js';

describe('refang', () => {
  it.each([
    ['51.89.181[.]64', '51.89.181.64'],
    ['evil(.)com', 'evil.com'],
    ['evil{.}com', 'evil.com'],
    ['evil[dot]com', 'evil.com'],
    ['evil[DOT]com', 'evil.com'],
    ['evil [.] com', 'evil.com'],
    ['evil . com', 'evil.com'],
    ['hxxp://x.example/a', 'http://x.example/a'],
    ['hXXps://x.example/a', 'https://x.example/a'],
    ['HXXPS://x.example', 'https://x.example'],
    ['https[:]//x.example', 'https://x.example'],
    ['https[://]x.example', 'https://x.example'],
    ['hxxp[:]//x.example[/]a', 'http://x.example/a'],
    ['user[@]onionmail[.]org', 'user@onionmail.org'],
    ['user[at]onionmail[.]org', 'user@onionmail.org'],
    ['user(at)onionmail(.)org', 'user@onionmail.org'],
    ['name [at] evil-domain [dot] com', 'name@evil-domain.com'],
    ['CVE\u20112021\u201034527', 'CVE-2021-34527'],
    ['ev\u200bil.com', 'evil.com'],
  ])('%s → %s', (input, expected) => {
    expect(refangValue(input)).toBe(expected);
  });

  it('leaves a text without defang notations untouched (no copy, no map)', () => {
    const text = 'Plain text with example.com and 1.2.3.4.';
    const r = refang(text);
    expect(r.text).toBe(text);
    expect(r.map).toBeNull();
  });

  it('does not join sentences or touch capitalised words around a spaced dot', () => {
    expect(refangValue('It ended . Then it began')).toBe('It ended . Then it began');
    expect(refangValue('prices (at) noon')).toBe('prices @ noon');
  });

  it('maps refanged spans back to the original text and reports defanging', () => {
    const text = 'C2: hxxps://evil[.]example[.]com/x and clean.example.org';
    const r = refang(text);
    const s = r.text.indexOf('https://');
    const e = r.text.indexOf(' and');
    expect(r.text.slice(s, e)).toBe('https://evil.example.com/x');
    const o = originalSpan(r, s, e);
    expect(text.slice(o.start, o.end)).toBe('hxxps://evil[.]example[.]com/x');
    expect(isDefanged(r, s, e)).toBe(true);
    const c = r.text.indexOf('clean');
    expect(isDefanged(r, c, c + 17)).toBe(false);
  });
});
