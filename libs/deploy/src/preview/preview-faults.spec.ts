import { DeployError } from '../log/errors';
import { PreviewHarness, PREVIEW_INFRA_ENV } from '../../testing/preview-harness';
import { startAwsWire } from '../../testing/aws-wire/aws-wire-server';
import { wireAdapters } from '../../testing/aws-wire/wire-adapters';
import { runPreview } from '../executors/preview/executor';
import { applyPreviewCleanup } from './apply-preview-cleanup';
import { applyPreviewDeploy } from './apply-preview-deploy';
import { planPreviewCleanup } from './plan-preview-cleanup';
import { planPreviewDeploy, type PreviewDeployRequest } from './plan-preview-deploy';
import { PREVIEW_COMMENT_MARKER } from './preview-comment';
import { sampleReleaseDownloads } from '../../testing/release-fixture';
import { publishSampleRelease, releasesBucketOn } from '../../testing/releases-harness';
import { startS3rver } from '../../testing/s3rver-harness';

const SHA1 = '1111111111111111111111111111111111111111';
const SHA2 = '2222222222222222222222222222222222222222';

describe('previews under GitHub and AWS faults', () => {
  let h: PreviewHarness;
  beforeEach(async () => {
    h = await new PreviewHarness().start();
    h.github.addPull(7);
  });
  afterEach(() => h.stop());

  const request = (sha: string, overrides: Partial<PreviewDeployRequest> = {}): PreviewDeployRequest => ({
    repository: h.repository,
    pr: 7,
    sha,
    config: h.config(),
    release: sampleReleaseDownloads(sha),
    instanceType: 't3.medium',
    waitHealthy: true,
    healthTimeoutMs: 20 * 60_000,
    runningTimeoutMs: 10 * 60_000,
    ...overrides,
  });
  const deploy = async (sha: string) => applyPreviewDeploy(await planPreviewDeploy(request(sha), h.deps()), h.deps());
  const marked = () => h.github.commentsOn(7).filter((c) => c.body.startsWith(PREVIEW_COMMENT_MARKER));
  const posts = () => h.github.requests.filter((r) => r.method === 'POST');

  describe('the PR comment', () => {
    it('a POST whose response is lost (3 times) never produces a duplicate: the comment is found and updated', async () => {
      h.github.loseResponses(/\/issues\/7\/comments$/, { method: 'POST', times: 3 });
      const result = await deploy(SHA1);
      expect(marked()).toHaveLength(1);
      expect(marked()[0].body).toContain(result.url);
      expect(marked()[0].body).toContain(SHA1);
      expect(posts()).toHaveLength(1);
      expect(h.github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      expect(h.logger.text).toMatch(/got no clear answer .*looking for it before trying again/);
    });

    it('a later push whose comment updates lose their answers still ends with one comment, linking the newest preview', async () => {
      await deploy(SHA1);
      const first = marked()[0].id;
      h.github.loseResponses(/\/issues\/comments\/\d+$/, { method: 'PATCH', times: 2 });
      const second = await deploy(SHA2);
      expect(marked().map((c) => c.id)).toEqual([first]);
      expect(marked()[0].body).toContain(second.url);
      expect(posts()).toHaveLength(1);
    });

    it('the failure comment after a broken preview is not duplicated by lost POSTs either', async () => {
      h.compute.scriptNextLaunches({ neverHealthy: true });
      h.github.loseResponses(/\/issues\/7\/comments$/, { method: 'POST', times: 3 });
      await expect(applyPreviewDeploy(await planPreviewDeploy(request(SHA1, { healthTimeoutMs: 5 * 60_000 }), h.deps()), h.deps())).rejects.toThrow(DeployError);
      expect(marked()).toHaveLength(1);
      expect(marked()[0].body).toContain(`Preview of commit \`${SHA1}\` failed`);
    });
  });

  describe('the preview subnet', () => {
    it('a subnet without public IPs fails at plan time, naming the subnet, the VPC and the fix; nothing is launched', async () => {
      h.compute.model.network.addVpc('vpc-0priv', { enableDnsHostnames: false });
      h.compute.model.network.addSubnet('subnet-0abc', { vpcId: 'vpc-0priv', mapPublicIpOnLaunch: false });
      const err = await planPreviewDeploy(request(SHA1), h.deps()).catch((e) => e);
      expect(err).toBeInstanceOf(DeployError);
      expect(err.message).toBe(
        'A preview in subnet subnet-0abc (VPC vpc-0priv) would get no public DNS name: subnet subnet-0abc does not assign public IPv4 addresses (MapPublicIpOnLaunch is off); VPC vpc-0priv gives instances no DNS host names (enableDnsHostnames is off).',
      );
      expect(err.hint).toContain('aws ec2 modify-subnet-attribute --subnet-id subnet-0abc --map-public-ip-on-launch');
      expect(err.hint).toContain('aws ec2 modify-vpc-attribute --vpc-id vpc-0priv --enable-dns-hostnames');
      expect(h.compute.mutatingCalls()).toEqual([]);
    });

    it('a subnet that does not exist fails at plan time', async () => {
      h.compute.model.network.removeSubnet('subnet-0abc');
      await expect(planPreviewDeploy(request(SHA1), h.deps())).rejects.toThrow('The preview subnet subnet-0abc (PREVIEW_AWS_SUBNET) does not exist in this account and region.');
    });

    it('--dry-run reports it too, and exits non-zero', async () => {
      h.compute.model.network.addSubnet('subnet-0123456789abcdef0', { mapPublicIpOnLaunch: false });
      h.github.addPull(42);
      // The dry run reads the commit's published release first (as CI's preview deploy does).
      const s3 = await startS3rver('releases');
      const bucket = releasesBucketOn(s3);
      await publishSampleRelease(bucket, SHA1).catch(async (err) => {
        await s3.close();
        throw err;
      });
      const env = {
        ...PREVIEW_INFRA_ENV,
        GITHUB_TOKEN: h.github.token,
        GITHUB_API_URL: h.github.baseUrl,
      };
      const result = await runPreview({ dryRun: true, pr: 42, sha: SHA1, owner: h.github.owner, repo: h.github.repo }, { env, logger: h.logger, clock: h.clock, compute: () => h.compute, parameters: () => h.parameters, health: h.health, bucket }).finally(() => s3.close());
      expect(result).toEqual({ success: false });
      expect(h.logger.text).toContain('subnet subnet-0123456789abcdef0 does not assign public IPv4 addresses (MapPublicIpOnLaunch is off)');
      expect(h.compute.mutatingCalls()).toEqual([]);
    });

    it('a running preview without a public DNS name fails within seconds, not after 10 minutes, and is removed', async () => {
      const plan = await planPreviewDeploy(request(SHA1), h.deps());
      // The subnet changed between plan and launch: the instance comes up without a public IP.
      h.compute.model.network.addSubnet('subnet-0abc', { mapPublicIpOnLaunch: false });
      const t0 = h.clock.now();
      const err = await applyPreviewDeploy(plan, h.deps()).catch((e) => e);
      expect(err.message).toMatch(/Preview instance i-\d+ in subnet subnet-0abc is running but has no public DNS name, and will not get one/);
      expect(h.clock.now() - t0).toBeLessThan(2 * 60_000);
      expect(h.compute.live()).toEqual([]);
      expect(marked()[0].body).toContain('has no public DNS name');
    });

    it('the subnet check works through the real SDK on the wire stand-in', async () => {
      const wire = await startAwsWire();
      try {
        wire.ec2.network.addVpc('vpc-0nodns', { enableDnsSupport: false });
        wire.ec2.network.addSubnet('subnet-0abc', { vpcId: 'vpc-0nodns' });
        const { compute } = wireAdapters(wire.url);
        await expect(planPreviewDeploy(request(SHA1), { compute, clock: h.clock, parameters: h.parameters })).rejects.toThrow(
          'A preview in subnet subnet-0abc (VPC vpc-0nodns) would get no public DNS name: VPC vpc-0nodns has DNS resolution off (enableDnsSupport is off).',
        );
        expect(wire.faults.calls.map((c) => c.operation)).toEqual(['DescribeSubnets', 'DescribeVpcAttribute', 'DescribeVpcAttribute']);
      } finally {
        await wire.close();
      }
    });
  });

  describe('cleanup never removes an open PR\'s preview', () => {
    const preview = (pr: number) => h.compute.seed({ tags: { environment: 'preview', 'github-pr': String(pr) } });
    const cleanup = async () => applyPreviewCleanup(await planPreviewCleanup({ compute: h.compute, pullRequests: h.pullRequests }), h.deps());

    it('lost answers and 502s while reading PR states are retried; open PRs keep their previews', async () => {
      h.github.addPull(1, { state: 'closed' });
      h.github.addPull(2);
      h.github.addPull(3);
      const closed = preview(1);
      const open = [preview(2), preview(3)];
      h.github.loseResponses(/\/pulls\/2$/, { times: 2 });
      h.github.fail(/\/pulls\/3$/, 502, { times: 2 });
      h.github.loseResponses(/\/issues\/1\/comments$/, { method: 'GET', times: 1 });
      const result = await cleanup();
      expect(result.terminated).toEqual([closed.id]);
      for (const i of open) expect(h.compute.instances.get(i.id)!.state).toBe('running');
    });

    it('a PR whose state never arrives keeps its preview, and the job says so', async () => {
      h.github.addPull(4);
      h.github.addPull(5, { state: 'closed' });
      const unknown = preview(4);
      const closed = preview(5);
      h.github.loseResponses(/\/pulls\/4$/);
      const err = await cleanup().catch((e) => e);
      expect(err.message).toMatch(/PR #4: state unknown, kept i-/);
      expect(h.compute.instances.get(unknown.id)!.state).toBe('running');
      expect(h.compute.instances.get(closed.id)!.state).toBe('terminated');
    });

    it('a GitHub that answers every request with 500 removes nothing', async () => {
      for (const pr of [6, 7, 8]) h.github.addPull(pr, { state: pr === 7 ? 'open' : 'closed' });
      const all = [preview(6), preview(7), preview(8)];
      h.github.fail(/./, 500);
      await expect(cleanup()).rejects.toThrow(/state unknown/);
      for (const i of all) expect(h.compute.instances.get(i.id)!.state).toBe('running');
      expect(h.compute.mutatingCalls()).toEqual([]);
    });
  });
});
