import * as https from 'node:https';
import type { HealthProbe, HealthProbeResult } from './health-probe';

/**
 * Probes a preview's `https://<dns>/api/health` through its nginx. A preview serves a
 * self-signed certificate made at boot, so certificate checks are off — for THIS agent only,
 * used for nothing but this probe (never NODE_TLS_REJECT_UNAUTHORIZED, which would switch
 * them off for GitHub and AWS calls too). The probe sends nothing secret.
 */
export function createHttpsHealthProbe(options: { timeoutMs?: number } = {}): HealthProbe {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: false });
  return {
    check: (url) =>
      new Promise<HealthProbeResult>((resolve) => {
        const req = https.get(url, { agent, timeout: timeoutMs }, (res) => {
          res.resume();
          res.on('end', () => resolve({ healthy: res.statusCode === 200, detail: `HTTP ${res.statusCode}` }));
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', (err) => resolve({ healthy: false, detail: err.message }));
      }),
  };
}
