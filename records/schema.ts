import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/**
 * The app database's tables as Kysely sees them (see migrations/ for the DDL).
 *
 * Times are `timestamptz`: written as ISO strings or Dates, read back as Dates. `view` and `body` are `jsonb`.
 */
export interface RecordsDatabase {
  cases: CasesTable;
  case_entries: CaseEntriesTable;
  notices: NoticesTable;
  purges: PurgesTable;
  password_hashes: PasswordHashesTable;
}

type Time = ColumnType<Date, string | Date, string | Date>;
type NullableTime = ColumnType<Date | null, string | Date | null, string | Date | null>;
/** bigint columns come back from `pg` as strings. */
type BigInt = ColumnType<string, number | string, number | string>;

/** One row per case: the case as of its newest recorded revision. */
export interface CasesTable {
  case_id: string;
  procedure: string;
  version: number;
  site: string;
  number: string;
  drill: boolean;
  status: 'open' | 'closed';
  state: string;
  /** The workflow's per-case change counter of the snapshot below; a write with a revision not above it is ignored. */
  revision: BigInt;
  started_at: Time;
  updated_at: Time;
  closed_at: NullableTime;
  next_due_at: NullableTime;
  overdue: boolean;
  escalation_level: number;
  awaiting_roles: string[];
  /**
   * Roles told as a whole of an escalation nobody has acknowledged yet (their holders' inboxes show the case); a rung
   * the on-duty roster gave to one person is not here but in `escalated_to_users` (migration 0006).
   */
  escalated_to: string[];
  /** User ids of the people the on-duty roster picked for an escalation nobody has acknowledged yet (their inboxes). */
  escalated_to_users: Generated<string[]>;
  /** Number and every text the case recorded, for search. */
  search_text: string;
  /** Every two adjacent characters of search_text, lower-cased (computed by PostgreSQL; GIN-indexed, migration 0004). */
  search_bigrams: GeneratedAlways<string[]>;
  /** What reports count of the view (deadlines and escalations, slimmed; computed by PostgreSQL, migration 0004). */
  report_facts: GeneratedAlways<unknown>;
  /**
   * How many facts were added after the case closed (entries of kind `addendum`, migration 0007): what its chain holds
   * beyond the changes its view accounts for, counted so a deleted last one shows.
   */
  addenda: Generated<number>;
  /**
   * How many lines of the case's files' chain of custody its chain holds (entries of kind `custody`, migration 0008),
   * counted so a deleted last one shows.
   */
  custody_lines: Generated<number>;
  /** The whole case view (CaseView) at `revision`. */
  view: ColumnType<unknown, string, string>;
  recorded_at: Generated<Date>;
}

/** The append-only audit trail: every change of a case, chained by hash. Never updated in place. */
export interface CaseEntriesTable {
  case_id: string;
  /** Position in the case's chain, from 1. */
  seq: number;
  kind: string;
  at: Time;
  body: ColumnType<unknown, string, never>;
  /** Hash of the entry before (seq - 1); the empty string for the first. */
  prev_hash: string;
  hash: string;
  recorded_at: Generated<Date>;
}

/** In-app notices delivered to a role's inbox (or to one person of it, `user_id`); the key is the activity's idempotency key. */
export interface NoticesTable {
  key: string;
  case_id: string;
  number: string;
  procedure: string;
  site: string;
  role: string;
  /** The one person of `role` it is for (the on-duty roster's pick, migration 0006); null: everyone holding it. */
  user_id: ColumnType<string | null, string | null | undefined, string | null>;
  kind: string;
  about: string;
  at: Time;
  body: ColumnType<unknown, string, never>;
  recorded_at: Generated<Date>;
}

/** One case removed by retention (records:purge): never updated or deleted. */
export interface PurgesTable {
  case_id: string;
  number: string;
  procedure: string;
  site: string;
  closed_at: Time;
  /** Entries its chain held when purged. */
  entries: number;
  /** Hash of its last entry ('' when it had none). */
  last_hash: string;
  /** The site policy's recordsRetentionYears it was purged under. */
  retention_years: number;
  purged_at: Generated<Date>;
}

/** A password hash made at sign-in to replace a weaker one of config/users.yaml (records/password-hashes.ts). */
export interface PasswordHashesTable {
  user_id: string;
  hash: string;
  /** SHA-256 (hex) of the users.yaml hash it replaces. */
  replaces: string;
  upgraded_at: Generated<Date>;
}
