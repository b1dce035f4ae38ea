import { isInvalid } from '../reader';
import { booleanFlag, integer, oneOf, pbkdf2Iterations, port, secretOfAtLeast } from './numbers';

describe('integer', () => {
  const parse = integer(1, 10);
  it('accepts whole numbers in range', () => {
    expect(parse('1')).toBe(1);
    expect(parse('10')).toBe(10);
  });
  it.each(['0', '11', '-1', '1.5', '5.0', '1e1', '0x5', 'five', '99999999999999999999'])('refuses %s', (raw) =>
    expect(isInvalid(parse(raw))).toBe(true),
  );
});

describe('port', () => {
  it.each([['1', 1], ['8000', 8000], ['65535', 65535]])('accepts %s', (raw, value) => expect(port(raw)).toBe(value));
  it.each(['0', '65536', '80a', 'http'])('refuses %s', (raw) =>
    expect(port(raw)).toMatchObject({ message: expect.stringContaining('a TCP port') }),
  );
});

describe('pbkdf2Iterations', () => {
  const parse = pbkdf2Iterations(100_000);
  it('accepts at least the minimum', () => expect(parse('100000')).toBe(100_000));
  it('says how far below the minimum a value is, and how to calibrate', () => {
    expect(parse('99999')).toMatchObject({
      message: 'is 99999; needs at least 100,000 (calibrate with "npx nx run api:calibrate-pbkdf2")',
      showValue: false,
    });
  });
  it('refuses non-numbers and values pbkdf2 cannot take', () => {
    expect(isInvalid(parse('lots'))).toBe(true);
    expect(isInvalid(parse('2147483648'))).toBe(true);
  });
});

describe('secretOfAtLeast', () => {
  const parse = secretOfAtLeast(32);
  it('accepts 32 bytes', () => expect(parse('a'.repeat(32))).toBe('a'.repeat(32)));
  it('gives the length, never the value', () => {
    const result = parse('short-secret');
    expect(result).toMatchObject({ message: expect.stringMatching(/^is 12 bytes; needs at least 32/), showValue: false });
    expect(JSON.stringify(result)).not.toContain('short-secret');
  });
  it('counts bytes, not characters', () => {
    // 16 characters, 32 bytes in UTF-8.
    expect(parse('é'.repeat(16))).toBe('é'.repeat(16));
    expect(isInvalid(parse('é'.repeat(15)))).toBe(true);
  });
});

describe('booleanFlag and oneOf', () => {
  it.each([['true', true], ['1', true], ['YES', true], ['false', false], ['0', false], ['off', false]])('%s is %s', (raw, value) =>
    expect(booleanFlag(raw)).toBe(value),
  );
  it('refuses anything else', () => expect(isInvalid(booleanFlag('maybe'))).toBe(true));
  it('lists the allowed values', () =>
    expect(oneOf(['a', 'b'])('c')).toMatchObject({ message: 'expected one of "a", "b"' }));
});
