import { formatPlan } from '../plan/plan';
import { DeployError } from '../log/errors';
import { applyPreviewCleanup } from './apply-preview-cleanup';
import { planPreviewCleanup } from './plan-preview-cleanup';
import { PREVIEW_COMMENT_MARKER } from './preview-comment';
import { PreviewHarness } from '../../testing/preview-harness';

describe('preview cleanup', () => {
  let h: PreviewHarness;
  beforeEach(async () => {
    h = await new PreviewHarness().start();
  });
  afterEach(() => h.stop());

  const preview = (pr: string | undefined, extra: Record<string, string> = {}) =>
    h.compute.seed({ tags: { environment: 'preview', ...(pr === undefined ? {} : { 'github-pr': pr }), ...extra } });
  const marker = (pr: number) => h.github.addComment(pr, `${PREVIEW_COMMENT_MARKER}\n### Preview deployed: https://x/`, 'bot');

  async function cleanup() {
    const plan = await planPreviewCleanup({ compute: h.compute, pullRequests: h.pullRequests });
    return { plan, result: await applyPreviewCleanup(plan, h.deps()) };
  }

  it('terminates the previews of a closed PR, marks its comment removed, keeps open PRs', async () => {
    h.github.addPull(1, { state: 'closed' });
    h.github.addPull(2);
    const closed = [preview('1'), preview('1')];
    const open = preview('2');
    const comment = marker(1);
    const { result } = await cleanup();
    expect(result.terminated.sort()).toEqual(closed.map((i) => i.id).sort());
    expect(closed.every((i) => h.compute.instances.get(i.id)!.state === 'terminated')).toBe(true);
    expect(h.compute.instances.get(open.id)!.state).toBe('running');
    expect(h.github.comments.find((c) => c.id === comment.id)!.body).toMatch(/Preview removed[\s\S]*PR #1 is closed/);
  });

  it('treats a merged PR as closed', async () => {
    h.github.addPull(3, { state: 'closed', merged: true });
    const inst = preview('3');
    marker(3);
    await cleanup();
    expect(h.compute.instances.get(inst.id)!.state).toBe('terminated');
    expect(h.github.commentsOn(3)[0].body).toContain('PR #3 is merged');
  });

  it('GitHub 500 for a PR: terminates nothing of that PR, still handles the others, fails at the end', async () => {
    h.github.addPull(4, { state: 'closed' });
    h.github.addPull(5, { state: 'closed' });
    h.github.fail(/\/pulls\/4$/, 500);
    const kept = preview('4');
    const removed = preview('5');
    const plan = await planPreviewCleanup({ compute: h.compute, pullRequests: h.pullRequests });
    expect(formatPlan(plan)).toMatch(/kept PR #4 .*answered HTTP 500/);
    const err = await applyPreviewCleanup(plan, h.deps()).catch((e) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect(err.message).toMatch(/PR #4: state unknown, kept i-/);
    expect(h.compute.instances.get(kept.id)!.state).toBe('running');
    expect(h.compute.instances.get(removed.id)!.state).toBe('terminated');
  });

  it('GitHub unreachable: terminates nothing at all', async () => {
    h.github.addPull(6, { state: 'closed' });
    const inst = preview('6');
    await h.github.stop();
    await expect(cleanup()).rejects.toThrow(/PR #6: state unknown/);
    expect(h.compute.instances.get(inst.id)!.state).toBe('running');
    expect(h.compute.mutatingCalls()).toEqual([]);
  });

  it('reports previews without a usable github-pr tag and never terminates them', async () => {
    const noTag = preview(undefined);
    const empty = preview('');
    const junk = preview('12; rm -rf /');
    const { plan } = await cleanup();
    expect(plan.untagged.map((i) => i.id)).toEqual([noTag.id, empty.id, junk.id]);
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.logger.text).toContain(`${noTag.id} is tagged environment=preview but has no usable github-pr tag`);
    expect(h.github.requests).toEqual([]);
  });

  it('leaves previews of another repository alone', async () => {
    h.github.addPull(8, { state: 'closed' });
    const other = preview('8', { 'github-repo': 'someone/else' });
    const { plan } = await cleanup();
    expect(plan.otherRepository.map((i) => i.id)).toEqual([other.id]);
    expect(h.compute.instances.get(other.id)!.state).toBe('running');
  });

  it('ignores already terminated instances (no re-terminating, no re-commenting)', async () => {
    h.github.addPull(9, { state: 'closed' });
    preview('9', {}).state = 'terminated';
    const { plan } = await cleanup();
    expect(plan.steps).toEqual([]);
    expect(h.github.requests).toEqual([]);
  });

  it('handles more than 100 previews and PRs, with the comment beyond the first page', async () => {
    for (let pr = 1; pr <= 130; pr++) {
      h.github.addPull(pr, { state: pr % 2 ? 'closed' : 'open' });
      preview(String(pr));
    }
    for (let i = 0; i < 120; i++) h.github.addComment(1, `review comment ${i}`);
    const comment = marker(1);
    const { plan, result } = await cleanup();
    expect(plan.open).toHaveLength(65);
    expect(result.terminated).toHaveLength(65);
    expect(h.compute.live()).toHaveLength(65);
    expect(h.compute.live().every((i) => Number(i.tags['github-pr']) % 2 === 0)).toBe(true);
    expect(h.github.comments.find((c) => c.id === comment.id)!.body).toContain('Preview removed');
    // ~200 HTTP round trips to the local GitHub server: seconds on a busy CI machine, not a hang.
  }, 60_000);

  it('plans without changing anything', async () => {
    h.github.addPull(10, { state: 'closed' });
    preview('10');
    const plan = await planPreviewCleanup({ compute: h.compute, pullRequests: h.pullRequests });
    expect(formatPlan(plan)).toMatch(/PR #10 is closed: terminate i-/);
    expect(h.compute.mutatingCalls()).toEqual([]);
    expect(h.github.requests.every((r) => r.method === 'GET')).toBe(true);
  });
});
