import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The parts of a CircleCI 2.1 config the tools read (the schema test checks the rest). */
export interface CircleConfig {
  version: number;
  parameters?: Record<string, ParameterSpec>;
  orbs?: Record<string, string>;
  executors?: Record<string, { parameters?: Record<string, ParameterSpec>; docker?: Array<{ image: string }>; machine?: { image: string } }>;
  commands?: Record<string, { parameters?: Record<string, ParameterSpec>; steps: unknown[] }>;
  jobs: Record<string, JobDefinition>;
  workflows: Record<string, WorkflowSpec>;
}
export interface JobDefinition {
  parameters?: Record<string, ParameterSpec>;
  steps: unknown[];
  environment?: Record<string, string>;
  executor?: string | { name: string; [parameter: string]: unknown };
  docker?: Array<{ image: string }>;
  machine?: { image: string };
}
export interface ParameterSpec {
  type: string;
  enum?: string[];
  default?: unknown;
}
export interface FilterSpec {
  only?: string | string[];
  ignore?: string | string[];
}
export interface JobFilters {
  branches?: FilterSpec;
  tags?: FilterSpec;
}
/** A logic statement (`when`/`unless`): https://circleci.com/docs/configuration-reference#logic-statements */
export type Logic = string | number | boolean | null | { and?: Logic[]; or?: Logic[]; not?: Logic; equal?: unknown[]; matches?: { pattern: string; value: string } };
export interface WorkflowSpec {
  triggers?: Array<{ schedule: { cron: string; filters?: { branches?: FilterSpec } } }>;
  jobs: Array<string | Record<string, WorkflowJobSpec>>;
  when?: Logic;
  unless?: Logic;
}
/** `requires` items: a job name (must succeed), or a map of job name to the status(es) it must reach. */
export type Requirement = string | Record<string, JobStatus | 'terminal' | Array<JobStatus | 'terminal'>>;
export interface WorkflowJobSpec {
  name?: string;
  requires?: Requirement[];
  filters?: JobFilters;
  context?: string | string[];
  'serial-group'?: string;
  matrix?: { parameters: Record<string, unknown[]>; alias?: string };
  [parameter: string]: unknown;
}

/** Terminal job statuses a `requires` can wait for. */
export type JobStatus = 'success' | 'failed' | 'canceled' | 'unauthorized' | 'not_run';
export const TERMINAL: JobStatus[] = ['success', 'failed', 'canceled', 'unauthorized', 'not_run'];

/** One entry of a workflow's job list, normalised (matrix jobs expanded, one entry per instance). */
export interface WorkflowJob {
  /** The name other jobs `require` (the `name:` override, else the job's key; matrix instances get `-<values>`). */
  name: string;
  /** The job definition it runs (a key of `jobs`, or `orb/job`). */
  job: string;
  /** Names of the required jobs (a matrix alias expanded to every instance). */
  requires: string[];
  /** For each required job, the statuses that let this job start (default: success). */
  requiredStatuses: Record<string, JobStatus[]>;
  filters: JobFilters;
  /** The job's arguments: its parameters as written, matrix values included. */
  parameters: Record<string, unknown>;
  spec: WorkflowJobSpec;
}

const RESERVED = new Set(['name', 'requires', 'filters', 'context', 'serial-group', 'matrix', 'type']);

export function loadCircleConfig(file: string): CircleConfig {
  return parse(readFileSync(file, 'utf8'), { uniqueKeys: true }) as CircleConfig;
}

function statusesOf(value: unknown): JobStatus[] {
  const list = (Array.isArray(value) ? value : [value]) as string[];
  return [...new Set(list.flatMap((s) => (s === 'terminal' ? TERMINAL : [s as JobStatus])))];
}

/** Every combination of the matrix's values, parameter names in alphabetical order (CircleCI's naming order). */
function matrixCombinations(parameters: Record<string, unknown[]>): Array<Record<string, unknown>> {
  return Object.keys(parameters)
    .sort()
    .reduce<Array<Record<string, unknown>>>((combos, key) => combos.flatMap((c) => parameters[key].map((v) => ({ ...c, [key]: v }))), [{}]);
}

export function workflowJobs(workflow: WorkflowSpec): WorkflowJob[] {
  const aliases = new Map<string, string[]>();
  const jobs = workflow.jobs.flatMap((entry): WorkflowJob[] => {
    const [job, raw] = typeof entry === 'string' ? [entry, {} as WorkflowJobSpec] : Object.entries(entry)[0];
    const spec = raw ?? {};
    const requiredStatuses: Record<string, JobStatus[]> = {};
    for (const item of spec.requires ?? []) {
      if (typeof item === 'string') requiredStatuses[item] = ['success'];
      else for (const [name, status] of Object.entries(item)) requiredStatuses[name] = statusesOf(status);
    }
    const parameters = Object.fromEntries(Object.entries(spec).filter(([k]) => !RESERVED.has(k)));
    const base = spec.name ?? job;
    const instances = spec.matrix
      ? matrixCombinations(spec.matrix.parameters).map((values) => ({ name: `${base}-${Object.values(values).join('-')}`, values }))
      : [{ name: base, values: {} }];
    if (spec.matrix) aliases.set(spec.matrix.alias ?? base, instances.map((i) => i.name));
    return instances.map(({ name, values }) => ({
      name, job, requires: Object.keys(requiredStatuses), requiredStatuses: { ...requiredStatuses },
      filters: spec.filters ?? {}, parameters: { ...parameters, ...values }, spec,
    }));
  });
  // `requires: [alias]` of a matrix means every job of the matrix.
  for (const j of jobs) {
    const expanded: Record<string, JobStatus[]> = {};
    for (const [name, statuses] of Object.entries(j.requiredStatuses)) for (const n of aliases.get(name) ?? [name]) expanded[n] = statuses;
    j.requiredStatuses = expanded;
    j.requires = Object.keys(expanded);
  }
  return jobs;
}
