/**
 * The app's records (issue 16): cases, their chained audit trail and in-app notices in PostgreSQL, kept beside
 * Temporal so a case outlives its workflow's retention. Production connects with DATABASE_URL; `npm start` runs an
 * embedded cluster under data/records-pg.
 */
export { openRecords, recordsConfigured, recordsDatabaseUrl, embeddedClusterDir, embeddedPort } from './db';
export type { Records, OpenRecordsOptions } from './db';
export { RecordStore } from './store';
export { lazyArchive, type CaseArchive, type RecordsAccess } from './archive';
export { RecordReads } from './reads';
export { PasswordHashRecords, type UpgradedHash } from './password-hashes';
export type {
  ReadScope,
  RecordedSummary,
  ListPlace,
  CaseListFilter,
  ReportFilter,
  ReportView,
  ReportMonths,
  MonthCounts,
} from './reads';
export type {
  AddendumInput,
  AddendumResult,
  CaseWrite,
  WriteResult,
  CaseEntry,
  CaseRecord,
  RecordedNotice,
} from './store';
export { changesBetween } from './changes';
export type { CaseChange } from './changes';
export { entryHash } from './chain';
export { backupRecords, restoreRecords } from './backup';
export { purgeExpired, retentionRules, yearsBefore, type PurgedCase, type RetentionRule } from './purge';
export { backfillRecords, type BackfilledCase, type BackfillReport } from './backfill';
export { verifyRecords, type ChainBreak, type VerifyReport } from './verify';
export { migrateToLatest, migrator } from './migrate';
export { ensureDatabase, initCluster, pgTool, postgresBin, startLocalCluster, stopLocalCluster } from './local-cluster';
export type { LocalCluster, LocalClusterOptions } from './local-cluster';
export type { RecordsDatabase } from './schema';
export {
  FsBlobStore,
  HEAD_BYTES,
  SHA256_PATTERN,
  TooLargeError,
  type BlobStore,
  type StagedFile,
} from './files/storage';
export {
  CustodyLedger,
  isLedgerCaseId,
  uploadsIn,
  type AccessEntry,
  type ChainedEntry,
  type Custodian,
  type LedgerEntry,
  type UploadedEntry,
} from './files/ledger';
export { defaultFilesRoot, purgeCaseFiles, type PurgedFiles } from './files/purge-files';
