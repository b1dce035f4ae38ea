import { isSecretName, type Redactor } from './redact';
import type { ConfigProblem, Env } from './types';
import { describeVariable } from './variables';

/** A parser's verdict on a value it cannot accept. Built with `invalid()`. */
export interface Invalid {
  readonly invalid: true;
  /** What was expected, e.g. `expected an ELBv2 target group ARN`. */
  readonly message: string;
  /**
   * How to describe what was given instead of quoting it, e.g. `an s3:// URL`.
   * When absent the value is quoted, unless the variable is a secret.
   */
  readonly got?: string;
  /** Appended in parentheses, e.g. an example of the expected form. */
  readonly hint?: string;
  /** False when the message already says everything (e.g. "is 12 bytes; needs at least 32"). */
  readonly showValue: boolean;
}

export function invalid(message: string, options: { got?: string; hint?: string; showValue?: boolean } = {}): Invalid {
  return { invalid: true, message, got: options.got, hint: options.hint, showValue: options.showValue ?? true };
}

export function isInvalid(value: unknown): value is Invalid {
  return typeof value === 'object' && value !== null && (value as Invalid).invalid === true;
}

/** Turns a raw (non-empty, trimmed unless secret) value into a typed one, or says why not. */
export type Parser<T> = (raw: string) => T | Invalid;

export interface ReadOptions {
  /** Treat as secret even if the name does not look like one (its value is never quoted). */
  secret?: boolean;
  /** Shown when a required variable is missing: what the variable is for (default: from the variables table). */
  description?: string;
}

const MAX_QUOTED = 80;

/**
 * Reads variables one by one and collects every problem instead of stopping at the first,
 * so one run of a loader reports everything that needs fixing. Every message passes through
 * the redactor, and a secret's value is never quoted in the first place.
 */
export class EnvReader {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly env: Env,
    private readonly redact: Redactor,
  ) {}

  /** The value as set, or undefined when unset or blank (a blank CI variable is a missing one). */
  raw(name: string, options: ReadOptions = {}): string | undefined {
    const value = this.env[name];
    if (value === undefined || value.trim() === '') return undefined;
    // Secrets are used byte for byte; everything else forgives stray whitespace from copy-paste.
    return this.isSecret(name, options) ? value : value.trim();
  }

  isSet(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  required<T>(name: string, parse: Parser<T>, options: ReadOptions = {}): T | undefined {
    const raw = this.raw(name, options);
    if (raw === undefined) {
      const description = (options.description ?? describeVariable(name))?.replace(/\.$/, '');
      this.problem(name, description ? `is not set (${description})` : 'is not set');
      return undefined;
    }
    return this.parse(name, raw, parse, options);
  }

  optional<T>(name: string, parse: Parser<T>, options: ReadOptions = {}): T | undefined {
    const raw = this.raw(name, options);
    return raw === undefined ? undefined : this.parse(name, raw, parse, options);
  }

  problem(variable: string, message: string): void {
    this.problems.push({ variable, message: this.redact(message) });
  }

  isSecret(name: string, options: ReadOptions = {}): boolean {
    return Boolean(options.secret) || isSecretName(name);
  }

  private parse<T>(name: string, raw: string, parse: Parser<T>, options: ReadOptions): T | undefined {
    const result = parse(raw);
    if (!isInvalid(result)) return result;
    this.problem(name, describeInvalid(result, raw, this.isSecret(name, options)));
    return undefined;
  }
}

function describeInvalid(result: Invalid, raw: string, secret: boolean): string {
  let text = result.message;
  if (result.got) text += `, got ${result.got}`;
  else if (result.showValue && !secret) text += `, got ${quote(raw)}`;
  if (result.hint) text += ` (${result.hint})`;
  if (secret && result.showValue && !result.got) text += ' (value not shown: it is a secret)';
  return text;
}

function quote(raw: string): string {
  const shown = raw.length > MAX_QUOTED ? `${raw.slice(0, MAX_QUOTED)}…` : raw;
  return JSON.stringify(shown);
}
