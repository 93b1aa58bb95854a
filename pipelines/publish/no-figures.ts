/**
 * Outputs from a database without figures: the models build (every table exists) but there
 * is not one figure — no data yet, or an as-of date before the data — so dashboards and
 * returns would go out empty, which for a funder is worse than none. The writers skip
 * instead and say what to do.
 */
import type { Db } from '../db/database.ts';

export async function hasFigures(db: Db): Promise<boolean> {
  return (await db.scalar('SELECT count(*) FROM (SELECT 1 FROM mart.indicator_values LIMIT 1)')) > 0;
}

/** Why there are no figures, with the next step. */
export async function noFiguresReason(db: Db): Promise<string> {
  const first = (await db.json<{ d: string | null }>(`SELECT strftime(min(referral_date), '%d.%m.%Y') AS d FROM raw.participations`))[0]?.d;
  return first
    ? `there are no figures up to the as-of date; the data start on ${first} (earliest referral) — choose a later --as-of`
    : 'the database holds no figures yet — ingest the input files first (almp ingest <folder>), then run almp run again';
}
