import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '../config';
import type { InAppNotice } from '../workflows/engine';

/** One notification as delivered to a person's in-app inbox. */
export type InboxNotice = InAppNotice;

const outboxDir = () => path.join(dataDir(), 'outbox');
const fileOf = (key: string) => path.join(outboxDir(), `${Buffer.from(key).toString('base64url')}.json`);

/**
 * Writes the notice once: the file name is the idempotency key and `wx` refuses a second write,
 * so a retried activity (or a second worker) never delivers twice.
 */
export async function deliverOnce(notice: InboxNotice): Promise<'delivered' | 'duplicate'> {
  await mkdir(outboxDir(), { recursive: true });
  try {
    await writeFile(fileOf(notice.key), JSON.stringify(notice), { flag: 'wx' });
    return 'delivered';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'duplicate';
    throw err;
  }
}

/** Every notice delivered so far (for the inbox and for tests). */
export async function readOutbox(): Promise<InboxNotice[]> {
  const files = await readdir(outboxDir()).catch(() => [] as string[]);
  const notices = await Promise.all(
    files
      .filter((f) => f.endsWith('.json'))
      .map(async (f) => JSON.parse(await readFile(path.join(outboxDir(), f), 'utf8'))),
  );
  return (notices as InboxNotice[]).sort((a, b) => a.at.localeCompare(b.at));
}
