import type { DeployLogger } from '../log/logger';
import { MemoryLogger } from '../../testing/memory-logger';
import { TransferProgress } from './progress';

describe('TransferProgress', () => {
  it('prints a line per quarter in a CI log', () => {
    const logger = new MemoryLogger();
    const p = new TransferProgress(logger, 8, 8 * 1024);
    for (let i = 0; i < 8; i++) p.fileDone(1024);
    expect(logger.lines).toEqual([
      '  uploaded 2/8 files, 2.0 KB/8.0 KB',
      '  uploaded 4/8 files, 4.0 KB/8.0 KB',
      '  uploaded 6/8 files, 6.0 KB/8.0 KB',
      '  uploaded 8/8 files, 8.0 KB/8.0 KB',
    ]);
  });

  it('redraws one line on a terminal, at most every 100 ms and always at the end', () => {
    const drawn: string[] = [];
    const logger: DeployLogger = {
      interactive: true,
      progress: (m) => void drawn.push(m),
      info: () => undefined, warn: () => undefined, error: () => undefined, section: () => undefined,
    };
    let t = 1000;
    const p = new TransferProgress(logger, 3, 300, () => t);
    p.fileDone(100);
    t += 10;
    p.fileDone(100);
    t += 10;
    p.fileDone(100);
    expect(drawn).toEqual(['uploaded 1/3 files, 100 B/300 B', 'uploaded 3/3 files, 300 B/300 B']);
  });
});
