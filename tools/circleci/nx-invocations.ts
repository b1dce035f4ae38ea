import type { CircleConfig, ParameterSpec } from './load-config';

/** One `nx` call found in a `run` step: either one project's target, or a target over many projects. */
export interface NxInvocation {
  /** Where it was found, for error messages: `jobs.deploy-web`. */
  where: string;
  command: string;
  target: string;
  /** Set for `nx run p:t` / `nx t p`; unset for `affected` / `run-many` (any project may provide it). */
  project?: string;
  configuration?: string;
}

/**
 * Every `nx` invocation of every `run` step in `jobs` and `commands`. `<< parameters.x >>`
 * is expanded to each value of the parameter's enum, so `--configuration=<< parameters.env >>`
 * is checked for production AND staging.
 */
export function nxInvocations(config: CircleConfig): NxInvocation[] {
  const found: NxInvocation[] = [];
  const sections = [['jobs', config.jobs], ['commands', config.commands ?? {}]] as const;
  for (const [section, defs] of sections) {
    for (const [name, def] of Object.entries(defs)) {
      for (const command of runCommands(def.steps)) {
        for (const expanded of expandParameters(command, def.parameters ?? {})) {
          found.push(...parseNxCalls(expanded, `${section}.${name}`));
        }
      }
    }
  }
  return found;
}

/** The command strings of `run` steps (nested `when` steps included). */
export function runCommands(steps: unknown[]): string[] {
  const out: string[] = [];
  for (const step of steps ?? []) {
    if (!step || typeof step !== 'object') continue;
    const [key, value] = Object.entries(step as Record<string, unknown>)[0];
    if (key === 'run') out.push(typeof value === 'string' ? value : String((value as { command: string }).command));
    if (key === 'when' || key === 'unless') out.push(...runCommands((value as { steps: unknown[] }).steps));
  }
  return out;
}

function expandParameters(command: string, parameters: Record<string, ParameterSpec>): string[] {
  const match = command.match(/<<\s*parameters\.([\w-]+)\s*>>/);
  if (!match) return [command];
  const spec = parameters[match[1]];
  const values = spec?.enum ?? (spec?.default !== undefined ? [String(spec.default)] : []);
  if (values.length === 0) throw new Error(`cannot expand ${match[0]} in "${command}": give the parameter an enum or a default`);
  return values.flatMap((v) => expandParameters(command.replace(match[0], v), parameters));
}

export function parseNxCalls(command: string, where: string): NxInvocation[] {
  const calls: NxInvocation[] = [];
  for (const part of command.split(/&&|\|\||;|\n/)) {
    const tokens = part.trim().split(/\s+/);
    const at = tokens.findIndex((t, i) => t === 'node_modules/.bin/nx' || (t === 'nx' && (i === 0 || tokens[i - 1] === 'npx')));
    if (at < 0) continue;
    const args = tokens.slice(at + 1);
    const option = (long: string, short?: string) => {
      const i = args.findIndex((a) => a === `--${long}` || a === short);
      if (i >= 0) return args[i + 1];
      return args.find((a) => a.startsWith(`--${long}=`))?.slice(long.length + 3);
    };
    const [verb, ...rest] = args;
    if (verb === 'run') {
      const [project, target, configuration] = rest[0].split(':');
      calls.push({ where, command: part.trim(), project, target, configuration: configuration ?? option('configuration', '-c') });
    } else if (verb === 'affected' || verb === 'run-many') {
      const ti = rest.findIndex((a) => a === '-t' || a === '--target' || a === '--targets');
      const list: string[] = [];
      if (ti >= 0) {
        for (const a of rest.slice(ti + 1)) {
          if (a.startsWith('-')) break;
          list.push(a);
        }
      } else {
        list.push(...(option('targets') ?? option('target') ?? '').split(','));
      }
      for (const target of list.flatMap((t) => t.split(',')).filter(Boolean)) {
        calls.push({ where, command: part.trim(), target, configuration: option('configuration', '-c') });
      }
    } else if (verb && !verb.startsWith('-')) {
      // `nx <target> <project>` shorthand
      calls.push({ where, command: part.trim(), target: verb, project: rest[0], configuration: option('configuration', '-c') });
    }
  }
  return calls;
}
