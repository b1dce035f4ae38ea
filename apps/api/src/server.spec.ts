import { EventEmitter } from 'node:events';
import pino from 'pino';
import { exitOnSignals } from './server';

const logger = pino({ level: 'silent' });

describe('exitOnSignals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('drains on %s and exits 0 when done', async (signal) => {
    const target = new EventEmitter();
    const exit = jest.fn();
    const shutdown = jest.fn(async () => ({ timedOut: false }));
    exitOnSignals({ shutdown }, { timeoutMs: 1000, exit, target, logger });
    target.emit(signal);
    await new Promise((r) => setImmediate(r));
    expect(shutdown).toHaveBeenCalledWith(signal);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits 1 at once on a second signal', () => {
    const target = new EventEmitter();
    const exit = jest.fn();
    exitOnSignals({ shutdown: () => new Promise(() => undefined) }, { timeoutMs: 1000, exit, target, logger });
    target.emit('SIGTERM');
    target.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('exits 1 when the shutdown overruns its budget', () => {
    jest.useFakeTimers();
    try {
      const target = new EventEmitter();
      const exit = jest.fn();
      exitOnSignals({ shutdown: () => new Promise(() => undefined) }, { timeoutMs: 1000, exit, target, logger });
      target.emit('SIGTERM');
      jest.advanceTimersByTime(2999);
      expect(exit).not.toHaveBeenCalled();
      jest.advanceTimersByTime(2);
      expect(exit).toHaveBeenCalledWith(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
