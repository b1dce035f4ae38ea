/** Shared between the server (which starts draining) and the health route (which reports it). */
export interface Lifecycle {
  draining: boolean;
}

export function createLifecycle(): Lifecycle {
  return { draining: false };
}
