import { embeddedClusterDir, embeddedPort, openRecords, recordsDatabaseUrl } from './db';
import { startLocalCluster, stopLocalCluster } from './local-cluster';
import { migrator } from './migrate';

/**
 * Records commands:
 *   migrate          apply pending migrations to DATABASE_URL (or the embedded cluster)   npm run db:migrate
 *   embedded-start   initialise (once) and start the embedded cluster under data/records-pg; prints DATABASE_URL=…
 *   embedded-stop    stop the embedded cluster
 */
async function main(command: string | undefined) {
  switch (command) {
    case 'migrate': {
      const records = await openRecords({ migrate: false });
      try {
        const { error, results } = await migrator(records.db as never).migrateToLatest();
        for (const r of results ?? [])
          console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
        if (error) throw error;
        if (!results?.length) console.log(`records: ${redact(recordsDatabaseUrl())} is up to date`);
      } finally {
        await records.close();
      }
      return;
    }
    case 'embedded-start': {
      const cluster = await startLocalCluster({ dir: embeddedClusterDir(), port: embeddedPort() });
      console.log(`DATABASE_URL=${cluster.url}`);
      return;
    }
    case 'embedded-stop': {
      await stopLocalCluster(embeddedClusterDir());
      return;
    }
    default:
      throw new Error(`usage: tsx records/cli.ts migrate|embedded-start|embedded-stop (not ${command ?? 'nothing'})`);
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

main(process.argv[2]).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
