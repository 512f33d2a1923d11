import type { Pool } from 'pg';
import { TRACKING_PROJECTIONS } from '@app/tracking';
import type { Recorder } from './result';

export const READ_MODEL_TABLES = [
  'rm_departments',
  'rm_activities',
  'rm_plans',
  'rm_activity_aggregates',
  'rm_aggregate_activities',
  'rm_sangong_records',
  'rm_sangong',
  'rm_indicator_days',
  'rm_indicator_members',
  'rm_indicator_activities',
  'rm_indicator_measures',
];

/** Empties the read models and forgets the checkpoints: the next worker catches up from zero. */
export async function resetProjections(pool: Pool): Promise<void> {
  await pool.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
  await pool.query('DELETE FROM projection_checkpoints');
}

/** An order-independent digest of every read-model document (to compare two builds). */
export async function readModelDigest(pool: Pool): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of READ_MODEL_TABLES) {
    const found = await pool.query<{ n: number; d: string | null }>(
      `SELECT count(*)::int AS n, sum(hashtextextended(t::text, 0))::text AS d FROM ${table} t`,
    );
    digest[table] = `${found.rows[0].n}:${found.rows[0].d ?? 0}`;
  }
  return digest;
}

/**
 * The read models hold exactly what the stored events say: every projection's checkpoint at the
 * last event, one document per stream at the stream's version, each activity's category, title,
 * date and status as its events leave them (recomputed in SQL from the events), and the counts
 * equal to a recount of the activities.
 */
export async function verifyReadModels(rec: Recorder, pool: Pool, label: string, options: { full: boolean }): Promise<void> {
  const last = await pool.query<{ tx: string; position: number }>(
    'SELECT transaction_id::text AS tx, global_position AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  const checkpoints = await pool.query<{ name: string; ok: boolean; status: string }>(
    `SELECT name, status, (last_transaction_id, last_position) = ($1::xid8, $2::bigint) AS ok FROM projection_checkpoints`,
    [last.rows[0].tx, last.rows[0].position],
  );
  const names = TRACKING_PROJECTIONS.map((p) => p.name);
  const at = checkpoints.rows.filter((r) => names.includes(r.name) && r.ok && r.status === 'running');
  rec.check(`${label}: every projection's checkpoint is the last stored event`, at.length === names.length, `${at.length}/${names.length}`);

  const versions = await pool.query<{ kind: string; streams: number; docs: number; missing: number; stale: number }>(`
    WITH docs AS (
      SELECT 'department-' || key AS stream_id, (doc->>'version')::bigint AS version FROM rm_departments
      UNION ALL SELECT 'plan-' || replace(key, ':', '-'), (doc->>'version')::bigint FROM rm_plans
      UNION ALL SELECT 'activity-' || key, (doc->>'version')::bigint FROM rm_activities
    )
    SELECT split_part(s.stream_id, '-', 1) AS kind, count(*)::int AS streams, count(d.stream_id)::int AS docs,
           count(*) FILTER (WHERE d.stream_id IS NULL)::int AS missing,
           count(*) FILTER (WHERE d.version <> s.version)::int AS stale
    FROM streams s LEFT JOIN docs d USING (stream_id)
    WHERE split_part(s.stream_id, '-', 1) IN ('department', 'plan', 'activity')
    GROUP BY 1 ORDER BY 1`);
  const extra = await pool.query<{ n: number }>(`
    SELECT ((SELECT count(*) FROM rm_departments) + (SELECT count(*) FROM rm_plans) + (SELECT count(*) FROM rm_activities))::int AS n`);
  const streams = versions.rows.reduce((s, r) => s + r.streams, 0);
  const bad = versions.rows.filter((r) => r.missing > 0 || r.stale > 0);
  rec.check(
    `${label}: one document per department, plan and activity stream, at the stream's version (no event skipped or applied twice)`,
    bad.length === 0 && extra.rows[0].n === streams && versions.rows.length === 3,
    versions.rows.map((r) => `${r.kind}: ${r.docs}/${r.streams} documents, ${r.stale} stale`).join('; '),
  );

  const counts = await pool.query<{ wrong: number; cells: number }>(`
    WITH recount AS (
      SELECT department, year, category, count(*)::int AS n FROM rm_activities WHERE status = 'active' GROUP BY 1, 2, 3
    ), projected AS (
      SELECT department, year, category, sum(count)::int AS n FROM rm_activity_aggregates GROUP BY 1, 2, 3
    )
    SELECT count(*) FILTER (WHERE r.n IS DISTINCT FROM p.n)::int AS wrong, count(*)::int AS cells
    FROM recount r FULL JOIN projected p USING (department, year, category)`);
  rec.check(
    `${label}: activity aggregates equal a recount of the active activities`,
    counts.rows[0].wrong === 0,
    `${counts.rows[0].cells} department-year-category cells, ${counts.rows[0].wrong} wrong`,
  );

  if (!options.full) return;
  const truth = await pool.query<{ n: number; d: string }>(`
    WITH changes AS (
      SELECT data->>'activityId' AS id, stream_version AS v,
        CASE type WHEN 'activity.recorded.v1' THEN data->>'category' WHEN 'activity.amended.v1' THEN data->'changes'->>'category'
                  WHEN 'activity.moved.v1' THEN data->>'category' END AS category,
        CASE type WHEN 'activity.recorded.v1' THEN data->>'title' WHEN 'activity.amended.v1' THEN data->'changes'->>'title' END AS title,
        CASE type WHEN 'activity.recorded.v1' THEN data->>'occurredOn' WHEN 'activity.amended.v1' THEN data->'changes'->>'occurredOn' END AS occurred_on,
        CASE type WHEN 'activity.withdrawn.v1' THEN 'withdrawn' WHEN 'activity.recorded.v1' THEN 'active' WHEN 'activity.restored.v1' THEN 'active' END AS status
      FROM events WHERE type LIKE 'activity.%'
    ), final AS (
      SELECT id,
        (array_agg(category ORDER BY v DESC) FILTER (WHERE category IS NOT NULL))[1] AS category,
        (array_agg(title ORDER BY v DESC) FILTER (WHERE title IS NOT NULL))[1] AS title,
        (array_agg(occurred_on ORDER BY v DESC) FILTER (WHERE occurred_on IS NOT NULL))[1] AS occurred_on,
        (array_agg(status ORDER BY v DESC) FILTER (WHERE status IS NOT NULL))[1] AS status
      FROM changes GROUP BY id
    )
    SELECT count(*)::int AS n, sum(hashtextextended(concat_ws('|', id, category, title, occurred_on, status), 0))::text AS d FROM final`);
  const projected = await pool.query<{ n: number; d: string }>(
    `SELECT count(*)::int AS n, sum(hashtextextended(concat_ws('|', key, category, title, occurred_on, status), 0))::text AS d FROM rm_activities`,
  );
  rec.check(
    `${label}: every activity's category, title, date and status equal what its events say (recomputed in SQL)`,
    truth.rows[0].n === projected.rows[0].n && truth.rows[0].d === projected.rows[0].d,
    `${projected.rows[0].n} activities; digest ${projected.rows[0].d === truth.rows[0].d ? 'equal' : `${projected.rows[0].d} ≠ ${truth.rows[0].d}`}`,
  );
}
