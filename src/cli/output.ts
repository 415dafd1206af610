/**
 * Terminal output: a writer with ANSI styles that are active only on a TTY and never when `NO_COLOR`
 * is set (https://no-color.org) or `--no-color` is given.
 */

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

export interface Output {
  readonly isTTY: boolean;
  readonly color: boolean;
  /** Terminal width or 100 when unknown. */
  readonly columns: number;
  readonly style: Style;
  /** Writes text, or bytes as they are (UTF-8 text already encoded). */
  write(s: string | Uint8Array): void;
  /** Resolves once the stream has room again: at once unless its buffer is full (a pipe to a slow reader). */
  drained(): Promise<void>;
  line(s?: string): void;
  json(value: unknown): void;
}

const wrap =
  (on: boolean, open: number, close: number) =>
  (s: string): string =>
    on ? `\u001b[${open}m${s}\u001b[${close}m` : s;

export function makeStyle(on: boolean): Style {
  return {
    bold: wrap(on, 1, 22),
    dim: wrap(on, 2, 22),
    red: wrap(on, 31, 39),
    green: wrap(on, 32, 39),
    yellow: wrap(on, 33, 39),
    cyan: wrap(on, 36, 39),
    magenta: wrap(on, 35, 39),
  };
}

/** Whether colour is allowed for this stream. */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  noColorFlag: boolean,
): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function createOutput(stream: NodeJS.WriteStream | NodeJS.WritableStream, color: boolean): Output {
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  return {
    isTTY: tty,
    color,
    columns: (stream as NodeJS.WriteStream).columns ?? 100,
    style: makeStyle(color),
    write: (s) => {
      stream.write(s);
    },
    drained: () =>
      (stream as NodeJS.WriteStream).writableNeedDrain === true
        ? new Promise<void>((resolve) => {
            // A reader that went away (EPIPE) ends the wait too: the stream then reports its error.
            const done = (): void => {
              stream.off('drain', done);
              stream.off('error', done);
              stream.off('close', done);
              resolve();
            };
            stream.once('drain', done);
            stream.once('error', done);
            stream.once('close', done);
          })
        : Promise.resolve(),
    line: (s = '') => {
      stream.write(`${s}\n`);
    },
    json: (value) => {
      stream.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}
