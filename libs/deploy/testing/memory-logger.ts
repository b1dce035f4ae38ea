import type { DeployLogger } from '../src/log/logger';

/** Collects log lines for assertions. */
export class MemoryLogger implements DeployLogger {
  readonly lines: string[] = [];
  readonly interactive = false;
  info(m: string) { this.lines.push(m); }
  warn(m: string) { this.lines.push(`warning: ${m}`); }
  error(m: string) { this.lines.push(`error: ${m}`); }
  section(t: string) { this.lines.push(`── ${t}`); }
  progress() { /* non-interactive */ }
  get text(): string { return this.lines.join('\n'); }
}
