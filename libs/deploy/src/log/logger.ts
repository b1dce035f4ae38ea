import { createRedactor, type Redactor } from '@eapd/config';

/**
 * The deploy tools' one logger: human-readable lines for a terminal or a CI log, every line
 * passed through the redactor so no secret is printed.
 */
export interface DeployLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A section header: one per step of a plan ("── Launch new instances"). */
  section(title: string): void;
  /** True when output is an interactive terminal (progress may redraw a line). */
  readonly interactive: boolean;
  /** Redraw a one-line progress indicator on a TTY; prints nothing otherwise. */
  progress(message: string): void;
}

export interface ConsoleLoggerOptions {
  redact?: Redactor;
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  err?: NodeJS.WritableStream;
}

export function createConsoleLogger(options: ConsoleLoggerOptions = {}): DeployLogger {
  const redact = options.redact ?? createRedactor();
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const interactive = Boolean((out as { isTTY?: boolean }).isTTY) && !process.env['CI'];
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) {
      out.write('\r\x1b[2K');
      progressShown = false;
    }
  };
  const line = (stream: NodeJS.WritableStream, text: string) => {
    clearProgress();
    stream.write(redact(text) + '\n');
  };
  return {
    interactive,
    info: (m) => line(out, m),
    warn: (m) => line(err, `warning: ${m}`),
    error: (m) => line(err, `error: ${m}`),
    section: (title) => line(out, `\n── ${title}`),
    progress: (m) => {
      if (!interactive) return;
      out.write('\r\x1b[2K' + redact(m));
      progressShown = true;
    },
  };
}
