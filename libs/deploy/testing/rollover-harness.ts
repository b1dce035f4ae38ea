import type { ApiDeployConfig } from '@eapd/config';
import { FakeClock } from './fake-clock';
import { FakeCompute } from './fake-compute';
import { FakeLoadBalancer } from './fake-load-balancer';
import { FakeParameters } from './fake-parameters';
import { MemoryLogger } from './memory-logger';
import { Journal } from '../src/rollover/journal';
import type { Release, RolloverDeps, RolloverRun, RolloverSettings } from '../src/rollover/rollover-types';

/** Shared set-up for the orchestration specs: fakes, a config, settings. Test-only. */
export const TEST_CONFIG: ApiDeployConfig = {
  environment: 'production',
  ami: 'ami-0123456789abcdef0',
  region: 'us-east-1',
  subnet: 'subnet-0abc',
  securityGroup: 'sg-0abc',
  targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc',
  port: 8080,
  instanceProfile: { name: 'eapd-api-production' },
  parameters: { path: '/eapd/production' },
  instanceEnvironment: {
    PORT: '8080',
    DATABASE_URL: 'postgres://u:p@db/eapd',
    FILES_S3_BUCKET: 'files',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIA',
    AWS_SECRET_ACCESS_KEY: 'secret',
    PBKDF2_ITERATIONS: '100000',
    SESSION_SECRET: 'session',
    JWT_SECRET: 'jwt',
    NODE_ENV: 'production',
  },
};

export const NEW_RELEASE: Release = { gitSha: 'b'.repeat(40), artifactUrl: 'https://ci.example/b/api.zip', artifactSha256: 'f'.repeat(64) };
export const OLD_RELEASE: Release = { gitSha: 'a'.repeat(40), artifactUrl: 'https://ci.example/a/api.zip', artifactSha256: 'e'.repeat(64) };
export const OLDER_RELEASE: Release = { gitSha: '9'.repeat(40), artifactUrl: 'https://ci.example/9/api.zip', artifactSha256: 'd'.repeat(64) };

export function settings(overrides: Partial<RolloverSettings> = {}): RolloverSettings {
  return {
    environment: 'production',
    kind: 'deploy',
    release: NEW_RELEASE,
    instanceType: 't3.small',
    bootTimeoutMs: 10 * 60_000,
    healthTimeoutMs: 15 * 60_000,
    keepFailed: false,
    force: false,
    dryRun: false,
    holder: 'test-runner',
    rolloverId: 'rollover-test-1',
    ...overrides,
  };
}

export function harness(oldCount: number, options: { oldRelease?: Release; previousOfOld?: Release; targetGroupArn?: string } = {}) {
  const clock = new FakeClock();
  const compute = new FakeCompute(clock, { defaultScript: { bootMs: 30_000, statusOkAfterMs: 60_000, healthyAfterMs: 45_000, consoleOutput: 'boot ok\n' } });
  const faults = compute.faults;
  const lb = new FakeLoadBalancer(clock, compute, options.targetGroupArn ?? TEST_CONFIG.targetGroupArn);
  lb.port = TEST_CONFIG.port;
  lb.deregistrationDelayMs = 60_000;
  const rel = options.oldRelease ?? OLD_RELEASE;
  const oldIds: string[] = [];
  for (let n = 0; n < oldCount; n++) {
    const tags: Record<string, string> = {
      environment: 'production',
      release: rel.gitSha,
      'artifact-url': rel.artifactUrl,
      'artifact-sha256': rel.artifactSha256,
    };
    if (options.previousOfOld) {
      tags['previous-release'] = options.previousOfOld.gitSha;
      tags['previous-artifact-url'] = options.previousOfOld.artifactUrl;
      tags['previous-artifact-sha256'] = options.previousOfOld.artifactSha256;
    }
    oldIds.push(compute.seed({ id: `i-old${n}`, tags }).id);
  }
  lb.seedRegistered(oldIds);
  const logger = new MemoryLogger();
  const rendered: Release[] = [];
  const parameters = new FakeParameters();
  const deps: RolloverDeps = {
    compute,
    loadBalancer: lb,
    parameters,
    clock,
    logger,
    renderUserData: (r) => {
      rendered.push(r);
      return `#!/bin/bash\n# release ${r.gitSha}\n`;
    },
    // Deterministic jitter: the middle of each back-off window.
    random: () => 0.5,
  };
  return { clock, compute, lb, parameters, logger, deps, oldIds, rendered, faults };
}

/** A RolloverRun for unit tests of single steps (what runRollover builds for a real run). */
export function testRun(h: ReturnType<typeof harness>, overrides: Partial<RolloverSettings> = {}): RolloverRun {
  const s = settings(overrides);
  const retry = { clock: h.clock, logger: h.logger, random: () => 0.5 };
  const journal = new Journal({ compute: h.compute, ...retry }, { rolloverId: s.rolloverId, holder: s.holder, startedAt: new Date(h.clock.now()), leaseMs: 300_000, callTimeoutMs: 120_000 });
  return {
    config: TEST_CONFIG,
    settings: s,
    deps: h.deps,
    retry,
    journal,
    release: NEW_RELEASE,
    userData: '#!/bin/bash\n',
    parameterPlan: { path: TEST_CONFIG.parameters.path, keyId: 'alias/aws/ssm', changes: [] },
    pollMs: s.pollIntervalMs ?? 10_000,
    drainTimeoutMs: 120_000,
    legacyTtlMs: 3_600_000,
    callDeadline: () => h.clock.now() + 120_000,
  };
}
