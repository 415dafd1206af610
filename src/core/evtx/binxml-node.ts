/**
 * The parsed form of BinXml: a small immutable node tree. Template definitions are parsed into this form
 * once per chunk, or once per log when their copies in later chunks prove identical (template-cache.ts), and
 * every record instantiates them with its own substitution values (compiled plans, or binxml-render.ts): the
 * token stream is never re-read per record.
 */

export const NODE_ELEMENT = 1;
export const NODE_TEXT = 2;
export const NODE_CDATA = 3;
export const NODE_CHAR_REF = 4;
export const NODE_ENTITY_REF = 5;
export const NODE_PI = 6;
export const NODE_SUBSTITUTION = 7;
export const NODE_TEMPLATE_INSTANCE = 8;

/** An element: name, attributes and content. */
export interface ElementNode {
  readonly k: typeof NODE_ELEMENT;
  readonly name: string;
  readonly attrs: readonly AttributeNode[];
  readonly children: readonly BinXmlNode[];
}

/** An attribute; its value is a sequence of text / substitution / reference nodes. */
export interface AttributeNode {
  readonly name: string;
  readonly value: readonly BinXmlNode[];
}

/** Value text (BinXmlValueText). */
export interface TextNode {
  readonly k: typeof NODE_TEXT;
  readonly text: string;
}

/** CDATA section. */
export interface CDataNode {
  readonly k: typeof NODE_CDATA;
  readonly text: string;
}

/** Character entity reference (`&#38;`). */
export interface CharRefNode {
  readonly k: typeof NODE_CHAR_REF;
  readonly code: number;
}

/** Entity reference (`&amp;`). */
export interface EntityRefNode {
  readonly k: typeof NODE_ENTITY_REF;
  readonly name: string;
}

/** Processing instruction (PI target + PI data). */
export interface PINode {
  readonly k: typeof NODE_PI;
  readonly target: string;
  readonly data: string;
}

/** Normal (0x0d) or optional (0x0e) substitution of template value `index`. */
export interface SubstitutionNode {
  readonly k: typeof NODE_SUBSTITUTION;
  readonly index: number;
  readonly optional: boolean;
  readonly valueType: number;
}

/** A template instance: a compiled definition plus this instance's values. */
export interface TemplateInstanceNode {
  readonly k: typeof NODE_TEMPLATE_INSTANCE;
  readonly template: TemplateDefinition;
  readonly values: TemplateValues;
}

export type BinXmlNode =
  | ElementNode
  | TextNode
  | CDataNode
  | CharRefNode
  | EntityRefNode
  | PINode
  | SubstitutionNode
  | TemplateInstanceNode;

/** A template definition as one chunk sees it: its offset there, its identifier and parsed content (shared). */
export interface TemplateDefinition {
  /** Chunk-relative offset of the definition. */
  readonly offset: number;
  /** Template identifier (GUID). */
  readonly guid: string;
  readonly root: readonly BinXmlNode[];
  /**
   * Renderers compiled from this definition on first use (see plan-cache.ts); `null` when the template
   * has a shape the compiled form does not cover and the generic walker must be used.
   */
  plans?: { flat?: unknown; json?: unknown } | undefined;
}

/**
 * One template instance's substitution values: descriptors (type, size) and chunk offsets of the value
 * data. Values are decoded only when rendered, straight from the chunk bytes.
 */
export interface TemplateValues {
  readonly ctx: ChunkContext;
  readonly count: number;
  /**
   * Chunk offset of the value descriptors (`count` × size u16, type u8, padding u8): types and sizes are read
   * from there (see `valueType`, `valueSize`), not copied into arrays for every record.
   */
  readonly desc: number;
  /** Chunk offset of each value's data, then the offset just past the last value (`count + 1` entries). */
  readonly offsets: readonly number[];
  /** Parsed embedded BinXml values (type 0x21), filled on first use. */
  binxml: (readonly BinXmlNode[] | undefined)[] | undefined;
}

/** Limits that keep hostile input from exhausting the stack, CPU or memory. */
export interface EvtxLimits {
  /** Maximum nesting of elements, template instances and embedded BinXml. */
  readonly maxDepth: number;
  /** Maximum rendered nodes (elements + values) per record, against template/BinXml expansion bombs. */
  readonly maxNodesPerRecord: number;
}

/**
 * Per-chunk parsing state: the chunk bytes (all BinXml offsets are chunk-relative), the string table
 * (names by offset) and the template table (compiled definitions by offset), plus safety limits.
 */
export interface ChunkContext {
  /** The chunk's bytes (64 KiB, or less for a truncated tail); offsets are relative to its start. */
  readonly bytes: Uint8Array;
  /** File offset of `bytes[0]`, used only for error locations. */
  readonly fileOffset: number;
  readonly names: Map<number, string>;
  /** Compiled templates by definition offset; `null` marks a definition being compiled (cycle guard). */
  readonly templates: Map<number, TemplateDefinition | null>;
  readonly limits: EvtxLimits;
  /**
   * Set while carving, when a record may point at template definitions written over since: then a template
   * instance must name the definition it points at (its template id equal to the first 4 bytes of the
   * definition's GUID).
   */
  carving: boolean;
}
