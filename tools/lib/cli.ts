/**
 * Entry-point wrapper for the tools' command-line scripts: runs `main`, turns a thrown
 * error into one readable message (no stack trace unless TOOLS_DEBUG is set) and sets the
 * exit code, so every script fails the same recognisable way in CircleCI.
 */
export function runCli(main: (argv: string[]) => Promise<number> | number): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`error: ${message}`);
      if (process.env['TOOLS_DEBUG'] && error instanceof Error) console.error(error.stack);
      process.exitCode = 2;
    });
}

/** An error whose message is meant for the person at the terminal (what, why, what to do). */
export class ToolError extends Error {
  override name = 'ToolError';
}
