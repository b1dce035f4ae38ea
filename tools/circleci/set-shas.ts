import type { CircleConfig } from './load-config';

/** A pipeline as the CircleCI API lists it for a branch, newest first. */
export interface PipelineRun {
  revision: string;
  errors?: string[];
  workflows: Array<{ name: string; status: 'success' | 'failed' | 'running' | 'not_run' | 'on_hold' | 'canceled' }>;
}

export interface SetShasParameters {
  'main-branch-name'?: string;
  'workflow-name'?: string;
  'error-on-no-successful-workflow'?: boolean;
  'allow-on-hold-workflow'?: boolean;
}

export type NxBase = { base: string } | { error: string };

/**
 * NX_BASE on the main branch as nrwl/nx orb 1.7's `set-shas` computes it
 * (src/scripts/find-successful-workflow.js): walk the branch's pipelines newest first and take
 * the first without errors whose commit exists and that counts as successful:
 * - without `workflow-name`: EVERY workflow of the pipeline succeeded — a scheduled pipeline
 *   whose only workflow is a green cleanup counts, whatever the last staging run did;
 * - with `workflow-name`: a workflow of THAT name succeeded.
 * Nothing found: HEAD~1 (a guess that skips every earlier red commit), or an error with
 * `error-on-no-successful-workflow`.
 */
export function nxBaseOnMain(history: PipelineRun[], parameters: SetShasParameters, headParent: string): NxBase {
  const ok = (status: string) => status === 'success' || (parameters['allow-on-hold-workflow'] === true && status === 'on_hold');
  const name = parameters['workflow-name'];
  const found = history.find(
    (p) => !(p.errors ?? []).length && (name ? p.workflows.some((w) => ok(w.status) && w.name === name) : p.workflows.every((w) => ok(w.status))),
  );
  if (found) return { base: found.revision };
  if (parameters['error-on-no-successful-workflow']) return { error: 'no successful workflow run on main' };
  return { base: headParent };
}

/** The parameters of every `nx/set-shas` step in the config's commands and jobs. */
export function setShasSteps(config: CircleConfig): SetShasParameters[] {
  const found: SetShasParameters[] = [];
  const visit = (steps: unknown[]) => {
    for (const step of steps ?? []) {
      if (step === 'nx/set-shas') found.push({});
      if (!step || typeof step !== 'object') continue;
      const [key, value] = Object.entries(step as Record<string, unknown>)[0];
      if (key === 'nx/set-shas') found.push((value ?? {}) as SetShasParameters);
      if (key === 'when' || key === 'unless') visit((value as { steps: unknown[] }).steps);
    }
  };
  for (const def of [...Object.values(config.commands ?? {}), ...Object.values(config.jobs)]) visit(def.steps);
  return found;
}
