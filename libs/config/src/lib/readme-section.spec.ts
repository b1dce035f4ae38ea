import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_VARIABLES_END, README_VARIABLES_START, withVariablesSection } from './readme-section';

describe('withVariablesSection', () => {
  it('replaces only the text between the markers', () => {
    const readme = `# Title\n\n${README_VARIABLES_START}\nold table\n${README_VARIABLES_END}\n\nAfter.\n`;
    expect(withVariablesSection(readme, 'NEW')).toBe(`# Title\n\n${README_VARIABLES_START}\n\nNEW\n\n${README_VARIABLES_END}\n\nAfter.\n`);
  });

  it('says what is missing when there are no markers', () => {
    expect(() => withVariablesSection('# Title\n', 'NEW')).toThrow('has no');
  });

  it('libs/config/README.md is up to date (refresh with "npx nx run config:variables --write")', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toBe(withVariablesSection(readme));
  });
});
