/**
 * stormwatch CLI composition root: global flags, command lookup, argument parsing, error rendering and
 * the mapping of errors to exit codes (via exit-codes.ts). Commands live in `commands/`.
 */
import { parseArgs } from 'node:util';
import { packageVersion } from '../app/runtime/index.js';
import { formatLocation, isStormwatchError, StormwatchError } from '../core/shared/index.js';
import type { CommandContext, CommandDefinition, FlagValues } from './command.js';
import { COMMANDS, type CommandEntry } from './commands/registry.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { renderCommandHelp, renderMainHelp } from './help.js';
import { colorEnabled, createOutput, type Output } from './output.js';

/** Finds the longest registered command name matching the leading positionals. */
function findCommand(argv: readonly string[]): { entry: CommandEntry; rest: string[] } | undefined {
  let best: { entry: CommandEntry; rest: string[] } | undefined;
  for (const entry of COMMANDS) {
    const words = entry.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.entry.name.split(' ').length)) {
      best = { entry, rest: argv.slice(words.length) };
    }
  }
  return best;
}

function renderError(err: Output, e: StormwatchError): void {
  const where = e.location ? `${formatLocation(e.location)}: ` : '';
  err.line(`${err.style.red('error')}${err.style.dim(`[${e.code}]`)} ${where}${e.message}`);
  if (e.hint) err.line(`  ${err.style.dim('hint:')} ${e.hint}`);
}

function usageError(message: string, hint?: string): StormwatchError {
  return new StormwatchError({ code: 'cli.usage', kind: 'usage', message, ...(hint ? { hint } : {}) });
}

async function runCommand(
  def: CommandDefinition,
  rest: string[],
  base: Omit<CommandContext, 'args' | 'flags'>,
): Promise<number> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
    'no-color': { type: 'boolean' },
  };
  for (const [name, spec] of Object.entries(def.options)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: { values: FlagValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true }) as {
      values: FlagValues;
      positionals: string[];
    };
  } catch (e) {
    throw usageError((e as Error).message, `see 'stormwatch ${def.name} --help'`);
  }
  if (parsed.values.help === true) {
    base.out.write(renderCommandHelp(def, base.out.style));
    return EXIT_OK;
  }
  for (const [name, spec] of Object.entries(def.options)) {
    if (parsed.values[name] === undefined && spec.default !== undefined) parsed.values[name] = spec.default;
  }
  const n = parsed.positionals.length;
  if (n < def.positionals.min || (def.positionals.max !== undefined && n > def.positionals.max)) {
    throw usageError(`wrong number of arguments for '${def.name}'`, `usage: stormwatch ${def.usage}`);
  }
  const code = await def.run({ ...base, args: parsed.positionals, flags: parsed.values });
  return code ?? EXIT_OK;
}

/** Runs the CLI and returns the exit code (never calls process.exit itself). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const noColor = argv.includes('--no-color');
  const out = createOutput(process.stdout, colorEnabled(process.stdout, env, noColor));
  const err = createOutput(process.stderr, colorEnabled(process.stderr, env, noColor));
  try {
    const first = argv[0];
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      if (first === 'help' && argv[1]) return await main([...argv.slice(1), '--help'], env);
      out.write(renderMainHelp(COMMANDS, out.style));
      return first === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (first === '--version' || first === '-V') {
      out.line(packageVersion());
      return EXIT_OK;
    }
    const found = findCommand(argv);
    if (!found) {
      const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
      if (group.length > 0 && (argv.length === 1 || argv[1]?.startsWith('-'))) {
        out.write(renderMainHelp(group, out.style));
        return argv.includes('--help') || argv.includes('-h') ? EXIT_OK : EXIT_USAGE;
      }
      throw usageError(
        `unknown command '${argv
          .filter((a) => !a.startsWith('-'))
          .slice(0, 2)
          .join(' ')}'`,
        "see 'stormwatch --help'",
      );
    }
    const def = (await found.entry.load()).default;
    return await runCommand(def, found.rest, { out, err, stdin: process.stdin, env });
  } catch (e) {
    if (isStormwatchError(e)) {
      renderError(err, e);
      return exitCodeFor(e.kind);
    }
    err.line(`${err.style.red('internal error')}: ${(e as Error).stack ?? String(e)}`);
    err.line('  please report this with the command you ran');
    return EXIT_INTERNAL;
  }
}

/** Entry used by bin/stormwatch. */
export async function run(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      // `stormwatch … | head` closes the pipe early: stop quietly instead of crashing with EPIPE.
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
      // Any other failed write (a full disk, `> /dev/full`): one line on stderr, unless stderr is what failed.
      if (stream === process.stdout) {
        const reason = e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
        process.stderr.write(`error[cli.write-failed] cannot write to standard output: ${reason}\n`);
      }
      process.exit(EXIT_INTERNAL);
    });
  }
  const code = await main(process.argv.slice(2));
  // Let pending stdout writes flush before exiting (large JSON output to a pipe).
  process.exitCode = code;
}

export { EXIT_USAGE };
