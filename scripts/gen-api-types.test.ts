import { readFileSync } from 'node:fs';
import { openApiDocument } from '../api/openapi/registry';
import { apiTypesFile } from './gen-api-types';
import { staleGenerated } from './generated-check';

// The UI's types of what the API answers are generated from the served OpenAPI document and committed; a change to a
// route's zod schema must come with the regenerated file, or the UI type-checks against a contract that is gone.
describe('ui/src/api/openapi.d.ts (npm run gen:api-types)', () => {
  it('is what openapi-typescript writes for the document the API serves now', () => {
    expect(staleGenerated('scripts/gen-api-types.ts')).toBe('');
  });

  it('names every component schema of the document', () => {
    const generated = readFileSync(apiTypesFile, 'utf8');
    const names = Object.keys(openApiDocument().components?.schemas ?? {});
    expect(names.length).toBeGreaterThan(20);
    // A long union (ProcedureId, SiteId) wraps onto the next line.
    for (const name of names) expect(generated).toMatch(new RegExp(`^    ${name}:( |$)`, 'm'));
  });
});
