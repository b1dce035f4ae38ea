import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVariablesSection } from '@eapd/config';

const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README.md', () => {
  it('lists every environment variable (refresh with "npx nx run config:variables -- --write README.md")', () => {
    expect(withVariablesSection(readme)).toBe(readme);
  });

  it('names the two commands and the release tag', () => {
    expect(readme).toMatch(/^npm start\b/m);
    expect(readme).toMatch(/^npm test\b/m);
    expect(readme).toMatch(/git tag v\d+\.\d+\.\d+/);
  });

  it('documents every Nx target that project.json files declare for people to run', () => {
    const documented = ['api:artifact', 'api:artifact-verify', 'api:deploy', 'api:rollback', 'api:preview', 'api:preview-cleanup', 'web:deploy', 'api:endpoint-test', 'web:e2e', 'api:calibrate-pbkdf2', 'tools:validate-yaml', 'tools:audit-policy', 'tools:owasp-gate'];
    for (const target of documented) {
      const [project, name] = target.split(':');
      const projectJson = JSON.parse(readFileSync(join(root, project === 'tools' ? 'tools' : `apps/${project}`, 'project.json'), 'utf8'));
      expect(projectJson.targets[name]).toBeDefined();
      expect(readme).toContain(`nx run ${target}`);
    }
  });
});
