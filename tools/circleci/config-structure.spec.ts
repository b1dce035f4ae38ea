import Ajv from 'ajv-draft-04';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCircleConfig, workflowJobs } from './load-config';
import { nxInvocations, parseNxCalls, runCommands } from './nx-invocations';
import { workspaceTargets } from './workspace-targets';

const ROOT = join(__dirname, '../..');
const CONFIG_FILE = join(ROOT, '.circleci/config.yml');
const config = loadCircleConfig(CONFIG_FILE);
const allWorkflowJobs = Object.entries(config.workflows).flatMap(([workflow, spec]) => workflowJobs(spec).map((j) => ({ workflow, ...j })));

describe('.circleci/config.yml structure', () => {
  it('is valid against CircleCI\'s public JSON schema (a copy kept in tools/circleci)', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, 'circleci-config.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(parse(readFileSync(CONFIG_FILE, 'utf8')));
    expect(ajv.errorsText(validate.errors)).toBe('No errors');
    expect(valid).toBe(true);
  });

  it('the schema check is not vacuous: it rejects a malformed config', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, 'circleci-config.schema.json'), 'utf8')));
    expect(validate({ version: 2.1, workflows: { w: { jobs: [{ a: { requires: 'b' } }], bogus: true } } })).toBe(false);
  });

  it('every requires names a job of the same workflow', () => {
    for (const [workflow, spec] of Object.entries(config.workflows)) {
      const names = workflowJobs(spec).map((j) => j.name);
      expect(new Set(names).size).toBe(names.length);
      for (const job of workflowJobs(spec)) {
        expect({ workflow, job: job.name, missing: job.requires.filter((r) => !names.includes(r)) }).toEqual({ workflow, job: job.name, missing: [] });
      }
    }
  });

  it('every job used by a workflow, and every command used by a job, is defined', () => {
    const orbs = Object.keys(config.orbs ?? {});
    const isOrb = (name: string) => name.includes('/') && orbs.includes(name.split('/')[0]);
    for (const { workflow, job } of allWorkflowJobs) {
      expect({ workflow, job, defined: job in config.jobs || isOrb(job) }).toEqual({ workflow, job, defined: true });
    }
    const builtIn = ['run', 'checkout', 'attach_workspace', 'persist_to_workspace', 'save_cache', 'restore_cache', 'store_artifacts', 'store_test_results', 'setup_remote_docker', 'when', 'unless', 'add_ssh_keys'];
    const stepNames = (steps: unknown[]): string[] =>
      steps.flatMap((s) => {
        const name = typeof s === 'string' ? s : Object.keys(s as object)[0];
        const body = typeof s === 'string' ? undefined : (s as Record<string, { steps?: unknown[] }>)[name];
        return name === 'when' || name === 'unless' ? stepNames(body?.steps ?? []) : [name];
      });
    const defs = [...Object.values(config.jobs), ...Object.values(config.commands ?? {})];
    for (const step of defs.flatMap((d) => stepNames(d.steps))) {
      expect({ step, defined: builtIn.includes(step) || step in (config.commands ?? {}) || isOrb(step) }).toEqual({ step, defined: true });
    }
  });

  it('every Nx target the config runs exists (project.json or an inference plugin of nx.json)', () => {
    const targets = workspaceTargets(ROOT);
    const calls = nxInvocations(config);
    expect(calls.length).toBeGreaterThan(10);
    const missing = calls.flatMap((c) => {
      if (!c.project) {
        return [...targets.values()].some((t) => t.has(c.target)) ? [] : [`${c.where}: no project has target "${c.target}" (${c.command})`];
      }
      const target = targets.get(c.project)?.get(c.target);
      if (!target) return [`${c.where}: ${c.project}:${c.target} does not exist (${c.command})`];
      if (c.configuration && target.configurations && !target.configurations.includes(c.configuration)) {
        return [`${c.where}: ${c.project}:${c.target} has no configuration "${c.configuration}"`];
      }
      return [];
    });
    expect(missing).toEqual([]);
  });

  it('reads nx invocations the way nx does (run, affected, run-many, shorthand)', () => {
    expect(parseNxCalls('npx nx run api:deploy --configuration=staging', 'x')).toEqual([expect.objectContaining({ project: 'api', target: 'deploy', configuration: 'staging' })]);
    expect(parseNxCalls('npx nx run web:build:production', 'x')[0]).toMatchObject({ project: 'web', target: 'build', configuration: 'production' });
    expect(parseNxCalls('npx nx affected -t lint test --exclude=web', 'x').map((c) => c.target)).toEqual(['lint', 'test']);
    expect(parseNxCalls('npx nx lint tools', 'x')[0]).toMatchObject({ project: 'tools', target: 'lint' });
  });

  it('jobs only invoke Nx targets, tools/ scripts or well-known tools: no inline shell logic, no unbounded waits (#32-#34)', () => {
    const defs = [...Object.values(config.jobs), ...Object.values(config.commands ?? {})];
    for (const command of defs.flatMap((d) => runCommands(d.steps))) {
      expect({ command, oneLine: !command.trim().includes('\n') }).toEqual({ command, oneLine: true });
      expect(command).toMatch(/^(npx nx |npm ci |docker run --rm ghcr\.io\/zaproxy\/)/);
      expect(command).not.toMatch(/\b(while|until|sleep)\b/);
    }
  });

  it('opt-outs are never tag filters (#38): no filter mentions ignore-owasp', () => {
    expect(JSON.stringify(config.workflows)).not.toMatch(/ignore-(owasp|e2e)|noinfra/);
  });

  it('no deploy secret reaches a build or test job (#43): contexts only on deploy jobs, no secret-named env in the file', () => {
    const withContext = allWorkflowJobs.filter((j) => j.spec.context).map((j) => j.job);
    expect([...new Set(withContext)].sort()).toEqual(['cleanup-previews', 'deploy-api', 'deploy-preview', 'deploy-web']);
    const text = readFileSync(CONFIG_FILE, 'utf8');
    expect(text).not.toMatch(/(SECRET|PASSWORD|API_KEY|TOKEN)\s*:/);
  });

  it('deploys of one environment are serialised (CircleCI serial groups)', () => {
    const groups = Object.fromEntries(allWorkflowJobs.filter((j) => j.job.startsWith('deploy-')).map((j) => [j.name, j.spec['serial-group']]));
    expect(groups).toEqual({
      'deploy-web-production': '<< pipeline.project.slug >>/deploy-production',
      'deploy-api-production': '<< pipeline.project.slug >>/deploy-production',
      'deploy-web-staging': '<< pipeline.project.slug >>/deploy-staging',
      'deploy-api-staging': '<< pipeline.project.slug >>/deploy-staging',
      'deploy-preview': '<< pipeline.project.slug >>/preview-<< pipeline.git.branch >>'
    });
  });

  it('caches npm and the Nx cache keyed on the lockfile', () => {
    const text = readFileSync(CONFIG_FILE, 'utf8');
    expect(text).toMatch(/key: npm-v1-\{\{ arch \}\}-\{\{ checksum "package-lock\.json" \}\}/);
    expect(text).toMatch(/key: nx-v1-\{\{ checksum "package-lock\.json" \}\}/);
    expect(text).toContain('- .nx/cache');
  });
});
