import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function firstExisting(): string | undefined {
  const fromEnv = process.env['CHROME_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist: point it at a Chromium or Chrome binary.`);
    return fromEnv;
  }
  return CANDIDATES.find((path) => existsSync(path));
}

const isRootOnDebian = () => process.getuid?.() === 0 && existsSync('/etc/debian_version');

/**
 * Finds a local Chromium (never downloads a browser build). As root on Debian it installs
 * the distribution's `chromium` package itself; elsewhere it fails with one line saying
 * exactly what to install.
 */
export function findChromium(log: (line: string) => void): string {
  const found = firstExisting();
  if (found) return found;
  if (isRootOnDebian()) {
    log('Chromium not found: installing the Debian package "chromium" with apt-get (a few minutes at most) ...');
    const apt = (args: string[]) =>
      execFileSync('apt-get', args, {
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 600_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
    const installed = firstExisting();
    if (installed) return installed;
  }
  throw new Error(
    'Chromium not found: install it (Debian/Ubuntu: "apt-get install -y chromium"; elsewhere install Chromium or Chrome) or set CHROME_PATH to its binary.',
  );
}
