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
  // The copy is SchemaStore's public schema plus two documented keys it predates: workflow
  // when/unless (as in CircleCI-Public/circleci-yaml-language-server publicschema.json) and
  // requires with job statuses (configuration reference, "requires").
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
    expect(validate({ version: 2.1, workflows: { w: { jobs: [{ a: { requires: [{ b: 'finished' }] } }] } } })).toBe(false);
    expect(validate({ version: 2.1, workflows: { w: { when: { maybe: [1] }, jobs: ['a'] } } })).toBe(false);
    expect(validate({ version: 2.1, workflows: { w: { when: { not: { equal: [1, 2] } }, jobs: [{ a: { requires: [{ b: 'terminal' }, { c: ['success', 'not_run'] }] } }] } } })).toBe(true);
  });

  it('every executor runs Nx the way its start-up is cheapest in a one-shot job: no daemon, plugins not isolated', () => {
    const raw = parse(readFileSync(CONFIG_FILE, 'utf8')) as { executors: Record<string, { environment?: Record<string, string> }> };
    for (const [name, executor] of Object.entries(raw.executors)) {
      expect({ name, daemon: executor.environment?.['NX_DAEMON'], isolate: executor.environment?.['NX_ISOLATE_PLUGINS'] }).toEqual({ name, daemon: 'false', isolate: 'false' });
    }
  });

  it('every job that calls Nx has the install job\'s node_modules: it attaches the workspace and (transitively) requires install', () => {
    const stepsOf = (job: string) => (config.jobs[job]?.steps ?? []) as unknown[];
    const attaches = (steps: unknown[]): boolean =>
      steps.some((step) => {
        const key = typeof step === 'string' ? step : Object.keys(step as object)[0];
        return key === 'attach_workspace' || (key in (config.commands ?? {}) && attaches((config.commands ?? {})[key].steps as unknown[]));
      });
    const problems: string[] = [];
    for (const [workflow, spec] of Object.entries(config.workflows)) {
      const jobs = new Map(workflowJobs(spec).map((j) => [j.name, j]));
      const upstream = (name: string, seen = new Set<string>()): Set<string> => {
        for (const r of jobs.get(name)?.requires ?? []) if (!seen.has(r)) { seen.add(r); upstream(r, seen); }
        return seen;
      };
      for (const j of jobs.values()) {
        if (!runCommands(stepsOf(j.job)).some((c) => c.includes('node_modules/.bin/nx'))) continue;
        if (!attaches(stepsOf(j.job))) problems.push(`${workflow}/${j.name}: calls Nx without attaching node_modules`);
        if (![...upstream(j.name)].some((r) => jobs.get(r)?.job === 'install')) problems.push(`${workflow}/${j.name}: calls Nx without requiring install`);
      }
    }
    expect(problems).toEqual([]);
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
    expect(parseNxCalls('node_modules/.bin/nx run web:test --coverage', 'x')[0]).toMatchObject({ project: 'web', target: 'test' });
    expect(parseNxCalls('sudo env "PATH=$PATH" NX_DAEMON=false node_modules/.bin/nx run deploy:boot-test', 'x')[0]).toMatchObject({ project: 'deploy', target: 'boot-test' });
  });

  it('jobs only invoke Nx targets, tools/ scripts or well-known tools: no inline shell logic, no unbounded waits (#32-#34)', () => {
    const defs = [...Object.values(config.jobs), ...Object.values(config.commands ?? {})];
    for (const command of defs.flatMap((d) => runCommands(d.steps))) {
      expect({ command, oneLine: !command.trim().includes('\n') }).toEqual({ command, oneLine: true });
      // Root for the boot tests only: sudo keeps the job's PATH (node/install's Node) and nothing else.
      // Nx from the install job's node_modules, never `npx nx` (npm's start-up per call; a job
      // without node_modules would fetch the newest Nx instead of failing).
      expect(command).toMatch(/^(node_modules\/\.bin\/nx |npm ci |sudo env "PATH=\$PATH" NX_DAEMON=false node_modules\/\.bin\/nx run deploy:boot-test$)/);
      expect(command).not.toMatch(/\b(while|until|sleep)\b/);
    }
  });

  it('opt-outs are never tag filters (#38): no filter mentions ignore-owasp', () => {
    expect(JSON.stringify(config.workflows)).not.toMatch(/ignore-(owasp|e2e)|noinfra/);
  });

  it('no deploy secret reaches a build or test job (#43): contexts only on deploy jobs, no secret-named env in the file', () => {
    const withContext = allWorkflowJobs.filter((j) => j.spec.context).map((j) => j.job);
    expect([...new Set(withContext)].sort()).toEqual(['cleanup-previews', 'deploy', 'deploy-preview', 'publish-release']);
    const text = readFileSync(CONFIG_FILE, 'utf8');
    expect(text).not.toMatch(/(SECRET|PASSWORD|API_KEY|TOKEN)\s*:/);
  });

  it('deploys of one environment are serialised (one deploy job per environment, in a serial group)', () => {
    const groups = Object.fromEntries(allWorkflowJobs.filter((j) => j.spec['serial-group']).map((j) => [j.name, j.spec['serial-group']]));
    expect(groups).toEqual({
      'deploy-production': '<< pipeline.project.slug >>/deploy-production',
      'deploy-staging': '<< pipeline.project.slug >>/deploy-staging',
      'deploy-preview': '<< pipeline.project.slug >>/preview-<< pipeline.git.branch >>',
      'cleanup-previews': '<< pipeline.project.slug >>/preview-cleanup',
    });
  });

  it('caches npm, and the Nx cache WITH its database (.nx/workspace-data): restoring .nx/cache alone gives 0 hits', () => {
    const text = readFileSync(CONFIG_FILE, 'utf8');
    expect(text).toMatch(/key: npm-v1-\{\{ arch \}\}-\{\{ checksum "package-lock\.json" \}\}/);
    const save = (config.commands?.['save-nx-cache'].steps[0] as { save_cache: { key: string; paths: string[] } }).save_cache;
    expect(save.paths.sort()).toEqual(['.nx/cache', '.nx/workspace-data']);
    const restore = (config.commands?.['prepare'].steps.find((s) => typeof s === 'object' && s !== null && 'restore_cache' in s) as { restore_cache: { keys: string[] } }).restore_cache;
    // The exact key first, then the newest cache of the same job, then of any job: all under the save key's prefix.
    expect(restore.keys[0]).toBe(save.key);
    for (const key of restore.keys) expect(save.key.startsWith(key)).toBe(true);
    expect(save.key).toContain('{{ checksum "package-lock.json" }}');
    // Every job that runs cacheable Nx tasks saves its cache (lint, tests, builds).
    const savers = Object.entries(config.jobs).filter(([, d]) => JSON.stringify(d.steps).includes('save-nx-cache')).map(([n]) => n).sort();
    expect(savers).toEqual(['api-endpoint-tests', 'backend-unit-tests', 'build-artifacts', 'frontend-browser-tests', 'frontend-build', 'frontend-unit-tests', 'lint', 'publish-release']);
  });

  it('test results of the two Node runtimes never share a cache entry (the test hash includes node --version)', () => {
    const nxJson = JSON.parse(readFileSync(join(ROOT, 'nx.json'), 'utf8'));
    expect(nxJson.targetDefaults.test.inputs).toContainEqual({ runtime: 'node --version' });
    const tools = JSON.parse(readFileSync(join(ROOT, 'tools/project.json'), 'utf8'));
    expect(tools.targets.test.inputs).toContainEqual({ runtime: 'node --version' });
  });
});
