import type { WebDeployConfig, WebRuntimeConfig } from '@eapd/config';

/**
 * `/config.json`: the one per-environment file of the web app, written next to the
 * (environment-neutral) release by every deploy and read once by the app before it renders.
 * Its shape is the app's (apps/web/src/config/runtime-config.ts).
 */
export const RUNTIME_CONFIG_FILE = 'config.json';

/** Revalidated on every load, so a deploy's new settings apply at the next page load. */
export const RUNTIME_CONFIG_CACHE_CONTROL = 'no-cache';

/** Stable bytes for the same settings: an unchanged config is never uploaded again. */
export function renderRuntimeConfig(config: WebRuntimeConfig): string {
  const okta = config.okta ? { issuer: config.okta.issuer, clientId: config.okta.clientId } : null;
  return JSON.stringify({ apiUrl: config.apiUrl, okta }) + '\n';
}

/** An environment's /config.json, from its web deploy config (libs/config reads and checks it). */
export function webRuntimeConfigOf(config: Pick<WebDeployConfig, 'apiUrl' | 'okta'>): WebRuntimeConfig {
  return { apiUrl: config.apiUrl, okta: config.okta ?? null };
}
