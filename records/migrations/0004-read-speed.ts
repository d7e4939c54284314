import { sql, type Kysely } from 'kysely';

/**
 * Reads that stay fast at 100,000 cases (issue 16's bench, bench/records-reads.ts).
 *
 * Search that an index serves: a case number by a btree, and any fragment of two
 * characters or more by the fragment's bigrams (`text_bigrams`: every two adjacent characters, lower-cased) in a GIN
 * index. Trigrams (0001) cannot serve the most common Chinese query, a two-character name, and the list's
 * `number = … OR …` had no index for the number at all, so every search read the whole table. A stored generated
 * column keeps the bigrams beside the text without a change to the store's writes.
 *
 * Reports that read what they count, not whole views: `report_facts` holds each deadline's timer, outcome, start and
 * end and each escalation's timer and acknowledgement (a few hundred bytes where the view is kilobytes, and stored
 * apart from the compressed view), so a monthly report over 50,000 cases does not decompress and parse 50,000 views.
 * The reports' rules stay in the API (api/reports/build.ts); this only chooses the fields they read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX cases_number ON cases (number)`.execute(db);
  await sql`
    CREATE FUNCTION text_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}')
      FROM generate_series(1, char_length(t) - 1) AS i
    $$`.execute(db);
  await sql`ALTER TABLE cases ADD COLUMN search_bigrams text[] GENERATED ALWAYS AS (text_bigrams(search_text)) STORED`.execute(
    db,
  );
  await sql`CREATE INDEX cases_search_bigrams ON cases USING gin (search_bigrams)`.execute(db);
  // The bigrams serve every fragment the trigrams did (and two-character ones); one GIN index to keep up per write.
  await sql`DROP INDEX cases_search_text`.execute(db);

  await sql`
    CREATE FUNCTION case_report_facts(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT jsonb_build_object(
        'deadlines', coalesce((
          SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
            'timer', d->'timer', 'outcome', d->'outcome', 'startedAt', d->'startedAt', 'endedAt', d->'endedAt'
          )) ORDER BY n)
          FROM jsonb_array_elements(v->'deadlines') WITH ORDINALITY AS x(d, n)), '[]'::jsonb),
        'escalations', coalesce((
          SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object('timer', e->'timer', 'ackedAt', e->'ackedAt')) ORDER BY n)
          FROM jsonb_array_elements(v->'escalations') WITH ORDINALITY AS y(e, n)), '[]'::jsonb))
    $$`.execute(db);
  await sql`ALTER TABLE cases ADD COLUMN report_facts jsonb GENERATED ALWAYS AS (case_report_facts(view)) STORED`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases DROP COLUMN report_facts`.execute(db);
  await sql`DROP FUNCTION case_report_facts(jsonb)`.execute(db);
  await sql`CREATE INDEX cases_search_text ON cases USING gin (search_text gin_trgm_ops)`.execute(db);
  await sql`DROP INDEX cases_search_bigrams`.execute(db);
  await sql`ALTER TABLE cases DROP COLUMN search_bigrams`.execute(db);
  await sql`DROP FUNCTION text_bigrams(text)`.execute(db);
  await sql`DROP INDEX cases_number`.execute(db);
}
