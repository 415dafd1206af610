/**
 * BinXml token and value-type codes (MS-EVEN6 §2.2.12; libyal EVTX format §Token types, §Value types).
 * The 0x40 bit on a token marks "more data follows" (attributes on an element start, further attributes
 * or value parts); the 0x80 bit on a value type marks an array.
 */

export const TOKEN_EOF = 0x00;
export const TOKEN_OPEN_START_ELEMENT = 0x01;
export const TOKEN_CLOSE_START_ELEMENT = 0x02;
export const TOKEN_CLOSE_EMPTY_ELEMENT = 0x03;
export const TOKEN_END_ELEMENT = 0x04;
export const TOKEN_VALUE = 0x05;
export const TOKEN_ATTRIBUTE = 0x06;
export const TOKEN_CDATA_SECTION = 0x07;
export const TOKEN_CHAR_REF = 0x08;
export const TOKEN_ENTITY_REF = 0x09;
export const TOKEN_PI_TARGET = 0x0a;
export const TOKEN_PI_DATA = 0x0b;
export const TOKEN_TEMPLATE_INSTANCE = 0x0c;
export const TOKEN_NORMAL_SUBSTITUTION = 0x0d;
export const TOKEN_OPTIONAL_SUBSTITUTION = 0x0e;
export const TOKEN_FRAGMENT_HEADER = 0x0f;
/** "Has more data" flag on element-start, value, attribute, CDATA, char-ref and entity-ref tokens. */
export const TOKEN_MORE_FLAG = 0x40;

export const TYPE_NULL = 0x00;
export const TYPE_STRING = 0x01;
export const TYPE_ANSI_STRING = 0x02;
export const TYPE_INT8 = 0x03;
export const TYPE_UINT8 = 0x04;
export const TYPE_INT16 = 0x05;
export const TYPE_UINT16 = 0x06;
export const TYPE_INT32 = 0x07;
export const TYPE_UINT32 = 0x08;
export const TYPE_INT64 = 0x09;
export const TYPE_UINT64 = 0x0a;
export const TYPE_REAL32 = 0x0b;
export const TYPE_REAL64 = 0x0c;
export const TYPE_BOOL = 0x0d;
export const TYPE_BINARY = 0x0e;
export const TYPE_GUID = 0x0f;
export const TYPE_SIZE_T = 0x10;
export const TYPE_FILETIME = 0x11;
export const TYPE_SYSTEMTIME = 0x12;
export const TYPE_SID = 0x13;
export const TYPE_HEX_INT32 = 0x14;
export const TYPE_HEX_INT64 = 0x15;
export const TYPE_EVT_HANDLE = 0x20;
export const TYPE_BINXML = 0x21;
export const TYPE_EVT_XML = 0x23;
export const TYPE_ARRAY_FLAG = 0x80;

/** Names of the value types, for error messages and `evtx info`. */
export const VALUE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'NullType',
  1: 'StringType',
  2: 'AnsiStringType',
  3: 'Int8Type',
  4: 'UInt8Type',
  5: 'Int16Type',
  6: 'UInt16Type',
  7: 'Int32Type',
  8: 'UInt32Type',
  9: 'Int64Type',
  10: 'UInt64Type',
  11: 'Real32Type',
  12: 'Real64Type',
  13: 'BoolType',
  14: 'BinaryType',
  15: 'GuidType',
  16: 'SizeTType',
  17: 'FileTimeType',
  18: 'SysTimeType',
  19: 'SidType',
  20: 'HexInt32Type',
  21: 'HexInt64Type',
  32: 'EvtHandle',
  33: 'BinXmlType',
  35: 'EvtXml',
};

/** Human name of a value type code, including the array flag. */
export function valueTypeName(t: number): string {
  const base = VALUE_TYPE_NAMES[t & 0x7f] ?? `0x${(t & 0x7f).toString(16)}`;
  return t & TYPE_ARRAY_FLAG ? `ArrayOf${base}` : base;
}
