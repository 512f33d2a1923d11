import type { Pool } from 'pg';
import type { Measure } from '@app/tracking';

/** What a measure counts, recomputed in SQL from the activities read model (independently of the domain code). */
export async function recount(pool: Pool, department: string, year: number, m: Measure): Promise<number> {
  const values: unknown[] = [department, year, m.category, m.code];
  const filters = Object.entries(m.where).map(([name, allowed]) => {
    values.push(name, allowed.map(String));
    return `a.doc->'attributes'->>$${values.length - 1} = ANY($${values.length}::text[])`;
  });
  const counted = `a.department = $1 AND a.year = $2 AND a.status = 'active'
    AND ((a.category = $3 ${filters.map((f) => `AND ${f}`).join(' ')}) OR a.doc->'alsoCountsFor' ? $4)`;
  let expression = 'count(*)';
  if (m.kind === 'count-distinct-parents') expression = 'count(DISTINCT coalesce(a.parent_id, a.key))';
  if (m.kind === 'sum') {
    values.push(m.attribute);
    expression = `coalesce(round(sum((a.doc->'attributes'->>$${values.length})::numeric) FILTER (WHERE jsonb_typeof(a.doc->'attributes'->$${values.length}) = 'number'), 2), 0)`;
  }
  const found = await pool.query<{ n: string }>(`SELECT ${expression}::text AS n FROM rm_activities a WHERE ${counted}`, values);
  return Number(found.rows[0].n);
}
