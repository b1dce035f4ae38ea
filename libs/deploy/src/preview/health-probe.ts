/** One look at a preview's health URL. Behind a port so tests use a fake or a local server. */
export interface HealthProbeResult {
  healthy: boolean;
  /** "HTTP 200", "HTTP 502", "connect ECONNREFUSED ..." — for progress lines. */
  detail: string;
}

export interface HealthProbe {
  check(url: string): Promise<HealthProbeResult>;
}
