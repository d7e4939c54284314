import { closeRecords } from '../../activities/records';
import { useDevServer, type DevServerFixture } from './dev-server-fixture';
import { startTestPostgres, type TestPostgres } from './postgres';

/**
 * A test file's Temporal CLI dev server with the app's worker in this process on `taskQueue`, and a real PostgreSQL
 * the worker records every case change in (DATABASE_URL, as in production). Call at the top level of a test file;
 * `pg()` is there from the first test on.
 */
export function useRecordsDevServer(taskQueue: string): { temporal: DevServerFixture; pg: () => TestPostgres } {
  let pg: TestPostgres | undefined;
  beforeAll(async () => {
    pg = await startTestPostgres();
    process.env.DATABASE_URL = pg.url;
  }, 180_000);
  const temporal = useDevServer({ inProcessWorker: taskQueue });
  afterAll(async () => {
    await closeRecords();
    await pg?.destroy();
  });
  return { temporal, pg: () => pg! };
}
