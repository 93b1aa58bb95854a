/**
 * Reads mart.data_begin: per Jobcenter × provider × instrument, the first year whose exits
 * are all in the data. Charts look a row's slice up by `key` and draw earlier exit years
 * apart from the trend; no figure is changed.
 */
import type { Db } from '../../pipelines/db/database.ts';
import { readRows } from './read.ts';

export interface DataBeginRow extends Record<string, unknown> {
  /** 'jobcenter|provider|instrument', each '*' or an id. */
  key: string;
  /** First calendar year whose exits are all in the data. */
  fy: number | null;
  /** The day the data begin, as DD.MM.YYYY. */
  cf: string | null;
}

const SQL = `
WITH final AS (
  SELECT jobcenter_id || '|' || provider_id || '|' || instrument AS key,
         first_complete_year AS fy,
         strftime(covered_from, '%d.%m.%Y') AS cf
  FROM mart.data_begin
)
SELECT * FROM final ORDER BY key`;

export async function loadDataBegin(db: Db): Promise<DataBeginRow[]> {
  return readRows<DataBeginRow>(db, SQL);
}
