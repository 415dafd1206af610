/** Renders `stormwatch --help` and `stormwatch <command> --help`. */
import type { CommandDefinition } from './command.js';
import type { CommandEntry } from './commands/registry.js';
import type { Style } from './output.js';

export function renderMainHelp(commands: readonly CommandEntry[], s: Style): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = [
    `${s.bold('stormwatch')} — threat intel to hunts for critical-infrastructure defenders`,
    '',
    `${s.bold('Usage:')} stormwatch <command> [options]`,
    '',
    s.bold('Commands:'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    s.bold('Global options:'),
    '  -h, --help     show help (also: stormwatch <command> --help)',
    '  -V, --version  print the version',
    '  --no-color     no ANSI colours (also when NO_COLOR is set or output is not a terminal)',
    '',
    'Exit codes: 0 ok · 1 not found / findings (per command) · 2 usage error · 3 input error · 4 internal error',
    '',
  ];
  return lines.join('\n');
}

export function renderCommandHelp(def: CommandDefinition, s: Style): string {
  const opts = Object.entries(def.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    const dflt = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : '';
    return { flag, text: `${o.description}${o.multiple ? ' (repeatable)' : ''}${dflt}` };
  });
  opts.push({ flag: '-h, --help', text: 'show this help' });
  const width = Math.max(...opts.map((o) => o.flag.length));
  const lines = [
    `${s.bold('Usage:')} stormwatch ${def.usage}`,
    '',
    def.summary,
    ...(def.description ? ['', def.description.trimEnd()] : []),
    '',
    s.bold('Options:'),
    ...opts.map((o) => `  ${o.flag.padEnd(width)}  ${o.text}`),
    '',
  ];
  return lines.join('\n');
}
