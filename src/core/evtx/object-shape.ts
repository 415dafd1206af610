/**
 * Object construction for plan output with constructors generated once per key sequence (see below).
 */

/** `a` equals the first `n` keys of `b` (keys come from plan entries, so equal keys are usually the same string objects). */
export function sameKeys(a: readonly string[], b: readonly string[], n: number): boolean {
  if (a.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/*
 * Object construction. Adding 25 properties one by one to `{}` costs ~200 ns each (map transitions through a
 * megamorphic keyed store); a constructor made once per key sequence (an object literal) builds the same
 * object ~15× faster. Key sequences are found through a trie; keys are embedded as JSON string literals, and
 * sequences with `__proto__` or repeated keys use plain assignment.
 */

interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  build: Builder | undefined;
  /** Times this exact key sequence was built; a constructor is generated from the 4th time on. */
  hits: number;
}

let shapeRoot: ShapeNode = { next: new Map(), build: undefined, hits: 0 };
let shapeNodes = 0;
let shapeChars = 0;
const SHAPE_NODES_MAX = 50_000;
/** Keys are data from the file: cap the characters the trie may keep alive (hostile names can be 64 KiB long). */
const SHAPE_CHARS_MAX = 2_000_000;
const COMPILE_AFTER = 3;

export type Builder = (v: readonly unknown[]) => Record<string, unknown>;

export function assignBuilder(keys: readonly string[]): Builder {
  return (v) => {
    const e: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === '__proto__')
        Object.defineProperty(e, k, { value: v[i], enumerable: true, writable: true, configurable: true });
      else e[k] = v[i];
    }
    return e;
  };
}

function makeBuilder(keys: readonly string[]): Builder {
  if (keys.includes('__proto__') || new Set(keys).size !== keys.length) return assignBuilder(keys);
  const body = `return {${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')}};`;
  try {
    return new Function('v', body) as Builder;
  } catch {
    // Code generation disabled (e.g. --disallow-code-generation-from-strings): plain assignment.
    return assignBuilder(keys);
  }
}

export function buildObject<T>(keys: readonly string[], vals: readonly T[]): Record<string, T> {
  const build = shapeBuilder(keys);
  return (build ?? assignBuilder(keys))(vals) as Record<string, T>;
}

/**
 * The compiled constructor for this key sequence, or undefined while the sequence is still rare (or the trie
 * was just reset): the caller then assigns the keys one by one.
 */
export function shapeBuilder(keys: readonly string[]): Builder | undefined {
  let node = shapeRoot;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    let nx = node.next.get(k);
    if (!nx) {
      shapeChars += k.length;
      if (++shapeNodes > SHAPE_NODES_MAX || shapeChars > SHAPE_CHARS_MAX) {
        shapeRoot = { next: new Map(), build: undefined, hits: 0 };
        shapeNodes = 0;
        shapeChars = 0;
        return undefined;
      }
      nx = { next: new Map(), build: undefined, hits: 0 };
      node.next.set(k, nx);
    }
    node = nx;
  }
  let build = node.build;
  if (!build) {
    // One-off key sequences (hostile or corrupt input) never pay for code generation.
    if (++node.hits <= COMPILE_AFTER) return undefined;
    build = makeBuilder(keys.slice());
    node.build = build;
  }
  return build;
}
