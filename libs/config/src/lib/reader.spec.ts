import { ConfigError } from './config-error';
import { invalid, EnvReader } from './reader';
import { REDACTED, createRedactor, redactorForEnv } from './redact';

const failing = () => invalid('expected something else');

describe('EnvReader', () => {
  it('treats unset and blank values as missing, with the variable described', () => {
    const reader = new EnvReader({ BLANK: '   ' }, createRedactor());
    expect(reader.required('BLANK', (raw) => raw)).toBeUndefined();
    expect(reader.required('PRODUCTION_API_AWS_AMI', (raw) => raw)).toBeUndefined();
    expect(reader.required('UNKNOWN_ONE', (raw) => raw)).toBeUndefined();
    expect(reader.optional('ALSO_UNSET', (raw) => raw)).toBeUndefined();
    expect(reader.problems).toEqual([
      { variable: 'BLANK', message: 'is not set' },
      { variable: 'PRODUCTION_API_AWS_AMI', message: 'is not set (AMI the API instance is launched from, e.g. ami-0123456789abcdef0)' },
      { variable: 'UNKNOWN_ONE', message: 'is not set' },
    ]);
  });

  it('trims ordinary values but keeps secrets byte for byte', () => {
    const reader = new EnvReader({ REGION: ' us-east-1\n', SESSION_SECRET: ' spaced secret ' }, createRedactor());
    expect(reader.raw('REGION')).toBe('us-east-1');
    expect(reader.raw('SESSION_SECRET')).toBe(' spaced secret ');
  });

  it('collects every problem instead of stopping at the first', () => {
    const reader = new EnvReader({ A: 'x', B: 'y' }, createRedactor());
    reader.required('A', failing);
    reader.required('B', failing);
    reader.required('C', failing);
    expect(reader.problems.map((p) => p.variable)).toEqual(['A', 'B', 'C']);
  });

  it('quotes an ordinary value, shortened when long', () => {
    const reader = new EnvReader({ A: 'tg-123', LONG: 'x'.repeat(200) }, createRedactor());
    reader.required('A', failing);
    reader.required('LONG', failing);
    expect(reader.problems[0].message).toBe('expected something else, got "tg-123"');
    expect(reader.problems[1].message).toBe(`expected something else, got "${'x'.repeat(80)}…"`);
  });

  it('never quotes a secret (by name or by option)', () => {
    const reader = new EnvReader({ GITHUB_TOKEN: 'ghp_value', PLAIN: 'plain-value' }, createRedactor());
    reader.required('GITHUB_TOKEN', failing);
    reader.required('PLAIN', failing, { secret: true });
    expect(reader.problems.map((p) => p.message)).toEqual([
      'expected something else (value not shown: it is a secret)',
      'expected something else (value not shown: it is a secret)',
    ]);
  });

  it('describes the given form instead of quoting it when the parser says how', () => {
    const reader = new EnvReader({ A: 's3://x' }, createRedactor());
    reader.required('A', () => invalid('expected a bare name', { got: 'an s3:// URL', hint: 'set it to "x"' }));
    expect(reader.problems[0].message).toBe('expected a bare name, got an s3:// URL (set it to "x")');
  });

  it('redacts a secret pasted into the wrong, non-secret variable', () => {
    const env = { SESSION_SECRET: 'pasted-into-port-by-mistake', PORT: 'pasted-into-port-by-mistake' };
    const reader = new EnvReader(env, redactorForEnv(env));
    reader.required('PORT', failing);
    expect(reader.problems[0].message).toBe(`expected something else, got "${REDACTED}"`);
  });
});

describe('ConfigError', () => {
  it('lists every problem on its own line under a heading', () => {
    const error = new ConfigError(
      [
        { variable: 'A', message: 'is not set' },
        { variable: 'B', message: 'expected x, got "y"' },
      ],
      'Invalid test configuration',
    );
    expect(error.message).toBe('Invalid test configuration (2 problems):\n  A: is not set\n  B: expected x, got "y"');
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
  });
});
