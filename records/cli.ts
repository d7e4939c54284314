import { embeddedClusterDir, embeddedPort, openRecords, recordsDatabaseUrl } from './db';
import { startLocalCluster, stopLocalCluster } from './local-cluster';
import { backupRecords, restoreRecords } from './backup';
import { migrator } from './migrate';
import { verifyRecords } from './verify';
import { purgeExpired, retentionRules } from './purge';
import { Client, Connection } from '@temporalio/client';
import { connectionOptions, loadConfig, temporalConnectionSettings } from '../config';
import { backfillRecords } from './backfill';
import { purgeCaseFiles } from './files/purge-files';

/**
 * Records commands:
 *   migrate          apply pending migrations to DATABASE_URL (or the embedded cluster)   npm run db:migrate
 *   embedded-start   initialise (once) and start the embedded cluster under data/records-pg; prints DATABASE_URL=…
 *   embedded-stop    stop the embedded cluster
 *   backup FILE      pg_dump of the records database into FILE                          npm run records:backup -- FILE
 *   restore FILE     the database becomes what FILE holds (pg_restore --clean)           npm run records:restore -- FILE
 *   verify           check every case's hash chain; names each edited or deleted entry, exit 1 if any  npm run verify-records
 *   backfill         copy the cases Temporal keeps (open, and closed ones not yet past its retention) into the
 *                    records; again: changes nothing unless a case changed      npm run records:backfill
 *   purge [--dry-run]  remove closed cases past their site policy's recordsRetentionYears, and their files that no
 *                      retained case holds (DATA_DIR/attachments); lists each case and file
 *                      (--dry-run: lists them, removes nothing)                          npm run records:purge
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
    case 'backup':
    case 'restore': {
      const file = process.argv[3];
      if (!file) throw new Error(`usage: tsx records/cli.ts ${command} FILE`);
      await (command === 'backup' ? backupRecords : restoreRecords)(recordsDatabaseUrl(), file);
      console.log(`records: ${command === 'backup' ? 'backed up to' : 'restored from'} ${file}`);
      return;
    }
    case 'verify': {
      const records = await openRecords({ migrate: false });
      try {
        const report = await verifyRecords(records.db);
        for (const b of report.breaks) console.log(`${b.problem}: case ${b.caseId} entry ${b.seq} — ${b.detail}`);
        console.log(
          `records: ${report.cases} cases, ${report.entries} entries checked` +
            (report.purged ? ` (${report.purged} cases purged by retention)` : '') +
            '; ' +
            (report.breaks.length ? `${report.breaks.length} broken` : 'every chain intact'),
        );
        if (report.breaks.length) process.exitCode = 1;
      } finally {
        await records.close();
      }
      return;
    }
    case 'backfill': {
      const temporal = temporalConnectionSettings();
      const connection = await Connection.connect(connectionOptions(temporal));
      const records = await openRecords();
      try {
        const client = new Client({ connection, namespace: temporal.namespace });
        const report = await backfillRecords(client, records.store);
        for (const c of report.cases.filter((c) => c.outcome !== 'unchanged'))
          console.log(`${c.outcome}: ${c.caseId}${c.reason ? ` (${c.reason})` : ''}`);
        console.log(
          `records: ${report.copied} copied, ${report.refreshed} refreshed, ${report.unchanged} unchanged, ` +
            `${report.skipped} skipped`,
        );
      } finally {
        await records.close();
        await connection.close();
      }
      return;
    }
    case 'purge': {
      const dryRun = process.argv.slice(3).includes('--dry-run');
      const rules = retentionRules(loadConfig().sites.values());
      if (!rules.length) {
        console.log('records: no site policy sets recordsRetentionYears; every case is kept');
        return;
      }
      const records = await openRecords();
      try {
        const removed = await purgeExpired(records.db, rules, { dryRun });
        for (const c of removed)
          console.log(
            `${dryRun ? 'would purge' : 'purged'}: ${c.number} (${c.caseId}) ${c.procedure} at ${c.site}, ` +
              `closed ${c.closedAt}, ${c.entries} entries; kept ${c.years} years`,
          );
        console.log(`records: ${removed.length} expired closed cases ${dryRun ? 'would be purged' : 'purged'}`);
        // Files go with their cases' records: this run's purged cases and any an earlier purge left files of.
        const earlier = await records.db.selectFrom('purges').select('case_id').execute();
        const expired = new Set([...removed.map((c) => c.caseId), ...earlier.map((r) => r.case_id)]);
        const files = await purgeCaseFiles(expired, { dryRun });
        for (const f of files.removed)
          console.log(`${dryRun ? 'would remove' : 'removed'} file: ${f.sha256} of ${f.cases.join(', ')}`);
        for (const f of files.kept) console.log(`kept file: ${f.sha256}, also held by ${f.heldBy.join(', ')}`);
        console.log(
          `records: ${files.removed.length} files of ${files.cases.length} expired cases ` +
            `${dryRun ? 'would be removed' : 'removed'}, ${files.kept.length} kept for retained cases`,
        );
      } finally {
        await records.close();
      }
      return;
    }
    default:
      throw new Error(
        `usage: tsx records/cli.ts migrate|verify|backfill|purge [--dry-run]|backup FILE|restore FILE|embedded-start|embedded-stop (not ${command ?? 'nothing'})`,
      );
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

main(process.argv[2]).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
