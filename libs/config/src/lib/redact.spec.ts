import { REDACTED, createRedactor, isSecretName, redactorForEnv } from './redact';

describe('isSecretName', () => {
  it.each([
    'SESSION_SECRET',
    'PRODUCTION_API_SESSION_SECRET',
    'PRODUCTION_JWT_SECRET',
    'STAGING_OKTA_API_KEY',
    'GITHUB_TOKEN',
    'CIRCLE_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'STAGING_API_AWS_ACCESS_KEY_ID',
    'DATABASE_URL',
    'PRODUCTION_API_DATABASE_URL',
    'PGPASSWORD',
    'sessionSecret',
    'apiKey',
    'databaseUrl',
    'accessKeyId',
    'x-api-key',
    'authorization',
  ])('%s is a secret', (name) => expect(isSecretName(name)).toBe(true));

  it.each([
    'PORT',
    'AWS_REGION',
    'PRODUCTION_API_AWS_AMI',
    'OKTA_DOMAIN',
    'OKTA_CLIENT_ID',
    'SESSION_TTL_SECONDS',
    'issuer',
    // Names, not secrets: shown in errors and plans so a typo can be seen.
    'PRODUCTION_API_AWS_INSTANCE_PROFILE',
    'STAGING_API_AWS_INSTANCE_PROFILE',
    'PREVIEW_AWS_INSTANCE_PROFILE',
    'PRODUCTION_API_AWS_KMS_KEY',
    'PREVIEW_AWS_KMS_KEY',
    'instanceProfile',
    'kmsKeyId',
  ])(
    '%s is not a secret',
    (name) => expect(isSecretName(name)).toBe(false),
  );
});

describe('createRedactor', () => {
  it('masks every occurrence of every registered value', () => {
    const redact = createRedactor(['hunter2-secret', 'tok_abcdef']);
    expect(redact('a hunter2-secret b tok_abcdef c hunter2-secret')).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  });

  it('masks the longest secret first, so one containing another is masked whole', () => {
    const redact = createRedactor(['abcd', 'abcdefgh']);
    expect(redact('x abcdefgh y')).toBe(`x ${REDACTED} y`);
    // Registration order must not matter.
    expect(createRedactor(['abcdefgh', 'abcd'])('x abcdefgh y abcd')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('leaves values shorter than four characters alone, and ignores undefined', () => {
    const redact = createRedactor(['1', 'ab', undefined]);
    expect(redact('port 1 ab')).toBe('port 1 ab');
  });

  it('masks the password of a URL on its own, both encoded and decoded', () => {
    const redact = createRedactor(['postgres://app:p%40ss-word@db.internal:5432/app']);
    expect(redact('connect postgres://app:p%40ss-word@db.internal:5432/app')).toBe(`connect ${REDACTED}`);
    expect(redact('password authentication failed: p@ss-word')).toBe(`password authentication failed: ${REDACTED}`);
    expect(redact('raw p%40ss-word')).toBe(`raw ${REDACTED}`);
  });

  it('masks a secret as it appears inside JSON and inside a URL', () => {
    const secret = 'quote"and\\slash and space';
    const redact = createRedactor([secret]);
    expect(redact(JSON.stringify({ s: secret }))).not.toContain('slash');
    expect(redact(`https://x.test/?s=${encodeURIComponent(secret)}`)).toBe(`https://x.test/?s=${REDACTED}`);
  });

  it('accepts more secrets later (e.g. a generated password)', () => {
    const redact = createRedactor();
    expect(redact('generated-pw-1234')).toBe('generated-pw-1234');
    redact.add('generated-pw-1234');
    expect(redact('generated-pw-1234')).toBe(REDACTED);
  });

  it('does not mistake an ordinary word for a URL password', () => {
    const redact = createRedactor(['not a url: just-a-secret']);
    expect(redact('just-a-secret')).toBe('just-a-secret');
    expect(redact('not a url: just-a-secret')).toBe(REDACTED);
  });
});

describe('redact.object', () => {
  it('masks secret-named keys at any depth and secret values anywhere, without touching the input', () => {
    const redact = createRedactor(['leaked-value-xyz']);
    const input = {
      port: 8000,
      sessionSecret: 'whatever-it-is',
      okta: { domain: 'https://x.okta.com', apiKey: 'okta-key-123' },
      instanceEnvironment: { SESSION_SECRET: 's', PORT: '8000', DATABASE_URL: 'postgres://a:b@c/d' },
      notes: ['ok', 'this has leaked-value-xyz inside'],
      enabled: true,
      nothing: null,
    };
    const out = redact.object(input);
    expect(out).toEqual({
      port: 8000,
      sessionSecret: REDACTED,
      okta: { domain: 'https://x.okta.com', apiKey: REDACTED },
      instanceEnvironment: { SESSION_SECRET: REDACTED, PORT: '8000', DATABASE_URL: REDACTED },
      notes: ['ok', `this has ${REDACTED} inside`],
      enabled: true,
      nothing: null,
    });
    expect(input.sessionSecret).toBe('whatever-it-is');
  });

  it('redacts errors and survives circular references', () => {
    const redact = createRedactor(['circular-secret']);
    const a: Record<string, unknown> = { error: new Error('failed with circular-secret') };
    a['self'] = a;
    const out = redact.object(a) as { error: { message: string }; self: unknown };
    expect(out.error.message).toBe(`failed with ${REDACTED}`);
    expect(out.self).toBe('[Circular]');
  });
});

describe('redactorForEnv', () => {
  it('registers the values of secret-named variables only', () => {
    const redact = redactorForEnv({
      GITHUB_TOKEN: 'ghp_distinctive',
      STAGING_API_SESSION_SECRET: 'session-distinctive',
      PORT: '8000',
      AWS_REGION: 'us-east-1',
      EMPTY_SECRET: undefined,
    });
    expect(redact('ghp_distinctive session-distinctive 8000 us-east-1')).toBe(`${REDACTED} ${REDACTED} 8000 us-east-1`);
  });
});
