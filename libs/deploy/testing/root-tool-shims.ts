import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Test-only: stand-ins for the user-management commands a startup script runs as root
 * (useradd, id, runuser, chown, install -o/-g), so the script's other steps can run in a
 * unit test without creating users on the machine. Each logs its arguments, one line per
 * call, to `log`; `runuser -u U -- cmd…` runs `cmd…` as the current user. The boot tests
 * use the real commands.
 */
export interface RootToolShims {
  /** Put first on PATH. */
  bin: string;
  /** Every call: "useradd --system …", "runuser -u eapd-api -- node …". */
  calls(): string[];
}

export function writeRootToolShims(dir: string): RootToolShims {
  const bin = join(dir, 'shim-bin');
  const log = join(dir, 'shim-calls.log');
  const users = join(dir, 'shim-users');
  mkdirSync(bin, { recursive: true });
  mkdirSync(users, { recursive: true });
  writeFileSync(log, '');
  const record = `printf '%s\\n' "$(basename "$0") $*" >> '${log}'`;
  const shims: Record<string, string> = {
    useradd: `${record}\nfor last; do :; done\ntouch '${users}'/"$last"`,
    id: [
      record,
      'name="${!#}"',
      `if [ $# -gt 0 ] && [ -e '${users}'/"$name" ]; then`,
      '  if [ "$1" = -u ]; then echo 4242; else echo "uid=4242($name) gid=4242($name) groups=4242($name)"; fi',
      'elif [ $# -gt 0 ] && [ "$name" != -u ]; then echo "id: $name: no such user" >&2; exit 1',
      'else exec /usr/bin/id "$@"; fi',
    ].join('\n'),
    runuser: `${record}\nwhile [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done\nshift\nexec "$@"`,
    chown: `${record}\nexit 0`,
    install: [
      record,
      'args=()',
      'while [ $# -gt 0 ]; do case "$1" in -o|-g) shift 2 ;; *) args+=("$1"); shift ;; esac; done',
      'exec /usr/bin/install "${args[@]}"',
    ].join('\n'),
  };
  for (const [name, body] of Object.entries(shims)) {
    const file = join(bin, name);
    writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return { bin, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}
