import { iterationsFor } from './calibration';

describe('PBKDF2 calibration', () => {
  it('scales iterations linearly to the target time, rounded to a thousand', () => {
    expect(iterationsFor(300, 100_000, 100)).toBe(300_000);
    expect(iterationsFor(300, 123_456, 150)).toBe(247_000);
  });

  it('never goes below 1000', () => {
    expect(iterationsFor(1, 1000, 1000)).toBe(1000);
  });
});
