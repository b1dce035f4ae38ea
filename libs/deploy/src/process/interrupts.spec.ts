import { InterruptedError } from '../log/errors';
import { MemoryLogger } from '../../testing/memory-logger';
import { trapInterrupts, withInterrupts } from './interrupts';

// process.emit only calls the listeners: no real signal is sent to the test process.
const send = (name: NodeJS.Signals) => process.emit(name, name);
const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');

describe('trapInterrupts', () => {
  it('aborts on the first signal with an InterruptedError, says so, and answers later signals with a notice', () => {
    const logger = new MemoryLogger();
    const before = listeners();
    const trap = trapInterrupts({ notices: { logger, first: (n) => `${n} first`, again: (n) => `${n} again` } });
    try {
      expect(trap.signal.aborted).toBe(false);
      send('SIGTERM');
      expect(trap.signal.reason).toBeInstanceOf(InterruptedError);
      expect((trap.signal.reason as Error).message).toBe('Interrupted by SIGTERM');
      send('SIGINT');
      send('SIGTERM');
      expect(logger.lines).toEqual(['warning: SIGTERM first', 'warning: SIGINT again', 'warning: SIGTERM again']);
      expect((trap.signal.reason as Error).message).toBe('Interrupted by SIGTERM');
    } finally {
      trap.release();
    }
    expect(listeners()).toBe(before);
  });

  it('without notices, stops trapping a signal once it fired, so a second one takes Node default (exit)', () => {
    const before = listeners();
    const trap = trapInterrupts({ reason: (n) => new Error(`custom ${n}`) });
    try {
      send('SIGINT');
      expect((trap.signal.reason as Error).message).toBe('custom SIGINT');
      expect(trap.signal.reason).not.toBeInstanceOf(InterruptedError);
      expect(listeners()).toBe(before + 1); // SIGTERM is still trapped
    } finally {
      trap.release();
    }
    expect(listeners()).toBe(before);
  });
});

describe('withInterrupts', () => {
  it('hands the signal to fn and releases the trap when fn fails', async () => {
    const before = listeners();
    const seen = await withInterrupts({}, async (signal) => {
      send('SIGINT');
      return signal.aborted;
    });
    expect(seen).toBe(true);
    await expect(withInterrupts({}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(listeners()).toBe(before);
  });
});
