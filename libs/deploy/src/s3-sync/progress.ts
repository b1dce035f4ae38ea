import type { DeployLogger } from '../log/logger';
import { formatBytes } from './format';

/**
 * Files and bytes done out of the total. On a terminal one line redraws at most every
 * 100 ms; in a CI log a plain line is printed at each quarter, so the log stays short and
 * still shows the job is alive.
 */
export class TransferProgress {
  private files = 0;
  private bytes = 0;
  private lastDraw = 0;
  private nextQuarter = 1;

  constructor(
    private readonly logger: DeployLogger,
    private readonly totalFiles: number,
    private readonly totalBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  fileDone(size: number): void {
    this.files++;
    this.bytes += size;
    const line = `uploaded ${this.files}/${this.totalFiles} files, ${formatBytes(this.bytes)}/${formatBytes(this.totalBytes)}`;
    if (this.logger.interactive) {
      const t = this.now();
      if (t - this.lastDraw >= 100 || this.files === this.totalFiles) {
        this.lastDraw = t;
        this.logger.progress(line);
      }
      return;
    }
    // Only worth a line when there is enough work for quarters to mean something.
    if (this.totalFiles < 8) return;
    if (this.nextQuarter > 4 || this.files * 4 < this.totalFiles * this.nextQuarter) return;
    while (this.nextQuarter <= 4 && this.files * 4 >= this.totalFiles * this.nextQuarter) this.nextQuarter++;
    this.logger.info(`  ${line}`);
  }
}
