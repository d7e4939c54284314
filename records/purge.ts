import { sql, type Kysely } from 'kysely';
import type { RecordsDatabase } from './schema';

/** How long one procedure's closed cases are kept at one site: from the site policy's `recordsRetentionYears`. */
export interface RetentionRule {
  site: string;
  procedure: string;
  /** Whole years after the case closed (a positive integer). */
  years: number;
}

/** A case {@link purgeExpired} removed (or, on a dry run, would remove). */
export interface PurgedCase {
  caseId: string;
  number: string;
  procedure: string;
  site: string;
  /** ISO time the case closed. */
  closedAt: string;
  /** Entries its chain held. */
  entries: number;
  years: number;
}

/** The rules a set of site policies gives: one per site and procedure that sets recordsRetentionYears. */
export function retentionRules(
  sites: Iterable<{ id: string; procedures: Record<string, { recordsRetentionYears?: number }> }>,
): RetentionRule[] {
  const rules: RetentionRule[] = [];
  for (const site of sites) {
    for (const [procedure, policy] of Object.entries(site.procedures)) {
      if (policy.recordsRetentionYears) rules.push({ site: site.id, procedure, years: policy.recordsRetentionYears });
    }
  }
  return rules;
}

/** `years` calendar years before `now` (29 February falls back to 28 February in a common year). */
export function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * Removes the closed cases whose retention has run out: for each rule, the cases of that site and procedure closed
 * more than `years` before `now`. Only closed cases, only where a rule says so (no rule: kept for ever). Each case goes
 * whole — its row, every entry of its chain and its notices — in one transaction with a purge record (what it was, how
 * many entries, the hash of the last), so verify-records sees a purge, not a tampered chain.
 * @param dryRun when true, removes nothing and returns what would go
 * @returns the cases removed, oldest closed first
 * @throws when the database cannot be read or written (cases already removed stay removed, each with its record)
 */
export async function purgeExpired(
  db: Kysely<RecordsDatabase>,
  rules: readonly RetentionRule[],
  { now = new Date(), dryRun = false }: { now?: Date; dryRun?: boolean } = {},
): Promise<PurgedCase[]> {
  const expired: PurgedCase[] = [];
  for (const rule of rules) {
    if (!Number.isSafeInteger(rule.years) || rule.years < 1)
      throw new RangeError(
        `records: retention of ${rule.procedure} at ${rule.site} must be whole years, not ${rule.years}`,
      );
    const rows = await db
      .selectFrom('cases')
      .select(['case_id', 'number', 'procedure', 'site', 'closed_at'])
      .select((eb) =>
        eb
          .selectFrom('case_entries')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('case_entries.case_id', '=', 'cases.case_id')
          .as('entries'),
      )
      .where('site', '=', rule.site)
      .where('procedure', '=', rule.procedure)
      .where('status', '=', 'closed')
      .where('closed_at', '<', yearsBefore(now, rule.years))
      .orderBy('closed_at')
      .orderBy('case_id')
      .execute();
    for (const r of rows) {
      expired.push({
        caseId: r.case_id,
        number: r.number,
        procedure: r.procedure,
        site: r.site,
        closedAt: r.closed_at!.toISOString(),
        entries: Number(r.entries ?? 0),
        years: rule.years,
      });
    }
  }
  expired.sort((a, b) => a.closedAt.localeCompare(b.closedAt) || a.caseId.localeCompare(b.caseId));
  if (dryRun) return expired;
  const purged: PurgedCase[] = [];
  for (const c of expired) {
    await db.transaction().execute(async (tx) => {
      // The writer's lock: no write of this case runs while it goes.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${c.caseId}, 16))`.execute(tx);
      const head = await tx
        .selectFrom('case_entries')
        .select(['seq', 'hash'])
        .where('case_id', '=', c.caseId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const entries = await tx.deleteFrom('case_entries').where('case_id', '=', c.caseId).executeTakeFirst();
      await tx.deleteFrom('notices').where('case_id', '=', c.caseId).execute();
      await tx.deleteFrom('cases').where('case_id', '=', c.caseId).where('status', '=', 'closed').execute();
      await tx
        .insertInto('purges')
        .values({
          case_id: c.caseId,
          number: c.number,
          procedure: c.procedure,
          site: c.site,
          closed_at: c.closedAt,
          entries: Number(entries.numDeletedRows),
          last_hash: head?.hash ?? '',
          retention_years: c.years,
        })
        .execute();
      purged.push({ ...c, entries: Number(entries.numDeletedRows) });
    });
  }
  return purged;
}
