/**
 * @jest-environment node
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hardCodedText } from '../testing/hard-coded-text';

// Every message a user can see comes from the content YAML: this fails on text written into the
// app's code instead (see testing/hard-coded-text.ts for what counts).

const SRC = join(__dirname, '..');

function appFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['testing', 'generated'].includes(name) ? [] : appFiles(path);
    return /\.tsx?$/.test(name) && !/\.(spec|test)\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('no hard-coded user-visible text in the app', () => {
  const files = appFiles(SRC);

  it('scans the app’s files (guards the scan itself)', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.some((file) => file.endsWith('files-panel.tsx'))).toBe(true);
  });

  it.each(files.map((file) => [relative(SRC, file), file]))('%s', (name, file) => {
    expect(hardCodedText(readFileSync(file, 'utf8'), name)).toEqual([]);
  });

  it('catches each kind of hard-coded text', () => {
    const sample = `
      export function Page({ n }: { n: number }) {
        setMessage({ kind: 'error', text: 'Something broke' });
        return (
          <div aria-label="Budget lines" title={'Help'}>
            Save now
            {'Loading…'}
            <Dialog body={\`Delete \${n}?\`} confirmLabel={busy ? 'Deleting' : t('x.delete')} />
            <span aria-label={t('apd-edit.budget.heading') + \` \${n}\`}>{\`\${t('a.b')} more\`}</span>
            <input className="field" type="text" name="years" inputMode="decimal" />
            {t('fine')} {n} {' '}
          </div>
        );
      }`;
    const found = hardCodedText(sample, 'sample.tsx').map((line) => line.replace(/^sample\.tsx:\d+: /, ''));
    expect(found).toEqual([
      'text: "Something broke"',
      'aria-label="Budget lines"',
      'title="Help"',
      'text in JSX: "Save now"',
      'text in JSX: "Loading…"',
      'body="Delete ?"',
      'confirmLabel="Deleting"',
      'text glued to t(): use a {placeholder}',
      'text in JSX: " more"',
      'text glued to t(): use a {placeholder}',
    ]);
  });
});
