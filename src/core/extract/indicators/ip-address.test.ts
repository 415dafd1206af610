import { describe, expect, it } from 'vitest';
import { builtinBenignIPv4, formatIPv4, isVersionContext, parseIPv4 } from './ipv4.js';
import { builtinBenignIPv6, formatIPv6, parseIPv6 } from './ipv6.js';

describe('IPv4', () => {
  it('parses dotted quads and rejects invalid or shortened forms', () => {
    expect(formatIPv4(parseIPv4('45.77.12.34') ?? -1)).toBe('45.77.12.34');
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1..2.3', '1.2.3.4a', '']) {
      expect(parseIPv4(bad)).toBeUndefined();
    }
  });

  it('names special-purpose ranges and public resolvers', () => {
    const name = (ip: string) => builtinBenignIPv4(parseIPv4(ip) ?? 0);
    expect(name('10.1.2.3')).toBe('rfc1918-private');
    expect(name('172.31.255.1')).toBe('rfc1918-private');
    expect(name('172.32.0.1')).toBeUndefined();
    expect(name('192.168.1.1')).toBe('rfc1918-private');
    expect(name('100.64.0.1')).toBe('rfc6598-shared');
    expect(name('127.0.0.1')).toBe('loopback');
    expect(name('198.51.100.3')).toBe('rfc5737-documentation');
    expect(name('224.0.0.251')).toBe('multicast');
    expect(name('255.255.255.255')).toBe('limited-broadcast');
    expect(name('8.8.8.8')).toBe('public-resolver');
    expect(name('1.1.1.1')).toBe('public-resolver');
    expect(name('45.77.12.34')).toBeUndefined();
  });

  it('recognises version and section contexts', () => {
    const at = (text: string) => isVersionContext(text, text.indexOf('1.2'));
    expect(at('upgrade to version 1.2.3.4 now')).toBe(true);
    expect(at('Windows 1.2.0.1')).toBe(true);
    expect(at('section 1.2.3.4 of the RFC')).toBe(true);
    expect(at('beacons to 1.2.3.4 every hour')).toBe(false);
    expect(at('C2 server: 1.2.3.4')).toBe(false);
  });
});

describe('IPv6', () => {
  it('parses full, compressed and IPv4-embedded forms and formats RFC 5952 text', () => {
    expect(formatIPv6(parseIPv6('2001:0db8:0000:0000:0000:0000:0000:0001') ?? 0n)).toBe('2001:db8::1');
    expect(formatIPv6(parseIPv6('2607:F8B0:4005:80A::200E') ?? 0n)).toBe('2607:f8b0:4005:80a::200e');
    expect(formatIPv6(parseIPv6('::ffff:192.0.2.1') ?? 0n)).toBe('::ffff:c000:201');
    expect(formatIPv6(parseIPv6('::') ?? 1n)).toBe('::');
    for (const bad of [
      '1::2::3',
      '12345::1',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      'g::1',
      ':1:2:3:4:5:6:7',
    ]) {
      expect(parseIPv6(bad)).toBeUndefined();
    }
  });

  it('names special-purpose ranges', () => {
    const name = (ip: string) => builtinBenignIPv6(parseIPv6(ip) ?? 0n);
    expect(name('2001:db8::1')).toBe('rfc3849-documentation');
    expect(name('fe80::1')).toBe('link-local');
    expect(name('fd12:3456::1')).toBe('unique-local');
    expect(name('::1')).toBe('loopback');
    expect(name('2001:4860:4860::8888')).toBe('public-resolver');
    expect(name('2a03:2880:f12f:83:face:b00c::25de')).toBeUndefined();
  });
});
