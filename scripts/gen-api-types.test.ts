import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../api/openapi/registry';
import { apiTypesFile } from './gen-api-types';

const repo = path.join(__dirname, '..');

// The UI's types of what the API answers are generated from the served OpenAPI document and committed; a change to a
// route's zod schema must come with the regenerated file, or the UI type-checks against a contract that is gone.
describe('ui/src/api/openapi.d.ts (npm run gen:api-types)', () => {
  it('is what openapi-typescript writes for the document the API serves now', () => {
    // openapi-typescript's parser and Prettier load as ES modules, which Jest's VM refuses: check in a child process.
    let stale = '';
    try {
      execFileSync(path.join(repo, 'node_modules', '.bin', 'tsx'), ['scripts/gen-api-types.ts', '--check'], {
        cwd: repo,
        stdio: 'pipe',
      });
    } catch (err) {
      stale = String((err as { stderr?: Buffer }).stderr ?? err);
    }
    expect(stale).toBe('');
  });

  it('names every component schema of the document', () => {
    const generated = readFileSync(apiTypesFile, 'utf8');
    const names = Object.keys(openApiDocument().components?.schemas ?? {});
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(generated).toMatch(new RegExp(`^    ${name}: `, 'm'));
  });
});
