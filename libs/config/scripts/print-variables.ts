/**
 * Prints every environment variable the project reads, from the same table the loaders use.
 *   --json            machine-readable
 *   --write <file>    refresh the generated section of a Markdown file (default libs/config/README.md)
 *   (no option)       Markdown tables, one per group
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeEnvironmentVariables, formatEnvironmentVariablesMarkdown } from '../src/index';
import { withVariablesSection } from '../src/lib/readme-section';

const args = process.argv.slice(2);
if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify(describeEnvironmentVariables(), null, 2)}\n`);
} else if (args.includes('--write')) {
  const target = resolve(args[args.indexOf('--write') + 1] ?? resolve(__dirname, '../README.md'));
  writeFileSync(target, withVariablesSection(readFileSync(target, 'utf8')));
  process.stdout.write(`Updated the environment variables section of ${target}\n`);
} else {
  process.stdout.write(`${formatEnvironmentVariablesMarkdown()}\n`);
}
