/**
 * How a model instance behaves over time, and how the load balancer sees it. Every duration
 * is in milliseconds of the model's clock: virtual for the in-memory fakes, real (plus any
 * jumps a test makes) for the wire stand-in, where tests script short durations.
 */
export interface InstanceScript {
  /** pending → running after this long (default 30 s). */
  bootMs?: number;
  /** Status checks turn `ok` this long after running (default 60 s). */
  statusOkAfterMs?: number;
  /** Status checks stay `impaired` (a broken instance). */
  impaired?: boolean;
  /** The application answers its health check this long after registration (default 45 s). */
  healthyAfterMs?: number;
  /** The application never answers its health check. */
  neverHealthy?: boolean;
  /** ELB reports `initial` for this long after registration, then `unhealthy` (default 30 s). */
  initialMs?: number;
  /**
   * Once healthy, the target turns unhealthy again this long after a DescribeTargetHealth
   * answer first reported it healthy (a release failing after the gate). Counting from that
   * answer, not from registration, means every poller sees the healthy phase at least once,
   * however loaded the machine; until then the target stays healthy.
   */
  unhealthyAfterMs?: number;
  /**
   * Once healthy, the target turns unhealthy this long after another target of its group was
   * deregistered (the rollover's switch applied): a release failing while the old fleet
   * drains, tied to that moment in the model rather than to a time a loaded machine may miss.
   */
  unhealthyAfterOthersDeregisteredMs?: number;
  /** A deregistered target finishes draining after this long; never longer than the deregistration delay (default: the delay). */
  drainMs?: number;
  /** AWS terminates the instance this long after launch, while pending (e.g. capacity). */
  terminatedByAwsAfterMs?: number;
  terminatedReason?: string;
  /** What GetConsoleOutput returns. */
  consoleOutput?: string;
}

export const SCRIPT_DEFAULTS = {
  bootMs: 30_000,
  statusOkAfterMs: 60_000,
  healthyAfterMs: 45_000,
  initialMs: 30_000,
} as const;

/** Scripts whose keys are all known, for the control API (it takes JSON from another process). */
export const SCRIPT_KEYS: Array<keyof InstanceScript> = [
  'bootMs',
  'statusOkAfterMs',
  'impaired',
  'healthyAfterMs',
  'neverHealthy',
  'initialMs',
  'unhealthyAfterMs',
  'unhealthyAfterOthersDeregisteredMs',
  'drainMs',
  'terminatedByAwsAfterMs',
  'terminatedReason',
  'consoleOutput',
];
