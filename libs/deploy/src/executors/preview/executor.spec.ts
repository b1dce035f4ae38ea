import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreviewHarness, PREVIEW_INFRA_ENV } from '../../../testing/preview-harness';
import { publishSampleRelease, releasesBucketOn } from '../../../testing/releases-harness';
import { startS3rver, type S3rverHarness } from '../../../testing/s3rver-harness';
import type { LaunchSpec } from '../../ports/compute';
import { runPreviewCleanup } from '../preview-cleanup/executor';
import { runPreview } from './executor';
import { normalizePreviewOptions, prFromCircleUrl } from './normalize-options';

const SHA = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';

jest.setTimeout(30_000);

describe('preview executors', () => {
  let h: PreviewHarness;
  let env: Record<string, string>;
  let s3: S3rverHarness;
  beforeAll(async () => {
    s3 = await startS3rver('releases');
    await publishSampleRelease(releasesBucketOn(s3), SHA);
  });
  afterAll(() => s3.close());
  beforeEach(async () => {
    h = await new PreviewHarness().start();
    env = {
      ...PREVIEW_INFRA_ENV,
      GITHUB_TOKEN: h.github.token,
      GITHUB_API_URL: h.github.baseUrl,
      CIRCLE_PULL_REQUEST: `https://github.com/${h.repository}/pull/42`,
      CIRCLE_SHA1: SHA,
      CIRCLE_PROJECT_USERNAME: h.github.owner,
      CIRCLE_PROJECT_REPONAME: h.github.repo,
    };
  });
  afterEach(() => h.stop());

  const runtime = () => ({
    env,
    logger: h.logger,
    clock: h.clock,
    compute: () => h.compute,
    parameters: () => h.parameters,
    health: h.health,
    bucket: releasesBucketOn(s3),
  });

  it('takes the PR, commit and repository from CircleCI and deploys through the real GitHub client', async () => {
    h.github.addPull(42);
    await expect(runPreview({}, runtime())).resolves.toEqual({ success: true });
    expect(h.github.commentsOn(42)[0].body).toContain(SHA);
    expect(h.logger.text).toMatch(/Preview of abcdefa for PR #42: https:\/\/i-\d+\.compute\.example\//);
  });

  it('launches the published release of the commit by presigned URLs: the GitHub token never reaches the instance', async () => {
    h.github.addPull(42);
    await expect(runPreview({}, runtime())).resolves.toEqual({ success: true });
    const launch = h.compute.mutatingCalls().find((c) => c.method === 'launch');
    const userData = (launch?.args[0] as LaunchSpec).userData;
    expect(userData).toContain(`rel/releases/${SHA}/api-${SHA}.zip?`);
    expect(userData).toContain(`rel/releases/${SHA}/web-${SHA}.zip?`);
    expect(userData).toContain('X-Amz-Signature=');
    expect(userData).not.toContain(h.github.token);
    expect(userData).not.toMatch(/GITHUB_TOKEN|repos\/.*\/tarball/);
  });

  it('refuses a commit whose release was never published, before launching anything', async () => {
    h.github.addPull(42);
    env['CIRCLE_SHA1'] = 'f'.repeat(40);
    await expect(runPreview({}, runtime())).resolves.toEqual({ success: false });
    expect(h.logger.text).toContain(`Release ${'f'.repeat(40)} is not published`);
    expect(h.compute.mutatingCalls()).toEqual([]);
  });

  it('--url-file writes the preview URL for the next CI job (the ZAP scan)', async () => {
    h.github.addPull(42);
    const root = mkdtempSync(join(tmpdir(), 'preview-url-'));
    try {
      await expect(runPreview({ urlFile: 'tmp/preview/url.txt' }, { ...runtime(), root })).resolves.toEqual({ success: true });
      expect(readFileSync(join(root, 'tmp/preview/url.txt'), 'utf8')).toMatch(/^https:\/\/i-\d+\.compute\.example\/\n$/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    h.github.addPull(42);
    await expect(runPreview({ dryRun: true }, runtime())).resolves.toEqual({ success: true });
    expect(h.logger.text).toMatch(/Plan: Preview deploy → acme\/eapd#42/);
    // The user data's sizes (plain, and compressed as EC2 counts them), never its bytes.
    expect(h.logger.text).toMatch(/user data: \d+ bytes of script, \d+ bytes gzip-compressed \(EC2 limit 16384\)/);
    expect(h.logger.text).not.toContain('#!/bin/bash');
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.github.requests).toEqual([]);
  });

  it('fails with every missing variable named, before touching anything', async () => {
    delete env['GITHUB_TOKEN'];
    delete env['PREVIEW_AWS_AMI'];
    await expect(runPreview({}, runtime())).resolves.toEqual({ success: false });
    expect(h.logger.text).toMatch(/PREVIEW_AWS_AMI/);
    expect(h.logger.text).toMatch(/GITHUB_TOKEN/);
    expect(h.compute.calls).toEqual([]);
  });

  it('returns success: false when the new preview fails', async () => {
    h.github.addPull(42);
    h.compute.scriptNextLaunches({ neverHealthy: true });
    await expect(runPreview({ healthTimeout: 120 }, runtime())).resolves.toEqual({ success: false });
    expect(h.logger.text).toMatch(/error: Timed out after 2 min 0 s/);
  });

  it('cleanup executor: closed PR removed; a dry run with an unknown PR state fails', async () => {
    h.github.addPull(1, { state: 'closed' });
    const inst = h.compute.seed({ tags: { environment: 'preview', 'github-pr': '1' } });
    await expect(runPreviewCleanup({ dryRun: true }, runtime())).resolves.toEqual({ success: true });
    expect(h.compute.instances.get(inst.id)!.state).toBe('running');
    await expect(runPreviewCleanup({}, runtime())).resolves.toEqual({ success: true });
    expect(h.compute.instances.get(inst.id)!.state).toBe('terminated');
    h.github.addPull(2, { state: 'closed' });
    h.compute.seed({ tags: { environment: 'preview', 'github-pr': '2' } });
    h.github.fail(/\/pulls\/2$/, 502);
    await expect(runPreviewCleanup({ dryRun: true }, runtime())).resolves.toEqual({ success: false });
    // A CI log reader learns why the dry run failed, not just that it did.
    expect(h.logger.text).toContain('GitHub could not tell the state of PR #2: a real run would keep their previews');
  });
});

describe('normalizePreviewOptions', () => {
  const circle = { CIRCLE_PULL_REQUEST: 'https://github.com/a/b/pull/17', CIRCLE_SHA1: SHA, CIRCLE_PROJECT_USERNAME: 'a', CIRCLE_PROJECT_REPONAME: 'b' };

  it('reads CircleCI defaults; options win', () => {
    expect(normalizePreviewOptions({}, circle)).toMatchObject({ pr: 17, sha: SHA, repository: 'a/b', waitHealthy: true, healthTimeoutMs: 1_500_000 });
    expect(normalizePreviewOptions({ pr: 3, waitHealthy: false, healthTimeout: 60, owner: 'c' }, circle)).toMatchObject({
      pr: 3, waitHealthy: false, healthTimeoutMs: 60_000, repository: 'c/b',
    });
  });

  it('rejects a branch name as the commit, and a missing PR', () => {
    expect(() => normalizePreviewOptions({ sha: 'my-branch' }, circle)).toThrow(/not a full 40-hex commit SHA/);
    expect(() => normalizePreviewOptions({}, { ...circle, CIRCLE_PULL_REQUEST: 'https://github.com/o/r/tree/x' })).toThrow(/does not end in \/pull\/<number>/);
    // Blank is unset (libs/config's rule for every variable): the PR number is simply missing.
    expect(() => normalizePreviewOptions({}, { ...circle, CIRCLE_PULL_REQUEST: ' ' })).toThrow(/No pull request number/);
    expect(() => normalizePreviewOptions({}, { CIRCLE_SHA1: SHA })).toThrow(/No pull request number/);
    expect(() => normalizePreviewOptions({ healthTimeout: -1 }, circle)).toThrow(/--health-timeout/);
  });

  it('parses the PR number from CircleCI URLs', () => {
    expect(prFromCircleUrl('https://github.com/o/r/pull/123')).toBe(123);
    expect(prFromCircleUrl('https://github.com/o/r/pull/123/')).toBe(123);
    expect(prFromCircleUrl('https://github.com/o/r/tree/x')).toBeUndefined();
    expect(prFromCircleUrl(undefined)).toBeUndefined();
  });
});
