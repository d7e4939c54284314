import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Repository root: the directory holding package.json: config/.. from the sources, dist/config/../.. from the JavaScript that
 * `npm run build` writes to dist/ (which has no package.json of its own).
 */
export const repoRoot = ((): string => {
  const parent = path.resolve(__dirname, '..');
  return existsSync(path.join(parent, 'package.json')) ? parent : path.dirname(parent);
})();
/** Where the app keeps files it writes (Temporal's SQLite file, outbox, attachments): DATA_DIR, default data/. */
export const dataDir = () => process.env.DATA_DIR ?? path.join(repoRoot, 'data');
export const TASK_QUEUE = process.env.TASK_QUEUE ?? 'procedures';
