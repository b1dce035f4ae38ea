import type { RolloverDeps } from './rollover-types';

const TAIL_LINES = 40;

/**
 * Prints the end of an instance's console output: the startup script logs its steps there,
 * so this is where a failed boot says what went wrong. Never throws (it runs during roll-back).
 */
export async function printConsoleTail(id: string, deps: Pick<RolloverDeps, 'compute' | 'logger'>): Promise<void> {
  try {
    const output = await deps.compute.consoleOutput(id);
    const lines = output.replace(/\r/g, '').trimEnd().split('\n');
    if (!output.trim()) {
      deps.logger.info(`${id}: no console output yet (EC2 publishes it a few minutes after boot).`);
      return;
    }
    deps.logger.info(`${id}: last ${Math.min(TAIL_LINES, lines.length)} lines of the console output (startup log):`);
    for (const l of lines.slice(-TAIL_LINES)) deps.logger.info(`  | ${l}`);
  } catch (err) {
    deps.logger.warn(`${id}: could not read the console output: ${(err as Error).message}`);
  }
}
