/**
 * `npx nx run tools:require-pull-request -- --halt`: the first step of the preview jobs.
 * CircleCI sets CIRCLE_PULL_REQUEST (…/pull/<n>) only when the branch belongs to a pull
 * request. Without one there is nothing to preview and nowhere to post a link, so the job
 * ends successfully right here (`circleci-agent step halt`) instead of failing or, worse,
 * launching an instance no one will see. A pull request from a FORK ends here too, with a
 * message: previews need the eapd-preview context's keys, which a fork must never receive.
 * `--explain-fork` only prints that message (the fork-pull-request workflow's notice job).
 */
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { haltCircleJob } from '../lib/halt-job';

type Env = Record<string, string | undefined>;

/** The PR number from CircleCI's variables, or undefined when the build has no pull request. */
export function pullRequestNumber(env: Env): number | undefined {
  const fromUrl = env['CIRCLE_PULL_REQUEST']?.match(/\/pull\/(\d+)\/?$/)?.[1];
  const raw = fromUrl ?? env['CIRCLE_PR_NUMBER'] ?? env['CIRCLE_BRANCH']?.match(/^pull\/(\d+)$/)?.[1];
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/**
 * CircleCI sets CIRCLE_PR_USERNAME / CIRCLE_PR_REPONAME / CIRCLE_PR_NUMBER only for pull
 * requests from forks, and names their branch pull/<n>.
 */
export function isForkedPullRequest(env: Env): boolean {
  return Boolean(env['CIRCLE_PR_USERNAME'] || env['CIRCLE_PR_REPONAME'] || env['CIRCLE_PR_NUMBER']) || /^pull\/\d+$/.test(env['CIRCLE_BRANCH'] ?? '');
}

export function forkMessage(env: Env): string {
  const pr = pullRequestNumber(env);
  const from = env['CIRCLE_PR_USERNAME'] ? ` from ${env['CIRCLE_PR_USERNAME']}/${env['CIRCLE_PR_REPONAME'] ?? '?'}` : '';
  return [
    `Pull request${pr ? ` #${pr}` : ''} comes from a fork${from}.`,
    'Lint, the unit, endpoint, browser and boot tests, the web build, YAML validation and the dependency scan run, without any secret.',
    'No preview is deployed and no OWASP ZAP scan runs: a preview needs the eapd-preview context (AWS keys, GitHub token),',
    'which CircleCI withholds from forked pull requests — and must, or any fork could read them.',
    `To get a preview, a maintainer pushes the branch to this repository${pr ? ` (git fetch origin pull/${pr}/head:pr-${pr} && git push origin pr-${pr})` : ''} and opens the pull request from there.`,
  ].join('\n');
}

export function requirePullRequest(argv: string[], env: Env = process.env): number {
  const { values } = parseArgs({
    args: argv,
    options: { halt: { type: 'boolean', default: false }, 'explain-fork': { type: 'boolean', default: false } },
  });
  if (values['explain-fork']) {
    console.log(isForkedPullRequest(env) ? forkMessage(env) : 'Not a forked pull request: the preview workflow deploys its preview.');
    return 0;
  }
  const pr = pullRequestNumber(env);
  const fork = isForkedPullRequest(env);
  if (pr !== undefined && !fork) {
    console.log(`Pull request #${pr}: continuing.`);
    return 0;
  }
  const branch = env['CIRCLE_BRANCH'] ?? '(unknown branch)';
  console.log(
    fork
      ? `${forkMessage(env)}\nEnding this job successfully.`
      : `No pull request for ${branch} (CIRCLE_PULL_REQUEST is not set): nothing to preview, ending this job successfully.`,
  );
  if (values.halt) {
    haltCircleJob();
    return 0;
  }
  return 3; // without --halt the caller decides; a distinct code that is not a failure of ours
}

if (require.main === module) runCli((argv) => requirePullRequest(argv));
