import { excludesSwallowedByNx } from './nx-swallowed-exclude';

const nx = (...args: string[]) => () => ['node', '/work/node_modules/.bin/nx', ...args];

describe('excludesSwallowedByNx', () => {
  it('finds --exclude=glob and --exclude glob given to nx run', () => {
    expect(excludesSwallowedByNx(nx('run', 'web:deploy:staging', '--exclude=*.map', '--dry-run', '--exclude', 'about/**'))).toEqual([
      '*.map',
      'about/**',
    ]);
  });

  it('finds them in the short form (nx deploy web) too', () => {
    expect(excludesSwallowedByNx(nx('deploy', 'web', '-c', 'staging', '--exclude=*.txt'))).toEqual(['*.txt']);
  });

  it('leaves run-many and affected alone: there --exclude filters projects, as Nx documents', () => {
    expect(excludesSwallowedByNx(nx('run-many', '-t', 'deploy', '--exclude=api'))).toEqual([]);
    expect(excludesSwallowedByNx(nx('affected', '-t', 'deploy', '--exclude', 'api'))).toEqual([]);
  });

  it('finds nothing when there is no --exclude, no Nx parent, or no readable command line', () => {
    expect(excludesSwallowedByNx(nx('run', 'web:deploy', '--ignore=*.map'))).toEqual([]);
    expect(excludesSwallowedByNx(() => ['node', 'jest', '--exclude=x'])).toEqual([]);
    expect(excludesSwallowedByNx(() => undefined)).toEqual([]);
  });
});
