import path from 'node:path';

/** Repository root, and where the app keeps files it writes (Temporal's SQLite file, outbox, attachments). */
export const repoRoot = path.resolve(__dirname, '..');
export const dataDir = () => process.env.DATA_DIR ?? path.join(repoRoot, 'data');
export const TASK_QUEUE = process.env.TASK_QUEUE ?? 'procedures';
