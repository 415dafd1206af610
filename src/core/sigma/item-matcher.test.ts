import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compileFieldItem } from './item-matcher.js';
import type { FieldState } from './modifiers.js';
import { parseSigmaString } from './sigma-value.js';

// A full garbage collection on demand (the test runner does not start Node with --expose-gc).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Lets the current job end: WeakRef targets stay alive until then. */
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('compiled field items', () => {
  // A hunt keeps every compiled item for its whole run: the parsed values must not stay reachable from the
  // item's closures (over the SigmaHQ Windows rules they were a third of the compiled rule set's heap).
  const shapes: [string, string[], boolean, boolean][] = [
    ['one field, OR-linked plain values', ['Image'], false, false],
    ['one field, all-linked values', ['CommandLine'], true, false],
    ['several fields (field mapping)', ['Image', 'NewProcessName'], false, false],
    ['general matcher (cased)', ['Image'], false, true],
  ];
  for (const [name, fields, all, cased] of shapes) {
    it(`do not keep their parsed values alive: ${name}`, async () => {
      let state: FieldState | undefined = {
        values: [parseSigmaString('*\\ntdsutil.exe'), parseSigmaString('*ifm*')],
        all,
        cased,
        neq: false,
        timePart: null,
      };
      const value = new WeakRef(state.values[0]!);
      const item = compileFieldItem(fields, state);
      state = undefined;
      await nextTurn();
      gc();
      expect(value.deref()).toBeUndefined();
      // The item still works without them.
      const ev = {
        [fields[0]!]: all ? 'ntdsutil ifm C:\\x\\ntdsutil.exe' : 'C:\\Windows\\System32\\ntdsutil.exe',
      };
      expect(item.test(ev)).toBe(!cased || !all);
      expect(item.test({ [fields[0]!]: 'C:\\Windows\\notepad.exe' })).toBe(false);
    });
  }
});
