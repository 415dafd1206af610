/**
 * Locates the first JSON syntax error in a text (RFC 8259), for error messages: V8's `JSON.parse` does not
 * always say where it stopped ("Unexpected token '}', … is not valid JSON"). Only run after a parse failed.
 */

/** Where the text stops being JSON. */
export interface JsonSyntaxError {
  /** 0-based character offset. */
  readonly offset: number;
  /** 1-based line and column. */
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

class Fail {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Returns the first syntax error, or undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
  };
  const expect = (lit: string): void => {
    if (text.startsWith(lit, i)) i += lit.length;
    else throw new Fail(i, `expected ${lit}`);
  };
  const str = (): void => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Fail(i, 'control character in string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail(i, 'bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Fail(i, 'bad escape');
      } else i++;
    }
    throw new Fail(i, 'unterminated string');
  };
  const num = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m || m[0].length === 0) throw new Fail(i, 'bad number');
    i += m[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) throw new Fail(i, 'nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Fail(i, 'expected a property name in double quotes');
        str();
        ws();
        if (text[i] !== ':') throw new Fail(i, "expected ':'");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        throw new Fail(i, "expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        throw new Fail(i, "expected ',' or ']'");
      }
    }
    if (c === '"') str();
    else if (c === 't') expect('true');
    else if (c === 'f') expect('false');
    else if (c === 'n') expect('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
    else
      throw new Fail(
        i,
        c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
      );
  };
  try {
    value(0);
    ws();
    if (i < text.length) throw new Fail(i, 'unexpected text after the JSON value');
    return undefined;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const col = e.offset - before.lastIndexOf('\n');
    return { offset: e.offset, line, col, message: e.message };
  }
}
