import { createServer } from 'node:net';
import { startAwsWire, type AwsWire } from '../../../testing/aws-wire/aws-wire-server';
import { wireEnv } from '../../../testing/aws-wire/wire-adapters';
import { FakeGitHubServer } from '../../../testing/fake-github-server';
import { NxProcess, pidAlive, waitUntil, workerPid } from '../../../testing/process/nx-process';
import { publishSampleRelease, releasesBucketOn } from '../../../testing/releases-harness';
import { S3RVER_CREDENTIALS, startS3rver, type S3rverHarness } from '../../../testing/s3rver-harness';
import { SsmStandIn } from '../../../testing/ssm-stand-in';
import { PREVIEW_INFRA_ENV } from '../../../testing/preview-harness';

const SHA = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';

/**
 * Parameter Store for the settings the deploy writes before launching, and the releases bucket
 * holding the commit's published release (a preview launches it), shared by the cases.
 */
let ssm: SsmStandIn;
let s3: S3rverHarness;
beforeAll(async () => {
  ssm = await new SsmStandIn().start();
  s3 = await startS3rver('releases');
  await publishSampleRelease(releasesBucketOn(s3), SHA);
}, 120_000);
afterAll(async () => {
  await ssm.close();
  await s3?.close();
});

const OLD_SHA = '1234567890123456789012345678901234567890';

/** A port nothing listens on: the new preview's health checks are refused, so the deploy keeps waiting. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The PR's preview instances launched by the deploy under test (not the seeded old one). */
const newPreviews = (wire: AwsWire) => [...wire.ec2.instances.values()].filter((i) => i.tags['github-pr'] === '42' && i.id !== 'i-oldpreview');

/**
 * `npx nx run api:preview` interrupted through the process group, as a terminal and CircleCI do
 * it, while it waits for the instance to run and while it waits for https://<dns>/api/health.
 * The deploy runs in a detached worker: the new instance is still terminated, the PR's current
 * preview kept, and the PR told, although Nx kills the executor's tree about 5 s after the signal.
 */
describe('api:preview interrupted through Nx (process group signals, wire stand-in)', () => {
  const cases: Array<[NodeJS.Signals, 'running' | 'health']> = [
    ['SIGINT', 'running'],
    ['SIGTERM', 'running'],
    ['SIGINT', 'health'],
    ['SIGTERM', 'health'],
  ];

  // Concurrently: most of each case is waiting, and each has its own stand-in and GitHub.
  it.concurrent.each(cases)('%s during the %s wait: the new instance goes, the current preview stays', async (signal, phase) => {
    const wire = await startAwsWire({ defaultScript: { bootMs: phase === 'running' ? 120_000 : 1_000, statusOkAfterMs: 500, consoleOutput: '[step] boot\n' } });
    const github = await new FakeGitHubServer().start();
    github.addPull(42, { headSha: SHA });
    wire.ec2.seed({ id: 'i-oldpreview', tags: { environment: 'preview', 'github-pr': '42', 'github-repo': 'acme/eapd', commit: OLD_SHA } });
    const port = await closedPort();
    const nx = new NxProcess(['api:preview', '--pr=42', `--sha=${SHA}`, '--owner=acme', '--repo=eapd', '--running-timeout=300', '--health-timeout=300'], {
      ...wireEnv(wire.url),
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      // s3rver checks signatures against its own keys; the EC2/ELB/SSM stand-ins take any.
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      RELEASES_AWS_S3_BUCKET: `s3://${s3.bucket}/rel`,
      RELEASES_AWS_REGION: 'us-east-1',
      ...PREVIEW_INFRA_ENV,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.baseUrl,
    });
    try {
      await nx.waitFor('the preview instance to be launched', () => newPreviews(wire).length > 0, 150_000, 20);
      // Its health check goes to a local port nothing answers on (never to a real host name).
      for (const i of newPreviews(wire)) i.publicDnsName = `127.0.0.1:${port}`;
      if (phase === 'health') await nx.waitFor('the health wait', () => /is running at/.test(nx.output), 60_000);
      const pid = workerPid(nx.output);
      expect(pid).toBeDefined();
      nx.signalGroup(signal);
      await waitUntil('Nx and the executor to end', () => !nx.groupAlive(), 60_000);
      await waitUntil(() => `the preview worker ${pid} to finish\n${nx.output}`, () => !pidAlive(pid as number), 120_000);

      expect(newPreviews(wire).map((i) => i.state)).toEqual(['terminated']);
      expect(wire.ec2.instances.get('i-oldpreview')?.state).toBe('running');
      // The PR never links the terminated instance: no comment, or one saying this commit failed.
      for (const c of github.commentsOn(42)) expect(c.body).toMatch(new RegExp(`Preview of commit \`${SHA}\` failed[\\s\\S]*Interrupted by SIG(INT|TERM)`));
    } finally {
      nx.kill();
      await github.stop();
      await wire.close();
    }
  }, 300_000);
});
