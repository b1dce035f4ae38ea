/**
 * `npx nx run tools:require-pull-request -- --halt`: the first step of the preview jobs.
 * CircleCI sets CIRCLE_PULL_REQUEST (…/pull/<n>) only when the branch belongs to a pull
 * request. Without one there is nothing to preview and nowhere to post a link, so the job
 * ends successfully right here (`circleci-agent step halt`) instead of failing or, worse,
 * launching an instance no one will see. With a PR it prints the number and exits 0.
 */
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { haltCircleJob } from '../lib/halt-job';

/** The PR number from CircleCI's variables, or undefined when the build has no pull request. */
export function pullRequestNumber(env: Record<string, string | undefined>): number | undefined {
  const fromUrl = env['CIRCLE_PULL_REQUEST']?.match(/\/pull\/(\d+)\/?$/)?.[1];
  const raw = fromUrl ?? env['CIRCLE_PR_NUMBER'];
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function requirePullRequest(argv: string[], env = process.env): number {
  const { values } = parseArgs({ args: argv, options: { halt: { type: 'boolean', default: false } } });
  const pr = pullRequestNumber(env);
  if (pr !== undefined) {
    console.log(`Pull request #${pr}: continuing.`);
    return 0;
  }
  const branch = env['CIRCLE_BRANCH'] ?? '(unknown branch)';
  console.log(`No pull request for ${branch} (CIRCLE_PULL_REQUEST is not set): nothing to preview, ending this job successfully.`);
  if (values.halt) {
    haltCircleJob();
    return 0;
  }
  return 3; // without --halt the caller decides; a distinct code that is not a failure of ours
}

if (require.main === module) runCli((argv) => requirePullRequest(argv));
