/**
 * `npx nx run tools:validate-yaml [-- file ...]`: parses every YAML file of the repo (or the
 * files given) and prints `file:line:col: message (CODE)` for each syntax error or duplicate
 * key. Exits 1 when any file is invalid, and also when no file was found at all: the seed's
 * check "validated" zero files for months and always passed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, ToolError } from '../lib/cli';
import { git } from '../lib/git';
import { checkYamlText, formatProblem, YamlProblem } from './check-yaml-text';
import { listYamlFiles } from './list-yaml-files';

export function validateYaml(argv: string[], cwd = process.cwd()): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { root: { type: 'string' } },
    allowPositionals: true
  });
  const root = values.root ?? git(['rev-parse', '--show-toplevel'], cwd);
  const files = positionals.length > 0 ? positionals : listYamlFiles(root);
  if (files.length === 0) {
    throw new ToolError(`no YAML files found under ${root}: nothing was validated (is this the repository's work tree?)`);
  }
  const problems: YamlProblem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch (error) {
      problems.push({ file, line: 1, col: 1, code: 'UNREADABLE', message: (error as Error).message });
      continue;
    }
    problems.push(...checkYamlText(text, file));
  }
  for (const p of problems) console.error(formatProblem(p));
  const badFiles = new Set(problems.map((p) => p.file)).size;
  if (problems.length > 0) {
    console.error(`YAML validation FAILED: ${problems.length} problem(s) in ${badFiles} of ${files.length} file(s) checked.`);
    return 1;
  }
  console.log(`YAML validation passed: ${files.length} file(s) checked, no errors.`);
  return 0;
}

if (require.main === module) runCli((argv) => validateYaml(argv));
