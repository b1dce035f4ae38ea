/**
 * Test-only: the commands of a shell script that upgrade installed packages. Seed defect 19:
 * the seed's user data ended with `yum upgrade -y; yum update -y` after the app had started,
 * making every host different and restarting services under a live API. Refreshing a package
 * index (`apt-get update`) and installing named packages are not upgrades; for yum and dnf,
 * `update` IS an upgrade.
 */
const UPGRADE_VERBS: Record<string, string[]> = {
  apt: ['upgrade', 'dist-upgrade', 'full-upgrade'],
  'apt-get': ['upgrade', 'dist-upgrade', 'full-upgrade'],
  aptitude: ['upgrade', 'safe-upgrade', 'full-upgrade', 'dist-upgrade'],
  yum: ['update', 'upgrade', 'update-minimal', 'upgrade-minimal', 'distro-sync'],
  dnf: ['update', 'upgrade', 'update-minimal', 'upgrade-minimal', 'distro-sync', 'distrosync'],
  microdnf: ['update', 'upgrade'],
  zypper: ['update', 'up', 'dist-upgrade', 'dup', 'patch'],
};
const ALWAYS = ['unattended-upgrade', 'unattended-upgrades'];
/** Options that take the next word as their value. */
const WITH_VALUE = new Set(['-o', '-c', '-t', '-e', '-d', '--setopt', '--option', '--config-file', '--target-release']);
const PREFIXES = new Set(['sudo', 'command', 'exec', 'env', 'nice', 'nohup', 'time', '!']);

export function packageUpgradeCommands(script: string): string[] {
  const found: string[] = [];
  for (const command of script.split(/\n|;|&&|\|\||\||\(|\)|\{|\}|\bthen\b|\bdo\b|\belse\b/)) {
    const words = command.trim().split(/\s+/).filter(Boolean);
    while (words.length && (PREFIXES.has(words[0]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]))) words.shift();
    const tool = (words[0] ?? '').replace(/^.*\//, '');
    if (ALWAYS.includes(tool)) {
      found.push(command.trim());
      continue;
    }
    const verbs = UPGRADE_VERBS[tool];
    if (!verbs) continue;
    if (words.includes('--only-upgrade')) {
      found.push(command.trim());
      continue;
    }
    let verb: string | undefined;
    for (let i = 1; i < words.length; i++) {
      if (words[i].startsWith('-')) {
        if (WITH_VALUE.has(words[i])) i += 1;
        continue;
      }
      verb = words[i];
      break;
    }
    if (verb && verbs.includes(verb)) found.push(command.trim());
  }
  return found;
}
