/**
 * `npx nx run tools:require-env -- --name CODECOV_TOKEN --halt`: ends the CircleCI job
 * successfully, saying why, when an optional variable is not set (the Codecov upload on a
 * fork, or in a project that does not use Codecov). Never prints the value.
 */
import { parseArgs } from 'node:util';
import { runCli, ToolError } from '../lib/cli';
import { haltCircleJob } from '../lib/halt-job';

export function requireEnv(argv: string[], env: Record<string, string | undefined> = process.env): number {
  const { values } = parseArgs({ args: argv, options: { name: { type: 'string' }, halt: { type: 'boolean', default: false } } });
  const name = values.name;
  if (!name || !/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new ToolError('pass --name <VARIABLE>');
  if (env[name]?.trim()) {
    console.log(`${name} is set: continuing.`);
    return 0;
  }
  console.log(`${name} is not set (forked pull request, or not configured for this project): skipping the rest of this job.`);
  if (values.halt) {
    haltCircleJob();
    return 0;
  }
  return 3;
}

if (require.main === module) runCli((argv) => requireEnv(argv));
