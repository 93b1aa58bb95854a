/**
 * Which mart rows the dashboards read, read once for all pages: the indicator lists of
 * each page and the reader that loads every part on first use.
 */
import type { Db } from '../../pipelines/db/database.ts';
import { MINISTRY_TABLE_INDICATORS } from '../charts/ministry.ts';
import { PORTFOLIO_COSTS, PORTFOLIO_RATES, PORTFOLIO_SURVIVAL } from '../charts/portfolio.ts';
import { type FunnelRow, type LimitRow, type RetentionRow, loadFunnel, loadLimits, loadRetention } from './curves.ts';
import { type DataBeginRow, loadDataBegin } from './data-begin.ts';
import { type DenominatorRow, loadDenominators } from './denominators.ts';
import { type IndicatorRow, loadIndicatorRows, loadPopulations } from './indicators.ts';
import { type MeasureRow, loadMeasureRows } from './measures.ts';
import { loadOverdueRows, type OverdueRow } from './overdue.ts';

export const CONTROLLING_YEAR = [
  'referrals',
  'no_show_rate',
  'entries',
  'exits',
  'completion_rate',
  'positive_early_exit_rate',
  'dropout_rate',
  'dropout_phase_share',
  'dropout_reason_share',
  'goal_achievement_rate',
  'goal_progress_rate',
  'goal_progress_rate_dropouts',
  'days_referral_to_entry_median',
];
/**
 * A Jobcenter's page also shows what followed the exits (debriefing, employed on leaving,
 * in SV employment 6 months later) and whether providers warned it before a dropout, per
 * instrument; the overall page leaves them to the ministry page and the marts (it is within
 * 0.1 MB of 3 MB at 10^6 participations). Per measure the warning rate is hidden in 99 % of
 * quarters at 10^6 (122 of 16,696 shown): per instrument of a Jobcenter it can be read.
 */
export const CONTROLLING_AFTER_EXIT = ['debriefing_rate', 'employed_on_leaving_rate', 'integration_rate_6m', 'dropout_notified_before_rate'];
const MONTHLY = [
  'dropout_rate',
  'report_on_time_rate',
  'reports_overdue',
  'attendance_rate',
  'at_risk_participants',
  'participants_active',
  'activation_rate_aq1',
  'activation_rate_elb',
  'activation_rate_ltr',
];
/** Monthly rates drawn as a trend with their denominator as bars underneath. */
const TRENDS_WITH_DENOMINATOR = ['dropout_rate', 'report_on_time_rate', 'attendance_rate'];

export const MINISTRY_YEAR = [...new Set([...MINISTRY_TABLE_INDICATORS, 'dropout_rate', 'completion_rate', 'exits'])];
export const PORTFOLIO_YEAR = [...PORTFOLIO_RATES, ...PORTFOLIO_SURVIVAL, ...PORTFOLIO_COSTS];
const PORTFOLIO_MEASURES = [...PORTFOLIO_RATES, ...PORTFOLIO_COSTS, 'employed_on_leaving_rate'];

/**
 * Everything the dashboards read from the marts, read once for all pages (one query per
 * mart and grain; at 10^6 participations each query costs 0.1–0.7 s) and then split
 * per page and per indicator set in memory.
 */
export interface DashboardSource {
  /** Yearly rows of every indicator any page shows (all Jobcenters, instruments, breakdowns). */
  readonly year: IndicatorRow[];
  readonly month: IndicatorRow[];
  /** The denominators of the monthly trends, each hidden only when it is small itself. */
  readonly denominators: DenominatorRow[];
  readonly retention: RetentionRow[];
  readonly funnel: FunnelRow[];
  readonly limits: LimitRow[];
  readonly measures: MeasureRow[];
  /** The measures with overdue final reports at the cut-off, per Jobcenter (and instrument), with the totals. */
  readonly overdue: OverdueRow[];
  /** From which year each slice's exits are all in the data (mart.data_begin). */
  readonly dataBegin: DataBeginRow[];
  /** Indicator → population (anchor and unit), for linked suppression. */
  readonly populations: Readonly<Record<string, string>>;
}

export type MartReader = { readonly [K in keyof DashboardSource]: () => Promise<DashboardSource[K]> };

/**
 * Each part of the source read on first use, then kept: a page can be built (and its
 * charts exported in the workers) as soon as the parts it reads are there. Callers await
 * one part at a time (one DuckDB connection).
 */
export function martReader(db: Db): MartReader {
  const once = <T>(read: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return () => (value ??= read());
  };
  const funnel = once(() => loadFunnel(db));
  return {
    year: once(() => loadIndicatorRows(db, { indicators: [...new Set([...CONTROLLING_YEAR, ...CONTROLLING_AFTER_EXIT, ...MINISTRY_YEAR, ...PORTFOLIO_YEAR])], grain: 'year' })),
    month: once(() => loadIndicatorRows(db, { indicators: MONTHLY, grain: 'month' })),
    denominators: once(() => loadDenominators(db, TRENDS_WITH_DENOMINATOR)),
    retention: once(() => loadRetention(db)),
    funnel,
    limits: once(async () => loadLimits(db, await funnel())),
    measures: once(() => loadMeasureRows(db, PORTFOLIO_MEASURES)),
    overdue: once(() => loadOverdueRows(db)),
    dataBegin: once(() => loadDataBegin(db)),
    populations: once(() => loadPopulations(db)),
  };
}

/** What the controlling pages read. */
export type ControllingSource = Pick<DashboardSource, 'year' | 'month' | 'denominators' | 'retention' | 'funnel' | 'limits' | 'dataBegin' | 'overdue'>;

/** What the controlling pages read, one part after the other (one DuckDB connection). */
export async function readControlling(read: MartReader): Promise<ControllingSource> {
  return {
    year: await read.year(),
    month: await read.month(),
    denominators: await read.denominators(),
    retention: await read.retention(),
    funnel: await read.funnel(),
    limits: await read.limits(),
    dataBegin: await read.dataBegin(),
    overdue: await read.overdue(),
  };
}

export async function loadDashboardSource(db: Db): Promise<DashboardSource> {
  const read = martReader(db);
  return { ...(await readControlling(read)), measures: await read.measures(), populations: await read.populations() };
}

