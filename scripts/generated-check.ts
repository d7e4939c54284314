import { execFileSync } from 'node:child_process';
import path from 'node:path';

const repo = path.join(__dirname, '..');

/**
 * Runs a generator script with `--check` (e.g. `scripts/gen-api-types.ts`, a path from the repo root) in a child
 * process — the generators load ES modules (Prettier, openapi-typescript's parser) that Jest's VM refuses — and
 * returns what it said on failure (it names the stale file), or '' when the committed files are what it would write.
 */
export function staleGenerated(script: string): string {
  try {
    execFileSync(path.join(repo, 'node_modules', '.bin', 'tsx'), [script, '--check'], { cwd: repo, stdio: 'pipe' });
    return '';
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  }
}
