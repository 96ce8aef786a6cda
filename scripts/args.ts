/**
 * One command-line parser for every script: node's `util.parseArgs` (no dependency), with the
 * usage text built from the same option list. `--help` prints it and exits 0 before anything is
 * done; an unknown option, a stray argument or a bad value exits 2 with a one-line reason and
 * nothing done. Every command states its options once, in `defineCli`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../common/errors';
import { CliError } from './cli';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string | boolean | string[];
  /** What the value looks like in the usage text (`<date>`); strings only. */
  value?: string;
  /** One line for the usage text. */
  help: string;
}

export interface CliSpec<O extends Record<string, OptionSpec>> {
  /** How it is typed: `npm run token` (options follow `--`). */
  command: string;
  /** What it does, a few lines. */
  summary: string;
  options: O;
  /** At least one full command line. */
  examples: string[];
  /** Exit codes and anything else a reader needs after the options. */
  notes?: string;
}

type Values<O extends Record<string, OptionSpec>> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>
>['values'];

/** The usage text `--help` prints: summary, every option with its default, examples. */
export function usage<O extends Record<string, OptionSpec>>(spec: CliSpec<O>): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const left = `--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`;
    const extra = [
      o.multiple ? 'repeatable' : '',
      o.default !== undefined && o.default !== false ? `default ${String(o.default)}` : '',
    ].filter(Boolean);
    return [left, `${o.help}${extra.length ? ` (${extra.join('; ')})` : ''}`];
  });
  rows.push(['--help', 'this text; nothing else is done']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: ${spec.command} -- [options]`,
    '',
    spec.summary.trim(),
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    '',
    spec.examples.length > 1 ? 'Examples:' : 'Example:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
    ...(spec.notes ? [spec.notes.trim(), ''] : []),
  ].join('\n');
}

/**
 * Parses `argv` (default: the process's) against the spec. `--help`: the usage on stdout, exit 0.
 * Bad usage: the reason on stderr, exit 2. Neither returns; nothing has been done by then.
 */
export function defineCli<O extends Record<string, OptionSpec>>(
  spec: CliSpec<O>,
  argv: string[] = process.argv.slice(2),
): Values<O> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage(spec));
    process.exit(0);
  }
  const options: ParseArgsConfig['options'] = {};
  for (const [name, o] of Object.entries(spec.options))
    options[name] = {
      type: o.type,
      ...(o.multiple ? { multiple: true } : {}),
      ...(o.default !== undefined ? { default: o.default } : {}),
    };
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Values<O>;
  } catch (error) {
    return badUsage(spec.command, errorMessage(error).replace(/\. To specify a positional.*$/s, ''));
  }
}

/** Bad usage found after parsing (a value out of range): the reason, exit 2, nothing done. */
export function badUsage(command: string, reason: string): never {
  const name = command.split(' ').pop() ?? command;
  process.stderr.write(`${name}: ${reason}\n(${command} -- --help lists the options)\n`);
  process.exit(2);
}

/** A CliError for a bad value: exit 2, as for any other bad usage. */
export function usageError(reason: string): CliError {
  return new CliError(reason, 2);
}

/**
 * Runs a command's main: a number it returns is the exit code (no number: the process ends on its
 * own, once its output is flushed); a CliError prints its message and exits with its code,
 * anything else prints "<name> failed: ..." and exits 1.
 */
export function runCli(name: string, main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      if (typeof code === 'number') process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${errorMessage(error)}\n`);
      process.exit(error instanceof CliError ? error.exitCode : 1);
    },
  );
}
