import { DeployError } from '../log/errors';

/**
 * Building blocks for the bash scripts we hand to EC2 as user data. Every value that reaches a
 * rendered script goes through `shellQuote` (directly or via the `sh` tagged template), never
 * through textual substitution: the seed's `sed -i "s|X|$SECRET|"` corrupted secrets holding
 * `|`, `&`, `\` or `*` (seed defect 11).
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * POSIX single-quote quoting: inside '...' the shell interprets nothing, so every byte except
 * NUL survives. A `'` itself is written as `'\''` (close, escaped quote, reopen).
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) {
    throw new DeployError('Cannot put a NUL character into a shell script: shells end strings at NUL.', {
      hint: 'Remove the NUL (\\0) character from the value.',
    });
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A fragment of trusted script text that the `sh` template inserts as is. */
export class ShellRaw {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Mark trusted script text (never a value from config or the user) to be inserted unquoted. */
export function raw(text: string): ShellRaw {
  return new ShellRaw(text);
}

/**
 * Tagged template for script lines: every interpolated value is quoted with `shellQuote`,
 * except `raw(...)` fragments and arrays (each element quoted, joined with spaces).
 * `` sh`curl -o ${file} ${url}` `` → `curl -o '/tmp/a b' 'https://...'`.
 */
export function sh(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0];
  values.forEach((value, i) => {
    out += quoteValue(value) + strings[i + 1];
  });
  return out;
}

function quoteValue(value: unknown): string {
  if (value instanceof ShellRaw) return value.text;
  if (Array.isArray(value)) return value.map(quoteValue).join(' ');
  if (typeof value === 'number' || typeof value === 'boolean') return shellQuote(String(value));
  if (typeof value === 'string') return shellQuote(value);
  throw new DeployError(`Cannot put a ${value === null ? 'null' : typeof value} into a shell script.`);
}

/** Throws unless `name` can be a shell/environment variable name. */
export function assertEnvName(name: string): void {
  if (!ENV_NAME.test(name)) {
    throw new DeployError(`"${name}" is not a valid environment variable name.`, {
      hint: 'Use letters, digits and underscores, not starting with a digit.',
    });
  }
}

/** `NAME='value'` — a shell assignment; the value is quoted. */
export function shellAssign(name: string, value: string): string {
  assertEnvName(name);
  return `${name}=${shellQuote(value)}`;
}

/**
 * An env file meant to be read by bash (`set -a; . file` or plain `. file`): one
 * `export NAME='value'` line per variable, sorted by name, undefined values left out.
 * Sourcing it restores every value byte for byte, newlines and quotes included — unlike
 * systemd's or dotenv's formats, which each have their own escaping rules.
 */
export function renderEnvFile(env: Record<string, string | undefined>): string {
  const lines = Object.keys(env)
    .sort()
    .filter((name) => env[name] !== undefined)
    .map((name) => `export ${shellAssign(name, env[name] as string)}`);
  return ['# Written by the deploy tools. Read with: set -a; . <this file>; set +a', ...lines, ''].join('\n');
}

export interface StepLogOptions {
  /** Absolute path of the log file every line is appended to (besides the console). */
  logFile: string;
}

/**
 * The first lines of every startup script: strict mode, output to the console AND a log
 * file (EC2's console output shows the boot log), `step "..."` with a UTC timestamp and the
 * seconds since start, and an ERR trap naming the step that failed.
 */
export function renderStepLogPreamble(options: StepLogOptions): string {
  return [
    '#!/usr/bin/env bash',
    'set -Eeuo pipefail',
    shellAssign('STEP_LOG_FILE', options.logFile),
    'mkdir -p "$(dirname "$STEP_LOG_FILE")"',
    // Everything from here on goes to the console and, appended, to the log file.
    'exec > >(tee -a "$STEP_LOG_FILE") 2>&1',
    "CURRENT_STEP='start'",
    'log() { printf \'%s +%ss %s\\n\' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$SECONDS" "$*"; }',
    'step() { CURRENT_STEP="$*"; log "[step] $*"; }',
    'on_error() { log "[error] step \\"$CURRENT_STEP\\" failed (exit $1, line $2)" >&2; }',
    "trap 'on_error $? $LINENO' ERR",
    '',
  ].join('\n');
}
