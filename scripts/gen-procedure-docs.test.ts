import { procedures } from '../workflows/procedures';
import { procedureDoc, procedureDocs } from './gen-procedure-docs';
import { staleGenerated } from './generated-check';

// The generated procedure pages are committed; they must say what the code runs now.
describe('docs/procedures (npm run docs:procedures)', () => {
  it('are up to date with every procedure and version', () => {
    expect(staleGenerated('scripts/gen-procedure-docs.ts')).toBe('');
  });

  it('have one page per procedure and version, with the diagram and every timer and event', () => {
    const docs = procedureDocs();
    expect([...docs.keys()].sort()).toEqual([...procedures.map((p) => `${p.id}-v${p.version}.md`), 'README.md'].sort());
    for (const def of procedures) {
      const page = procedureDoc(def);
      expect(page).toContain('```mermaid\nstateDiagram-v2');
      for (const type of Object.keys(def.events)) expect(page).toContain(`| \`${type}\` |`);
      for (const timer of Object.keys(def.policy.deadlines)) expect(page).toContain(`| \`${timer}\` |`);
    }
  });
});
