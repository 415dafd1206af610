/**
 * BinXml tokens that carry no child nodes (MS-EVEN6 §2.2.12): value text, normal and optional substitutions,
 * character and entity references, processing instructions.
 */

import { type Cursor, fail, nameRef, need } from './binxml-cursor.js';
import {
  type BinXmlNode,
  NODE_CHAR_REF,
  NODE_ENTITY_REF,
  NODE_PI,
  NODE_SUBSTITUTION,
  NODE_TEXT,
} from './binxml-node.js';
import { TOKEN_OPTIONAL_SUBSTITUTION, TOKEN_PI_DATA, TYPE_STRING } from './binxml-tokens.js';
import { u16 } from './little-endian.js';
import { utf16 } from './utf16.js';

/** Value text: a length-prefixed UTF-16 string (the only value type defined for it). */
export function parseValueText(c: Cursor): BinXmlNode {
  need(c, 4, 'BinXmlValueText');
  const type = c.b[c.pos + 1]!;
  if (type !== TYPE_STRING) {
    fail(
      c,
      'binxml.bad-value-type',
      `value text of type 0x${type.toString(16)} (only StringType is defined)`,
      'BinXmlValueText.valueType',
      c.pos + 1,
    );
  }
  const n = u16(c.b, c.pos + 2);
  c.pos += 4;
  need(c, n * 2, 'BinXmlValueText.text');
  const text = utf16(c.b, c.pos, n);
  c.pos += n * 2;
  return { k: NODE_TEXT, text };
}

/** A normal or optional substitution: the index of a template value and its declared type. */
export function parseSubstitution(c: Cursor): BinXmlNode {
  need(c, 4, 'BinXmlSubstitution');
  const optional = (c.b[c.pos]! & 0xbf) === TOKEN_OPTIONAL_SUBSTITUTION;
  const index = u16(c.b, c.pos + 1);
  const valueType = c.b[c.pos + 3]!;
  c.pos += 4;
  return { k: NODE_SUBSTITUTION, index, optional, valueType };
}

/** A character reference (`&#N;`). */
export function parseCharRef(c: Cursor): BinXmlNode {
  need(c, 3, 'BinXmlCharRef');
  const code = u16(c.b, c.pos + 1);
  c.pos += 3;
  return { k: NODE_CHAR_REF, code };
}

/** An entity reference (`&name;`). */
export function parseEntityRef(c: Cursor): BinXmlNode {
  c.pos++;
  return { k: NODE_ENTITY_REF, name: nameRef(c, 'BinXmlEntityRef.name') };
}

/** A processing instruction: target name and optional data. */
export function parsePI(c: Cursor): BinXmlNode {
  c.pos++;
  const target = nameRef(c, 'BinXmlPITarget.name');
  let data = '';
  if (c.pos < c.end && c.b[c.pos] === TOKEN_PI_DATA) {
    need(c, 3, 'BinXmlPIData');
    const n = u16(c.b, c.pos + 1);
    c.pos += 3;
    need(c, n * 2, 'BinXmlPIData.text');
    data = utf16(c.b, c.pos, n);
    c.pos += n * 2;
  }
  return { k: NODE_PI, target, data };
}
