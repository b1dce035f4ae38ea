import { errorDetails, retryAfterSeconds } from './error-details';

const headers = (values: Record<string, string> = {}) => ({ get: (name: string) => values[name] ?? null });

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds('-5')).toBeUndefined();
  });
});

describe('errorDetails', () => {
  it('takes the code and the attempts left from the error body', () => {
    const body = { error: { code: 'unauthorized', message: 'x', attemptsRemaining: 2 } };
    expect(errorDetails(401, body, headers())).toEqual({ code: 'unauthorized', attemptsRemaining: 2 });
  });

  it('prefers Retry-After to a field and to the minutes in the lockout sentence', () => {
    const body = { error: { message: 'Try again in 12 minutes.', retryAfterSeconds: 60 } };
    expect(errorDetails(423, body, headers({ 'Retry-After': '300' })).retryAfterSeconds).toBe(300);
    expect(errorDetails(423, body, headers()).retryAfterSeconds).toBe(60);
    expect(errorDetails(423, { error: { message: 'Try again in 12 minutes.' } }, headers()).retryAfterSeconds).toBe(720);
    expect(errorDetails(423, { error: { message: 'Try again in 1 minute.' } }, headers()).retryAfterSeconds).toBe(60);
  });

  it('ignores what is not there or not a count', () => {
    expect(errorDetails(500, '<html>', headers())).toEqual({});
    expect(errorDetails(401, { error: { attemptsRemaining: -1 } }, undefined)).toEqual({});
    expect(errorDetails(400, { error: { message: 'in 5 minutes' } }, headers())).toEqual({});
  });
});
