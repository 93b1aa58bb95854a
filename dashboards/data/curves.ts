/**
 * Reads the curve-shaped marts: Kaplan–Meier retention (mart.retention_curve) and the
 * funnel-plot input (mart.dropout_funnel + mart.funnel_limits). Rows are only filtered
 * and thinned here; every figure comes from the mart as stored.
 */
import type { Db } from '../../pipelines/db/database.ts';
import { readRows } from './read.ts';
import { shownNumber } from './shown-number.ts';

/** One point per week keeps the curve's shape and the embedded data small. */
export const CURVE_STEP_DAYS = 7;
/**
 * A curve of at most this many steps keeps every one: thinned to weeks, a drop on day 11
 * was drawn on day 13 (the week's last step), which on a curve of a few dozen people is
 * a visible step in the wrong place. Long curves (at 10^6 participations: every day a step)
 * are thinned; there a week is under 2 % of the axis.
 */
export const CURVE_KEPT_WHOLE = 80;
/**
 * Days a planner reads the curve at (2 weeks, 1, 3, 6 and 12 months), kept beside the weekly
 * points: with days 27 and 34 only, nobody could read off 30 or 180 days.
 */
export const CURVE_HORIZON_DAYS = [14, 30, 90, 180, 365] as const;

export interface RetentionRow extends Record<string, unknown> {
  jc: string;
  ins: string;
  day: number;
  at_risk: number;
  survival: number;
}

const RETENTION_SQL = `
WITH picked AS (
  SELECT * FROM mart.retention_curve
  -- cut where fewer participations remain at risk than the disclosure threshold the marts
  -- were built with: a step of a curve over fewer people discloses individuals
  WHERE provider_id = '*' AND ($jobcenter = '' OR jobcenter_id = $jobcenter)
    AND at_risk >= (SELECT suppression_threshold FROM mart.return_disclosure)
),
thinned AS (
  -- the step curve's value at the end of each week (its last event or censoring day)
  SELECT * FROM picked
  QUALIFY count(*) OVER (PARTITION BY jobcenter_id, instrument) <= $whole
    OR day = 0 OR day IN (${CURVE_HORIZON_DAYS.join(', ')}) OR day = max(day) OVER (PARTITION BY jobcenter_id, instrument, day // $step)
),
final AS (
  SELECT jobcenter_id AS jc, instrument AS ins, day, at_risk::INTEGER AS at_risk, ${shownNumber('survival')} AS survival
  FROM thinned
)
SELECT * FROM final ORDER BY jc, ins, day`;

export async function loadRetention(db: Db, jobcenterId?: string): Promise<RetentionRow[]> {
  return readRows<RetentionRow>(db, RETENTION_SQL, { jobcenter: jobcenterId ?? '', step: CURVE_STEP_DAYS, whole: CURVE_KEPT_WHOLE });
}

export interface FunnelRow extends Record<string, unknown> {
  jc: string;
  prv: string;
  /** '*': the provider over all its instruments; a code: the provider within that instrument. */
  ins: string;
  yr: string;
  exits: number | null;
  observed: number | null;
  expected: number | null;
  oe: number | null;
  lo: number | null;
  hi: number | null;
  s: 0 | 1;
  p: 0 | 1;
}

const FUNNEL_SQL = `
WITH picked AS (
  SELECT * FROM mart.dropout_funnel
  -- every instrument too: the plot follows the page's instrument filter (the strata hold the
  -- instrument, so within one the ratio compares the providers of that instrument)
  WHERE level = 'provider' AND period_type = 'year'
    AND ($jobcenter = '' OR jobcenter_id = $jobcenter)
),
final AS (
  SELECT jobcenter_id AS jc, provider_id AS prv, instrument AS ins, period AS yr,
         CASE WHEN NOT suppressed THEN exits::DOUBLE END AS exits,
         CASE WHEN NOT suppressed THEN observed::DOUBLE END AS observed,
         CASE WHEN NOT suppressed THEN ${shownNumber('expected', 3)} END AS expected,
         CASE WHEN NOT suppressed THEN ${shownNumber('oe_ratio', 4)} END AS oe,
         CASE WHEN NOT suppressed THEN ${shownNumber('ci_low', 4)} END AS lo,
         CASE WHEN NOT suppressed THEN ${shownNumber('ci_high', 4)} END AS hi,
         suppressed::INTEGER AS s, provisional::INTEGER AS p
  FROM picked
)
SELECT * FROM final ORDER BY jc, ins, yr, prv`;

export async function loadFunnel(db: Db, jobcenterId?: string): Promise<FunnelRow[]> {
  return readRows<FunnelRow>(db, FUNNEL_SQL, { jobcenter: jobcenterId ?? '' });
}

export interface LimitRow extends Record<string, unknown> {
  expected: number;
  lower_95: number;
  upper_95: number;
  lower_998: number;
  upper_998: number;
}

const LIMITS_SQL = `
WITH final AS (
  SELECT round(expected, 3) AS expected, round(lower_95, 4) AS lower_95, round(upper_95, 4) AS upper_95,
         round(lower_998, 4) AS lower_998, round(upper_998, 4) AS upper_998
  FROM mart.funnel_limits
  WHERE expected > 0 AND expected <= $maxExpected
)
SELECT * FROM final ORDER BY expected`;

/** The limits over the x-range of the plotted points only, so points are not squeezed. */
export async function loadLimits(db: Db, funnel: readonly FunnelRow[]): Promise<LimitRow[]> {
  const maxExpected = funnel.reduce((max, r) => Math.max(max, r.expected ?? 0), 10) * 1.15;
  return readRows<LimitRow>(db, LIMITS_SQL, { maxExpected });
}
