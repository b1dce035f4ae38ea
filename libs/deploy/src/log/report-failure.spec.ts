import { ConfigError } from '@eapd/config';
import { MemoryLogger } from '../../testing/memory-logger';
import { DeployError } from './errors';
import { reportFailure } from './report-failure';

describe('reportFailure', () => {
  it('prints our own errors as written, with the hint on its own line', () => {
    const logger = new MemoryLogger();
    reportFailure(logger, new DeployError('Bucket "site" does not exist', { hint: 'Create it first.' }), 'Frontend sync');
    expect(logger.lines).toEqual(['error: Bucket "site" does not exist', '  → Create it first.']);
  });

  it('prints every config problem', () => {
    const logger = new MemoryLogger();
    reportFailure(logger, new ConfigError([{ variable: 'STAGING_API_PORT', message: 'is not set' }]), 'Rollover');
    expect(logger.text).toContain('STAGING_API_PORT: is not set');
    expect(logger.text).not.toContain('unexpectedly');
  });

  it('names anything else as unexpected, with its type and no stack', () => {
    const logger = new MemoryLogger();
    reportFailure(logger, new TypeError('x is undefined'), 'Preview deploy');
    expect(logger.lines).toEqual(['error: Preview deploy failed unexpectedly: TypeError: x is undefined']);
  });
});
