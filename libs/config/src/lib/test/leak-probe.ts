/**
 * Run as a child process by no-secret-leaks.spec.ts: drives every loader into failure with
 * distinctive secret values set, prints the errors every way a caller might (message, stack,
 * inspect, JSON, String), then dies of an uncaught error so Node prints one too. The spec
 * asserts no secret value appears anywhere in the captured stdout and stderr.
 */
import { writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import {
  loadApiDeployConfig,
  loadApiRuntimeConfig,
  loadPreviewDeployConfig,
  loadWebBuildConfig,
  loadWebDeployConfig,
  redactorForEnv,
  type Env,
} from '../../index';

const scenarios: Record<string, Env> = JSON.parse(process.env['LEAK_PROBE_SCENARIOS'] ?? '{}');
let lastError: unknown;

function printEveryWay(name: string, load: () => unknown): void {
  try {
    const config = load();
    // A caller printing a loaded config goes through the redactor.
    console.log(name, 'loaded', JSON.stringify(redactorForEnv(process.env).object(config)));
  } catch (error) {
    lastError = error;
    console.log(`--- ${name}`);
    console.log((error as Error).message);
    console.error(error);
    console.error((error as Error).stack);
    console.log(JSON.stringify(error));
    console.log(inspect(error, { depth: 10, showHidden: true }));
    process.stdout.write(`${String(error)}\n`);
  }
}

// Reads the real process.env, as the API does.
printEveryWay('runtime-process-env', () => loadApiRuntimeConfig());
printEveryWay('runtime-production', () => loadApiRuntimeConfig(scenarios['runtimeProduction']));
printEveryWay('api-deploy-staging', () => loadApiDeployConfig('staging', scenarios['apiDeploy']));
printEveryWay('api-deploy-production', () => loadApiDeployConfig('production', scenarios['apiDeploy']));
printEveryWay('web-deploy-staging', () => loadWebDeployConfig('staging', scenarios['apiDeploy']));
printEveryWay('preview', () => loadPreviewDeployConfig(scenarios['preview']));
printEveryWay('web-build', () => loadWebBuildConfig(scenarios['webBuild']));

// Development: the generated secret is written where only the spec reads it, and must not be printed.
const development = loadApiRuntimeConfig({ NODE_ENV: 'development' });
writeFileSync(process.env['LEAK_PROBE_GENERATED'] as string, development.sessionSecret);
for (const notice of development.notices) console.log(notice);
console.log('development', JSON.stringify(redactorForEnv({}).object(development)));

console.log('--- probe finished');
throw lastError;
