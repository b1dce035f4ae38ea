import type { ApiDeployConfig, DeployEnvironment } from '@eapd/config';
import type { DeployLogger } from '../log/logger';
import type { Clock } from '../ports/clock';
import type { Compute, Instance } from '../ports/compute';
import type { LoadBalancer, TargetHealth } from '../ports/load-balancer';
import type { Parameters } from '../ports/parameters';
import type { ParameterPlan } from '../parameters/plan-parameters';
import type { RetryDeps } from '../wait/retry';
import type { Journal, JournalEntry } from './journal';

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
  /** Bound on "registered → healthy in the target group" (and on the old fleet becoming healthy again in a roll-back). */
  healthTimeoutMs: number;
  /** How long the new targets must stay healthy, with the old ones still registered, before the switch (default 60 s). */
  soakMs?: number;
  /** Bound on draining the old targets; default: the target group's deregistration delay + 60 s. */
  drainTimeoutMs?: number;
  keepFailed: boolean;
  force: boolean;
  dryRun: boolean;
  /** Who runs this rollover (CI job URL or user@host); recorded in the marker tag. */
  holder: string;
  /** Unique per run; also the launch's idempotency token. */
  rolloverId: string;
  /** Poll interval of every wait (default 10 s). */
  pollIntervalMs?: number;
  /** Deadline of one AWS call, retries included, before a step gives up (default 2 min). */
  callTimeoutMs?: number;
  /** How long the journal's lease lasts without renewal; a rollover whose lease ran out is dead (default 5 min). */
  leaseMs?: number;
}

export interface RolloverDeps {
  compute: Compute;
  loadBalancer: LoadBalancer;
  /** Where the instance settings go before launch (the instances read them with their role). */
  parameters: Parameters;
  clock: Clock;
  logger: DeployLogger;
  /** Aborted on SIGINT/SIGTERM: before the switch the rollover rolls back, after it it finishes without waiting for the drain. */
  signal?: AbortSignal;
  /**
   * The startup script (EC2 user data) that installs and starts `release`. Holds no secret.
   * May be async: a release from the releases bucket gets a freshly presigned download URL.
   */
  renderUserData(release: Release): string | Promise<string>;
  /** "<host>:<pid>" of this process, recorded in the journal. */
  processId?: string;
  /** Whether the process named by a journal's "<host>:<pid>" still runs: true/false on this host, undefined elsewhere. */
  isProcessAlive?(processId: string): boolean | undefined;
  /** Jitter source of the retries (tests pin it). */
  random?: () => number;
}

/** The environment as found before changing anything. */
export interface Fleet {
  /** Live (pending/running) instances tagged environment=<env>. */
  instances: Instance[];
  /** Registered targets of the target group (not `unused`). */
  targets: TargetHealth[];
  /** Instances of the environment registered in the target group: the serving fleet. */
  current: Instance[];
  /** Instances of the environment running but NOT registered and not part of any rollover (leftovers). */
  strays: Instance[];
  /** Registered targets that are not instances of this environment (left alone). */
  foreignTargets: TargetHealth[];
  healthyIds: string[];
  /** Rollovers whose journal tags are on instances of the environment (running, or dead and to be repaired). */
  rollovers: JournalEntry[];
}

export type { ApiDeployConfig };

/** Everything a step of a running rollover needs; built once by runRollover. */
export interface RolloverRun {
  config: ApiDeployConfig;
  settings: RolloverSettings;
  deps: RolloverDeps;
  /** `deps` plus the journal's keep-alive, for every retry loop. */
  retry: RetryDeps;
  journal: Journal;
  release: Release;
  previous?: Release;
  userData: string;
  /** What the write-parameters step writes (names and actions; the values come from `config`). */
  parameterPlan: ParameterPlan;
  pollMs: number;
  drainTimeoutMs: number;
  /** A lock marker without a lease (written by an older version) counts as live this long. */
  legacyTtlMs: number;
  /** Epoch ms by which a single call (with its retries) must have succeeded. */
  callDeadline(): number;
}
