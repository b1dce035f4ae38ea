import { formatPlan } from '../plan/plan';
import { DeployError } from '../log/errors';
import { applyPreviewDeploy } from './apply-preview-deploy';
import { planPreviewDeploy, type PreviewDeployRequest } from './plan-preview-deploy';
import { PREVIEW_COMMENT_MARKER } from './preview-comment';
import { PreviewHarness } from '../../testing/preview-harness';

const SHA1 = '1111111111111111111111111111111111111111';
const SHA2 = '2222222222222222222222222222222222222222';

describe('preview deploy', () => {
  let h: PreviewHarness;
  beforeEach(async () => {
    h = await new PreviewHarness().start();
    h.github.addPull(7);
  });
  afterEach(() => h.stop());

  function request(sha: string, overrides: Partial<PreviewDeployRequest> = {}): PreviewDeployRequest {
    return {
      repository: h.repository,
      pr: 7,
      sha,
      config: h.config(),
      release: {
        api: { url: `https://releases.example/api-${sha}.zip?X-Amz-Signature=1`, sha256: 'a'.repeat(64) },
        web: { url: `https://releases.example/web-${sha}.zip?X-Amz-Signature=2`, sha256: 'b'.repeat(64) },
        seeds: { url: `https://releases.example/seeds-${sha}.zip?X-Amz-Signature=3`, sha256: 'c'.repeat(64) },
      },
      instanceType: 't3.medium',
      waitHealthy: true,
      healthTimeoutMs: 20 * 60_000,
      runningTimeoutMs: 10 * 60_000,
      ...overrides,
    };
  }

  async function deploy(sha: string, overrides: Partial<PreviewDeployRequest> = {}) {
    const plan = await planPreviewDeploy(request(sha, overrides), h.deps());
    return applyPreviewDeploy(plan, h.deps());
  }

  const markedComments = () => h.github.commentsOn(7).filter((c) => c.body.startsWith(PREVIEW_COMMENT_MARKER));

  it('first preview: launches a tagged instance, waits for health, creates the comment', async () => {
    const result = await deploy(SHA1);
    const inst = h.compute.instances.get(result.instanceId)!;
    expect(inst.state).toBe('running');
    expect(inst.tags).toMatchObject({ environment: 'preview', 'github-pr': '7', commit: SHA1, Name: 'eapd-preview-pr-7', 'github-repo': h.repository });
    expect(inst.userData).toContain(`COMMIT_SHA='${SHA1}'`);
    expect(inst.userData).toContain(`https://releases.example/api-${SHA1}.zip?X-Amz-Signature=1`);
    expect(inst.userData).not.toContain(h.github.token);
    expect(h.probed.at(-1)).toMatchObject({ url: `https://${inst.publicDnsName}/api/health`, healthy: true });
    const comments = markedComments();
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain(`https://${inst.publicDnsName}/`);
    expect(comments[0].body).toContain(SHA1);
    expect(comments[0].body).toMatch(/healthy at 2026-01-01T\d\d:\d\d/);
    expect(h.compute.calls.filter((c) => c.method === 'terminate')).toEqual([]);
  });

  it('second push: updates the same comment, terminates the older instance only after the new one is healthy and linked', async () => {
    const first = await deploy(SHA1);
    h.github.addComment(7, 'LGTM, unrelated chatter');
    let linkedWhenTerminated: string | undefined;
    let lastProbeBeforeTerminate: boolean | undefined;
    h.compute.onChange(() => {
      if (h.compute.instances.get(first.instanceId)?.state === 'terminated' && linkedWhenTerminated === undefined) {
        linkedWhenTerminated = markedComments()[0]?.body;
        lastProbeBeforeTerminate = h.probed.at(-1)?.healthy;
      }
    });
    const second = await deploy(SHA2);
    expect(second.terminated).toEqual([first.instanceId]);
    expect(h.compute.instances.get(second.instanceId)!.state).toBe('running');
    expect(lastProbeBeforeTerminate).toBe(true);
    expect(linkedWhenTerminated).toContain(h.compute.instances.get(second.instanceId)!.publicDnsName);
    expect(markedComments()).toHaveLength(1);
    expect(markedComments()[0].body).toContain(SHA2);
    expect(h.github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('new instance never healthy: terminates it, keeps the old one, says so on the PR with the console tail, fails', async () => {
    const first = await deploy(SHA1);
    h.compute.scriptNextLaunches({
      neverHealthy: true,
      consoleOutput: 'booting\n2026-01-01T00:03:00Z +180s [step] Install dependencies (npm ci)\nnpm ERR! ```weird``` output\n',
    });
    const err = await deploy(SHA2, { healthTimeoutMs: 5 * 60_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect(err.message).toMatch(/Timed out after 5 min 0 s waiting for https:\/\/.*\/api\/health/);
    const newest = [...h.compute.instances.values()].at(-1)!;
    expect(newest.id).not.toBe(first.instanceId);
    expect(newest.state).toBe('terminated');
    expect(h.compute.instances.get(first.instanceId)!.state).toBe('running');
    const body = markedComments()[0].body;
    expect(markedComments()).toHaveLength(1);
    expect(body).toContain(`Preview of commit \`${SHA2}\` failed`);
    expect(body).toContain(`The previous preview is still up: https://${h.compute.instances.get(first.instanceId)!.publicDnsName}/`);
    expect(body).toMatch(/<details><summary>Console output[\s\S]*````\n[\s\S]*npm ERR! ```weird``` output\n````/);
  });

  it('fails fast when the console shows a failed boot step instead of waiting out the timeout', async () => {
    h.compute.scriptNextLaunches({ neverHealthy: true, consoleOutput: '[error] step "Install dependencies (npm ci)" failed (exit 1, line 90)\n' });
    const t0 = h.clock.now();
    const err = await deploy(SHA1).catch((e) => e);
    expect(err.message).toMatch(/startup script failed: \[error\] step "Install dependencies \(npm ci\)" failed/);
    expect(h.clock.now() - t0).toBeLessThan(5 * 60_000);
    expect(markedComments()[0].body).toContain('There is no earlier preview of this PR.');
  });

  it('an instance AWS terminates while pending fails the deploy and keeps the old preview', async () => {
    const first = await deploy(SHA1);
    h.compute.scriptNextLaunches({ terminatedByAwsAfterMs: 10_000 });
    await expect(deploy(SHA2)).rejects.toThrow(/terminated: Server.InsufficientInstanceCapacity/);
    expect(h.compute.instances.get(first.instanceId)!.state).toBe('running');
  });

  it('--no-wait-healthy posts the link as soon as the instance has a DNS name', async () => {
    h.compute.scriptNextLaunches({ neverHealthy: true });
    await deploy(SHA1, { waitHealthy: false });
    expect(h.probed).toEqual([]);
    expect(markedComments()[0].body).toMatch(/started at .*health check was skipped/s);
  });

  it('concurrent jobs: the later push wins whatever order they finish in', async () => {
    h.compute.scriptNextLaunches({ healthyAfterMs: 10 * 60_000 }, { healthyAfterMs: 0 });
    const planA = await planPreviewDeploy(request(SHA1), h.deps());
    const jobA = applyPreviewDeploy(planA, h.deps()).catch((e) => e);
    while (h.compute.instances.size === 0) await new Promise((r) => setImmediate(r));
    const [a] = [...h.compute.instances.values()];
    h.clock.advance(1000);
    const b = await deploy(SHA2);
    const resultA = await jobA;
    expect(resultA).toBeInstanceOf(Error);
    expect(h.compute.instances.get(a.id)!.state).toBe('terminated');
    expect(h.compute.instances.get(b.instanceId)!.state).toBe('running');
    expect(markedComments()).toHaveLength(1);
    expect(markedComments()[0].body).toContain(`Preview deployed: ${b.url}`);
    expect(markedComments()[0].body).toContain(SHA2);
  });

  it('plans without changing anything, and the plan names every step', async () => {
    h.compute.seed({ tags: { environment: 'preview', 'github-pr': '7', commit: SHA1 } });
    const plan = await planPreviewDeploy(request(SHA2), h.deps());
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const text = formatPlan(plan);
    expect(text).toMatch(/Launch a preview instance of PR #7 at 2222222/);
    expect(text).toMatch(/Terminate the older previews of PR #7: i-/);
    expect(text).not.toContain(h.github.token);
  });

  it.each(['main', 'feature/$(touch /tmp/pwned)', 'ABCDEF'.repeat(7).slice(0, 40), SHA1.slice(0, 39)])(
    'refuses %p as a commit before touching anything',
    async (sha) => {
      await expect(planPreviewDeploy(request(sha), h.deps())).rejects.toThrow(/not a full commit SHA/);
      expect(h.compute.calls).toEqual([]);
    },
  );
});
