import type { ConfigProblem } from './types';

/**
 * Every problem found in one reading of the environment, one line each, so a person fixes
 * them all in one go. Messages never contain a secret's value (see `redact`).
 */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], context = 'Invalid configuration') {
    super(
      `${context} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
