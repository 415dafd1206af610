import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax.js';

describe('findJsonSyntaxError', () => {
  it('accepts valid JSON', () => {
    for (const t of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0'])
      expect(findJsonSyntaxError(t)).toBeUndefined();
  });

  it('locates the first error with line and column', () => {
    expect(findJsonSyntaxError('{"a": [1,}')).toMatchObject({ offset: 9, line: 1, col: 10 });
    expect(findJsonSyntaxError('[\n  {"x": 1,,}\n]')).toMatchObject({
      line: 2,
      col: 11,
      message: expect.stringContaining('property name'),
    });
    expect(findJsonSyntaxError('{"a": 1} x')).toMatchObject({
      offset: 9,
      message: 'unexpected text after the JSON value',
    });
    expect(findJsonSyntaxError('{"a": "unterminated')).toMatchObject({ message: 'unterminated string' });
    expect(findJsonSyntaxError('{"a": tru}')).toMatchObject({ offset: 6, message: 'expected true' });
    expect(findJsonSyntaxError('')).toMatchObject({ offset: 0, message: 'unexpected end of input' });
  });

  it('agrees with JSON.parse on what is valid', () => {
    const samples = [
      '{"a":01}',
      '[1 2]',
      '{"a" 1}',
      '["\\x"]',
      '[1,]',
      '{"a":1,}',
      '-',
      '1.',
      '.5',
      '[[[]]]',
    ];
    for (const t of samples) {
      let ok = true;
      try {
        JSON.parse(t);
      } catch {
        ok = false;
      }
      expect(findJsonSyntaxError(t) === undefined, t).toBe(ok);
    }
  });
});
