/**
 * `npx nx run tools:coverage-summary -- --dir coverage`: one table of line, function and
 * branch coverage per suite from the lcov.info files under --dir (what CI uploads to Codecov),
 * and the total. Exit 1 when there is no lcov.info at all: the upload would send nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { formatTable } from '../lib/text-table';

export interface Coverage {
  lines: [hit: number, found: number];
  functions: [hit: number, found: number];
  branches: [hit: number, found: number];
}

/** Totals of an lcov tracefile (LH/LF, FNH/FNF, BRH/BRF summed over its records). */
export function parseLcov(text: string): Coverage {
  const c: Coverage = { lines: [0, 0], functions: [0, 0], branches: [0, 0] };
  const add = (key: keyof Coverage, i: 0 | 1, value: string) => (c[key][i] += Number(value) || 0);
  for (const line of text.split('\n')) {
    const [tag, value] = line.trim().split(':');
    if (tag === 'LH') add('lines', 0, value);
    if (tag === 'LF') add('lines', 1, value);
    if (tag === 'FNH') add('functions', 0, value);
    if (tag === 'FNF') add('functions', 1, value);
    if (tag === 'BRH') add('branches', 0, value);
    if (tag === 'BRF') add('branches', 1, value);
  }
  return c;
}

export function findLcovFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'lcov-report' ? [] : findLcovFiles(path);
      return name === 'lcov.info' ? [path] : [];
    });
}

const pct = ([hit, found]: [number, number]) => (found === 0 ? '-' : `${((hit / found) * 100).toFixed(1)}%`);

export function coverageSummary(argv: string[], cwd = process.cwd()): number {
  const { values } = parseArgs({ args: argv, options: { dir: { type: 'string', default: 'coverage' } } });
  const dir = resolve(cwd, values.dir as string);
  const files = findLcovFiles(dir);
  if (files.length === 0) {
    console.error(`No lcov.info under ${dir}: did the unit tests run with --coverage?`);
    return 1;
  }
  const total: Coverage = { lines: [0, 0], functions: [0, 0], branches: [0, 0] };
  const rows = files.map((file) => {
    const c = parseLcov(readFileSync(file, 'utf8'));
    for (const key of ['lines', 'functions', 'branches'] as const) {
      total[key][0] += c[key][0];
      total[key][1] += c[key][1];
    }
    return [relative(dir, file).replace(/\/lcov\.info$/, ''), pct(c.lines), pct(c.functions), pct(c.branches)];
  });
  rows.push(['total', pct(total.lines), pct(total.functions), pct(total.branches)]);
  console.log(formatTable(['suite', 'lines', 'functions', 'branches'], rows));
  return 0;
}

if (require.main === module) runCli((argv) => coverageSummary(argv));
