/**
 * `npx nx run tools:deploy-record -- --environment staging --write | --confirm`
 * The proof that a workflow's deploy ran. The deploy job writes tmp/deploys/<env>.json (release,
 * workflow) after `deploy:release` succeeded and persists it; the workflow's last job
 * (`requires: deploy-<env>: terminal`, so it runs whatever became of the deploy) confirms it and
 * fails otherwise. CircleCI marks a serial-group job "not run" when a newer pipeline's deploy to
 * the same environment already ran, and a workflow with a not-run job is green: without this,
 * a release could look deployed when it never was.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, ToolError } from '../lib/cli';

export interface DeployRecord {
  environment: string;
  release: string;
  workflow: string;
  job: string;
  at: string;
}

type Env = Record<string, string | undefined>;

export const recordPath = (environment: string) => `tmp/deploys/${environment}.json`;

function required(env: Env, name: string, flag?: string): string {
  const value = flag ?? env[name];
  if (!value) throw new ToolError(`${name} is not set (CircleCI sets it in every job); outside CircleCI pass it as an option`);
  return value;
}

export function deployRecord(argv: string[], cwd = process.cwd(), env: Env = process.env, now = () => new Date()): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      environment: { type: 'string' },
      write: { type: 'boolean', default: false },
      confirm: { type: 'boolean', default: false },
      release: { type: 'string' },
      workflow: { type: 'string' },
    },
  });
  const environment = values.environment;
  if (!environment || !/^[a-z][a-z0-9-]*$/.test(environment)) throw new ToolError('pass --environment <production|staging>');
  if (values.write === values.confirm) throw new ToolError('pass exactly one of --write (after the deploy) or --confirm (in the final job)');
  const release = required(env, 'CIRCLE_SHA1', values.release);
  const workflow = required(env, 'CIRCLE_WORKFLOW_ID', values.workflow);
  const file = resolve(cwd, recordPath(environment));

  if (values.write) {
    const record: DeployRecord = { environment, release, workflow, job: env['CIRCLE_JOB'] ?? '', at: now().toISOString() };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    console.log(`Recorded: release ${release} deployed to ${environment} by workflow ${workflow}.`);
    return 0;
  }

  const record = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DeployRecord) : undefined;
  if (record && record.release === release && record.workflow === workflow && record.environment === environment) {
    console.log(`Confirmed: release ${release} was deployed to ${environment} by this workflow (${record.at}).`);
    return 0;
  }
  console.error(
    [
      `This workflow did NOT deploy release ${release} to ${environment}: ${record ? `the record found is for release ${record.release}, workflow ${record.workflow}` : 'its deploy job left no record'}.`,
      'Either the deploy failed, or CircleCI did not run it: a serial-group job is marked "not run" when a newer',
      `pipeline's deploy to ${environment} already ran (an older release is never deployed over a newer one),`,
      'and a job whose requirement failed is not run either. This workflow is failed on purpose so it is not read as "deployed".',
      `What is live: npx nx run deploy:history --configuration=${environment}`,
    ].join('\n'),
  );
  return 1;
}

if (require.main === module) runCli((argv) => deployRecord(argv));
