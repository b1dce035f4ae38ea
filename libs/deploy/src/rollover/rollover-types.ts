import type { ApiDeployConfig, DeployEnvironment } from '@eapd/config';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import type { Compute, Instance } from '../ports/compute';
import type { LoadBalancer, TargetHealth } from '../ports/load-balancer';
import type { Parameters } from '../ports/parameters';

/** What runs on an instance: the git commit and the artifact built from it. */
export interface Release {
  gitSha: string;
  artifactUrl: string;
  artifactSha256: string;
}

export interface RolloverSettings {
  environment: DeployEnvironment;
  /** "deploy" rolls to `release`; "rollback" to the release the current fleet replaced. */
  kind: 'deploy' | 'rollback';
  /** Required for "deploy"; ignored for "rollback". */
  release?: Release;
  /** Instances to run; default: as many as are healthy now, at least 1. */
  count?: number;
  instanceType: string;
  /** Bound on "running + both status checks ok". */
  bootTimeoutMs: number;
  /** Bound on "registered → healthy in the target group". */
  healthTimeoutMs: number;
  /** Bound on draining the old targets; default: the target group's deregistration delay + 60 s. */
  drainTimeoutMs?: number;
  keepFailed: boolean;
  force: boolean;
  dryRun: boolean;
  /** Who runs this rollover (CI job URL or user@host); recorded in the marker tag. */
  holder: string;
  /** Unique per run; also the launch's idempotency token. */
  rolloverId: string;
  /** Poll interval of every wait. */
  pollIntervalMs?: number;
}

export interface RolloverDeps {
  compute: Compute;
  loadBalancer: LoadBalancer;
  /** Where the instance settings go before launch (the instances read them with their role). */
  parameters: Parameters;
  clock: Clock;
  logger: DeployLogger;
  /** Aborted on SIGINT/SIGTERM: waits stop and the rollover rolls back. */
  signal?: AbortSignal;
  /**
   * The startup script (EC2 user data) that installs and starts `release`. Holds no secret.
   * May be async: a release from the releases bucket gets a freshly presigned download URL.
   */
  renderUserData(release: Release): string | Promise<string>;
}

/** The environment as found before changing anything. */
export interface Fleet {
  /** Live (pending/running) instances tagged environment=<env>. */
  instances: Instance[];
  /** Registered targets of the target group (not `unused`). */
  targets: TargetHealth[];
  /** Instances of the environment registered in the target group: the serving fleet. */
  current: Instance[];
  /** Instances of the environment running but NOT registered (leftovers of an interrupted rollover). */
  strays: Instance[];
  /** Registered targets that are not instances of this environment (left alone). */
  foreignTargets: TargetHealth[];
  healthyIds: string[];
}

export type { ApiDeployConfig };
