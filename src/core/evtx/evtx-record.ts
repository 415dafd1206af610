/**
 * One parsed event record (framing + BinXml node tree bound to its chunk) and its three renderings:
 * evtx_dump JSON, XML text and the flat hunting event.
 */
import {
  type BinXmlNode,
  type ChunkContext,
  NODE_TEMPLATE_INSTANCE,
  type TemplateInstanceNode,
} from './binxml-node.js';
import { type RenderSink, type RenderState, renderNodes } from './binxml-render.js';
import { planFlat, planFlatText } from './flat-plan.js';
import { type FlatEvent, FlatSink } from './flat-sink.js';
import { planJson } from './json-plan.js';
import { type JsonObject, JsonSink } from './json-sink.js';
import { planJsonText } from './json-text-plan.js';
import { XmlSink } from './xml-sink.js';

export interface EvtxRecord {
  readonly recordId: number;
  /** Record header FILETIME (when the record was written) as ISO-8601 UTC with 7 sub-second digits. */
  readonly written: string;
  /** File offset of the record signature. */
  readonly offset: number;
  /** Index of the chunk in the file (0-based, file order). */
  readonly chunkIndex: number;
  /** True when the record was carved from slack/unallocated space by recovery. */
  readonly recovered: boolean;
  readonly nodes: readonly BinXmlNode[];
  readonly ctx: ChunkContext;
}

function render(rec: EvtxRecord, sink: RenderSink): void {
  const st: RenderState = {
    budget: rec.ctx.limits.maxNodesPerRecord,
    depth: 0,
    maxDepth: rec.ctx.limits.maxDepth,
    at: rec.offset,
  };
  renderNodes(rec.nodes, undefined, sink, st);
}

/** Generic (walker) renderings, for tests that compare them with the compiled plans. */
export function recordToJsonGeneric(rec: EvtxRecord): JsonObject {
  const sink = new JsonSink();
  render(rec, sink);
  return sink.result;
}

export function recordToFlatGeneric(rec: EvtxRecord): FlatEvent {
  const sink = new FlatSink();
  render(rec, sink);
  return sink.event;
}

/** The record's only node when it is a template instance: the records the compiled plans render. */
function soleInstance(rec: EvtxRecord): TemplateInstanceNode | undefined {
  const only = rec.nodes.length === 1 ? rec.nodes[0]! : undefined;
  return only !== undefined && only.k === NODE_TEMPLATE_INSTANCE ? only : undefined;
}

/** evtx_dump-style JSON document `{"Event": {...}}`. Throws a located StormwatchError on bad values. */
export function recordToJson(rec: EvtxRecord): JsonObject {
  const ti = soleInstance(rec);
  return (ti && planJson(ti.template, ti.values, rec.offset)) ?? recordToJsonGeneric(rec);
}

/**
 * The evtx_dump JSON document as one line of text: exactly `JSON.stringify(recordToJson(rec))`, written
 * straight from the compiled plan when the record has one (no intermediate object).
 */
export function recordToJsonLine(rec: EvtxRecord): string {
  const ti = soleInstance(rec);
  return (ti && planJsonText(ti.template, ti.values, rec.offset)) ?? JSON.stringify(recordToJson(rec));
}

/** XML text of the record (no XML declaration). */
export function recordToXml(rec: EvtxRecord): string {
  const sink = new XmlSink();
  render(rec, sink);
  return sink.out;
}

/** The flat hunting event (see the FlatEvent contract). */
export function recordToFlat(rec: EvtxRecord): FlatEvent {
  const ti = soleInstance(rec);
  return (ti && planFlat(ti.template, ti.values, rec.offset)) ?? recordToFlatGeneric(rec);
}

/**
 * The flat event as JSON text: `JSON.parse` of it equals `recordToFlat(rec)`. Written straight from the
 * compiled plan when the record has one; how worker threads send flat events back.
 */
export function recordToFlatJson(rec: EvtxRecord): string {
  const ti = soleInstance(rec);
  return (ti && planFlatText(ti.template, ti.values, rec.offset)) ?? JSON.stringify(recordToFlat(rec));
}
