import { sql, type Kysely } from 'kysely';

/**
 * In-app escalations to the person the site's on-duty roster picked (issue 21 point 3), not to everyone holding the
 * rung's role: a notice names its one person (`notices.user_id`, null when it is for the role), and a case keeps the
 * people told personally of an escalation nobody has acknowledged yet (`cases.escalated_to_users`) apart from the roles
 * told as a whole (`escalated_to`, which no longer lists a rung's role when the roster picked a person for it).
 * Existing rows are brought to the same rule from the view they hold; notices written before keep no person.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notices ADD COLUMN user_id text`.execute(db);
  await sql`ALTER TABLE cases ADD COLUMN escalated_to_users text[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`
    UPDATE cases SET
      escalated_to_users = coalesce((
        SELECT array_agg(DISTINCT e->'roster'->>'user')
        FROM jsonb_array_elements(view->'escalations') AS e
        WHERE NOT e ? 'ackedAt' AND e->'roster'->>'by' IN ('on_duty', 'deputy') AND e->'roster' ? 'user'), '{}'),
      escalated_to = coalesce((
        SELECT array_agg(DISTINCT e->>'to')
        FROM jsonb_array_elements(view->'escalations') AS e
        WHERE NOT e ? 'ackedAt' AND coalesce(e->'roster'->>'by', '') NOT IN ('next_rung', 'on_duty', 'deputy')), '{}')
    WHERE jsonb_path_exists(view, '$.escalations[*].roster')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases DROP COLUMN escalated_to_users`.execute(db);
  await sql`ALTER TABLE notices DROP COLUMN user_id`.execute(db);
}
