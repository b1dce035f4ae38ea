import type { PreviewDeployConfig } from '@eapd/config';
import { FakeClock } from './fake-clock';
import { FakeCompute } from './fake-compute';
import { FakeParameters } from './fake-parameters';
import { MemoryLogger } from './memory-logger';
import { GitHubPullRequests } from '../src/github/github-pull-requests';
import { createGitHubClient } from '../src/github/octokit-client';
import { FakeGitHubServer } from './fake-github-server';
import type { HealthProbe } from '../src/preview/health-probe';

/**
 * Everything an orchestration test needs: in-memory EC2 on a virtual clock, a local GitHub
 * server reached through the real Octokit client, and a health probe that answers as each
 * fake instance's script says (healthyAfterMs after it runs, or never).
 */
/** The preview's infrastructure variables (made-up ids in the formats libs/config accepts). */
export const PREVIEW_INFRA_ENV = {
  PREVIEW_AWS_AMI: 'ami-0123456789abcdef0',
  PREVIEW_AWS_REGION: 'us-east-1',
  PREVIEW_AWS_SUBNET: 'subnet-0123456789abcdef0',
  PREVIEW_AWS_SECURITY_GROUP: 'sg-0123456789abcdef0',
  PREVIEW_API_PBKDF2_ITERATIONS: '310000',
  PREVIEW_AWS_INSTANCE_PROFILE: 'eapd-preview',
} as const;

export class PreviewHarness {
  readonly clock = new FakeClock();
  readonly compute = new FakeCompute(this.clock);
  readonly parameters = new FakeParameters();
  readonly logger = new MemoryLogger();
  readonly github = new FakeGitHubServer();
  readonly probed: Array<{ url: string; at: number; healthy: boolean }> = [];
  pullRequests!: GitHubPullRequests;

  readonly health: HealthProbe = {
    check: async (url) => {
      const host = new URL(url).hostname;
      const inst = [...this.compute.instances.values()].find((i) => i.publicDnsName === host);
      const up = inst ? this.compute.runningForMs(inst) : undefined;
      const healthy = !!inst && up !== undefined && !inst.script.neverHealthy && up >= (inst.script.healthyAfterMs ?? 45_000);
      this.probed.push({ url, at: this.clock.now(), healthy });
      return { healthy, detail: healthy ? 'HTTP 200' : up === undefined ? 'connect ECONNREFUSED' : 'HTTP 502' };
    },
  };

  config(): PreviewDeployConfig {
    return {
      environment: 'preview',
      ami: 'ami-0123456789abcdef0',
      region: 'us-east-1',
      subnet: 'subnet-0abc',
      securityGroup: 'sg-0abc',
      pbkdf2Iterations: 1000,
      instanceProfile: { name: 'eapd-preview' },
      parameters: { path: '/eapd/preview' },
      instanceEnvironment: { PBKDF2_ITERATIONS: '1000' },
      github: { token: this.github.token, apiUrl: this.github.baseUrl },
    };
  }

  async start(): Promise<this> {
    await this.github.start();
    const octokit = createGitHubClient({ token: this.github.token, apiUrl: this.github.baseUrl, clock: this.clock, logger: this.logger });
    this.pullRequests = new GitHubPullRequests(octokit, this.github.owner, this.github.repo);
    return this;
  }

  stop(): Promise<void> {
    return this.github.stop();
  }

  get repository(): string {
    return `${this.github.owner}/${this.github.repo}`;
  }

  deps() {
    return { compute: this.compute, parameters: this.parameters, pullRequests: this.pullRequests, health: this.health, clock: this.clock, logger: this.logger };
  }
}
