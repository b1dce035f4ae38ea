import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of read-parameters.instance.js as the startup scripts write it onto the instance,
 * to turn the environment's Parameter Store path into the API's env file. Its comments stay in
 * the repository: user data is limited to 16 KB.
 */
export const READ_PARAMETERS_SCRIPT = withoutComments(readFileSync(join(__dirname, 'read-parameters.instance.js'), 'utf8'));

/** Drops the leading block comment and whole-line `//` comments; code lines are kept as they are. */
export function withoutComments(source: string): string {
  return source
    .replace(/^('use strict';\n)\/\*[\s\S]*?\*\/\n/, '$1')
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
}
