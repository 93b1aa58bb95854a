/**
 * Outputs from an empty database: the models build (every table exists) but there is not
 * one figure, so dashboards and returns would go out empty — for a funder, worse than none.
 * The writers skip instead and say what to do.
 */
import type { Db } from '../db/database.ts';

export const NO_FIGURES = 'the database holds no figures yet — ingest the input files first (almp ingest <folder>), then run almp run again';

export async function hasFigures(db: Db): Promise<boolean> {
  return (await db.scalar('SELECT count(*) FROM (SELECT 1 FROM mart.indicator_values LIMIT 1)')) > 0;
}
