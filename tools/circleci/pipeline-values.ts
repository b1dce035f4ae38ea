import { matchesPattern } from './filters';
import type { CircleConfig, Logic } from './load-config';

/** What started the pipeline. */
export type PipelineEvent =
  /** A push to a branch; `fork` for a pull request from a fork (CircleCI names its branch pull/<pr>). */
  | { kind: 'branch-push'; branch: string; pullRequest: boolean; fork?: { pr: number } }
  | { kind: 'tag-push'; tag: string }
  /** Legacy `triggers: schedule` of a workflow (still modelled, so the config can be shown not to use it). */
  | { kind: 'schedule'; branch: string }
  /** A scheduled pipeline (Project Settings > Triggers) named `name`, on `branch`. */
  | { kind: 'scheduled-pipeline'; branch: string; name: string; parameters?: Record<string, unknown> }
  /** A pipeline triggered through the API with pipeline parameters (e.g. nx-mode=run-many). */
  | { kind: 'api'; branch: string; parameters: Record<string, unknown> };

/** The branch CircleCI reports for the event (`pipeline.git.branch`, and what job filters see). */
export function eventBranch(event: PipelineEvent): string | undefined {
  if (event.kind === 'tag-push') return undefined;
  if (event.kind === 'branch-push' && event.fork) return `pull/${event.fork.pr}`;
  return event.branch;
}

/** `pipeline.*` values of the event, and the pipeline parameters (defaults, then the event's). */
export function pipelineValues(config: CircleConfig, event: PipelineEvent): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(config.parameters ?? {})) parameters[name] = spec.default;
  if (event.kind === 'scheduled-pipeline' || event.kind === 'api') Object.assign(parameters, event.parameters ?? {});
  const values: Record<string, unknown> = {
    'pipeline.trigger_source': event.kind === 'scheduled-pipeline' ? 'scheduled_pipeline' : event.kind === 'api' ? 'api' : 'webhook',
    'pipeline.git.branch': eventBranch(event) ?? '',
    'pipeline.git.tag': event.kind === 'tag-push' ? event.tag : '',
    'pipeline.schedule.name': event.kind === 'scheduled-pipeline' ? event.name : '',
    'pipeline.project.slug': 'gh/org/repo',
  };
  for (const [name, value] of Object.entries(parameters)) values[`pipeline.parameters.${name}`] = value;
  return values;
}

/** `<< pipeline.x >>` replaced by its value; a string that is only one expression keeps the value's type. */
export function substitute(value: unknown, values: Record<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  const whole = value.match(/^<<\s*(pipeline\.[\w.-]+)\s*>>$/);
  if (whole) return values[whole[1]] ?? '';
  return value.replace(/<<\s*(pipeline\.[\w.-]+)\s*>>/g, (_, name: string) => String(values[name] ?? ''));
}

/** CircleCI's logic statements; falsy: false, null, 0, NaN, the empty string. */
export function evaluateLogic(statement: Logic | undefined, values: Record<string, unknown>): boolean {
  if (statement === undefined) return true;
  if (statement === null || typeof statement !== 'object') {
    const v = substitute(statement, values);
    return !(v === false || v === null || v === 0 || v === '' || Number.isNaN(v) || v === 'false');
  }
  const [[operator, operand]] = Object.entries(statement);
  switch (operator) {
    case 'and':
      return (operand as Logic[]).every((s) => evaluateLogic(s, values));
    case 'or':
      return (operand as Logic[]).some((s) => evaluateLogic(s, values));
    case 'not':
      return !evaluateLogic(operand as Logic, values);
    case 'equal': {
      const items = (operand as unknown[]).map((i) => String(substitute(i, values)));
      return items.every((i) => i === items[0]);
    }
    case 'matches': {
      const { pattern, value } = operand as { pattern: string; value: string };
      return matchesPattern(`/${pattern.replace(/^\^/, '').replace(/\$$/, '')}/`, String(substitute(value, values)));
    }
    default:
      throw new Error(`logic operator "${operator}" is not modelled by pipeline-values.ts`);
  }
}
