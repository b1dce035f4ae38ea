import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The parts of a CircleCI 2.1 config the tools read (the schema test checks the rest). */
export interface CircleConfig {
  version: number;
  orbs?: Record<string, string>;
  commands?: Record<string, { parameters?: Record<string, ParameterSpec>; steps: unknown[] }>;
  jobs: Record<string, { parameters?: Record<string, ParameterSpec>; steps: unknown[]; environment?: Record<string, string> }>;
  workflows: Record<string, WorkflowSpec>;
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
export interface WorkflowSpec {
  triggers?: Array<{ schedule: { cron: string; filters?: { branches?: FilterSpec } } }>;
  jobs: Array<string | Record<string, WorkflowJobSpec>>;
  when?: unknown;
  unless?: unknown;
}
export interface WorkflowJobSpec {
  name?: string;
  requires?: string[];
  filters?: JobFilters;
  context?: string | string[];
  'serial-group'?: string;
  matrix?: unknown;
  [parameter: string]: unknown;
}

/** One entry of a workflow's job list, normalised. */
export interface WorkflowJob {
  /** The name other jobs `require` (the `name:` override, else the job's key). */
  name: string;
  /** The job definition it runs (a key of `jobs`, or `orb/job`). */
  job: string;
  requires: string[];
  filters: JobFilters;
  spec: WorkflowJobSpec;
}

export function loadCircleConfig(file: string): CircleConfig {
  return parse(readFileSync(file, 'utf8'), { uniqueKeys: true }) as CircleConfig;
}

export function workflowJobs(workflow: WorkflowSpec): WorkflowJob[] {
  return workflow.jobs.map((entry) => {
    if (typeof entry === 'string') return { name: entry, job: entry, requires: [], filters: {}, spec: {} };
    const [job, spec] = Object.entries(entry)[0];
    const s = spec ?? {};
    return { name: s.name ?? job, job, requires: s.requires ?? [], filters: s.filters ?? {}, spec: s };
  });
}
