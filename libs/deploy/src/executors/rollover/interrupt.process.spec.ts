import { startAwsWire, type AwsWire } from '../../../testing/aws-wire/aws-wire-server';
import { wireEnv } from '../../../testing/aws-wire/wire-adapters';
import { NxProcess, pidAlive, waitUntil, workerPid } from '../../../testing/process/nx-process';
import { NEW_RELEASE, OLD_RELEASE } from '../../../testing/rollover-harness';
import { STAGING_ENV } from './staging-env.fixture';
import { SsmStandIn } from '../../../testing/ssm-stand-in';

/** Parameter Store for the settings the deploy writes before launching (shared by the cases). */
let ssm: SsmStandIn;
beforeAll(async () => {
  ssm = await new SsmStandIn().start();
});
afterAll(() => ssm.close());

const TG = STAGING_ENV['STAGING_API_AWS_TARGET_GROUP'];
const SHA = NEW_RELEASE.gitSha;

/** The stand-in with a serving old fleet, its invariants watched from now on. */
async function world(): Promise<AwsWire> {
  const wire = await startAwsWire({
    // A new target that served drains for 10 s when deregistered: longer than Nx's grace period.
    defaultScript: { bootMs: 2_000, statusOkAfterMs: 500, healthyAfterMs: 1_500, initialMs: 1_000, drainMs: 10_000, consoleOutput: 'step 4/6 start the API\n' },
    invariantsEveryMs: 20,
  });
  wire.elb.addTargetGroup({ arn: TG, port: 8080, deregistrationDelayMs: 60_000 });
  wire.ec2.seed({
    id: 'i-old0',
    tags: { environment: 'staging', release: OLD_RELEASE.gitSha, 'artifact-url': OLD_RELEASE.artifactUrl, 'artifact-sha256': OLD_RELEASE.artifactSha256 },
    script: { bootMs: 0, statusOkAfterMs: 0, healthyAfterMs: 500, initialMs: 500 },
  });
  wire.elb.seedRegistered(TG, ['i-old0']);
  wire.watch(TG).baseline();
  return wire;
}

function deploy(wire: AwsWire): NxProcess {
  return new NxProcess(
    [
      'api:deploy',
      '--configuration=staging',
      `--artifact-url=https://ci.example/artifacts/api-${SHA}.zip`,
      `--artifact-sha256=${NEW_RELEASE.artifactSha256}`,
      '--soak=4s',
      '--poll-interval=250ms',
      '--boot-timeout=90s',
      '--health-timeout=90s',
      '--drain-timeout=90s',
      '--call-timeout=20s',
    ],
    { ...STAGING_ENV, ...wireEnv(wire.url), AWS_ENDPOINT_URL_SSM: ssm.url, CIRCLE_SHA1: '' },
  );
}

/** The step the running rollover recorded in its journal (tags of its new instance). */
const phaseOf = (wire: AwsWire) => wire.ec2.live().find((i) => i.tags['rollover-phase'])?.tags['rollover-phase'];

/** Invariants after the deploy and whatever it left running in the background have ended. */
function expectInvariants(wire: AwsWire, serving: 'old' | 'new') {
  const inv = wire.watch(TG);
  inv.check();
  expect(inv.violations).toEqual([]);
  expect(inv.endViolations('staging')).toEqual([]);
  const journal = wire.ec2.live().flatMap((i) => Object.keys(i.tags).filter((k) => k.startsWith('rollover-')).map((k) => `${i.id} ${k}`));
  expect(journal).toEqual([]);
  const healthy = wire.elb.health(TG).filter((h) => h.state === 'healthy');
  expect(healthy.length).toBeGreaterThan(0);
  const want = serving === 'new' ? SHA : OLD_RELEASE.gitSha;
  expect(healthy.map((h) => wire.ec2.instances.get(h.id)?.tags['release'])).toEqual(healthy.map(() => want));
}

/**
 * `npx nx run api:deploy` in its own process group, interrupted the way a terminal (Ctrl-C:
 * SIGINT to the group) and CircleCI (SIGTERM to the group) do. Nx kills the executor's whole
 * process tree about 5 s later; the rollover runs in a detached worker and must still end in
 * a completed roll-back (before the switch) or a finished rollover (during the drain).
 */
describe('api:deploy interrupted through Nx (process group signals, wire stand-in)', () => {
  const grace: string[] = [];
  afterAll(() => {
    if (grace.length) console.log(`Nx grace period (signal to the group → last process of the group gone):\n  ${grace.join('\n  ')}`);
  });

  // soak: a new target is healthy and serving, so the roll-back must let it drain (10 s): it
  // outlives Nx's grace period, which is what these cases measure.
  const cases: Array<[NodeJS.Signals, string, 'old' | 'new']> = [
    ['SIGINT', 'wait-running', 'old'],
    ['SIGTERM', 'wait-running', 'old'],
    ['SIGINT', 'wait-healthy', 'old'],
    ['SIGTERM', 'wait-healthy', 'old'],
    ['SIGINT', 'soak', 'old'],
    ['SIGTERM', 'soak', 'old'],
    ['SIGINT', 'drain', 'new'],
    ['SIGTERM', 'drain', 'new'],
  ];

  // Concurrently: most of each case is waiting (Nx start-up aside), and each has its own stand-in.
  it.concurrent.each(cases)('%s during %s: the work finishes in the background, the invariants hold', async (signal, phase, serving) => {
    const wire = await world();
    const nx = deploy(wire);
    try {
      await nx.waitFor(`the rollover to reach ${phase}`, () => phaseOf(wire) === phase, 150_000);
      const pid = workerPid(nx.output);
      expect(pid).toBeDefined();
      const sentAt = nx.signalGroup(signal);
      await waitUntil('Nx and the executor to end', () => !nx.groupAlive(), 60_000, 20);
      grace.push(`${signal} during ${phase}: ${Date.now() - sentAt} ms${phase === 'soak' ? ' (the roll-back was still running: Nx killed the executor)' : ''}`);
      // The roll-back of a target that served takes longer than Nx waits: it goes on without the executor.
      if (phase === 'soak') expect(pidAlive(pid as number)).toBe(true);
      // The worker is in its own session: the signal and Nx's tree kill did not end it.
      await waitUntil(() => `the rollover worker ${pid} to finish\n${nx.output}`, () => !pidAlive(pid as number), 120_000);
      expectInvariants(wire, serving);
      if (serving === 'old') expect(wire.ec2.live().map((i) => i.id)).toEqual(['i-old0']);
      else expect(wire.ec2.instances.get('i-old0')?.state).not.toBe('running');
    } finally {
      nx.kill();
      await wire.close();
    }
  }, 300_000);

  it.concurrent('the worker itself killed mid-roll-back: the next api:deploy repairs the dead rollover by itself (no --force) and deploys', async () => {
    const wire = await world();
    const nx = deploy(wire);
    try {
      await nx.waitFor('the rollover to reach wait-healthy', () => phaseOf(wire) === 'wait-healthy', 150_000);
      const pid = workerPid(nx.output) as number;
      nx.signalGroup('SIGINT');
      // The machine goes away with the worker (a CI container torn down): nothing finishes it.
      process.kill(pid, 'SIGKILL');
      await waitUntil('Nx and the executor to end', () => !nx.groupAlive(), 60_000);
      expect(wire.ec2.live().filter((i) => i.tags['rollover-id'])).toHaveLength(1);

      const next = deploy(wire);
      const { code } = await next.exited;
      expect(next.output).toMatch(/found a dead rollover, repaired first: rollover staging-\S+ .*its process \S+ is gone/);
      expect(next.output).toMatch(/Summary: rollover complete/);
      expect(code).toBe(0);
      expectInvariants(wire, 'new');
      expect(wire.ec2.live()).toHaveLength(1);
    } finally {
      nx.kill();
      await wire.close();
    }
  }, 400_000);
});
