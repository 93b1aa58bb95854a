/**
 * Which of the cases the indicators must handle a generated dataset contains, computed
 * independently of the generator from its rows and the rules in contracts.md.
 */
import type { Day } from '../../pipelines/generate/days.ts';
import type { Goal, Row } from '../../pipelines/generate/row.ts';
import type { Kind } from '../../pipelines/schema/kinds.ts';

const DROPOUT_CODES = new Set(['06', '07', '08', '09', '10', '11', '12']);

/** Exit class of a participation by the Jobcenter's code (contracts.md), before provider reports. */
export function jobcenterClass(p: Row, plannedDays: number): string {
  const code = p.exit_reason as string | null;
  const exit = p.exit_date as Day;
  const plannedEnd = (p.planned_end as Day | null) ?? (p.entry_date as Day) + plannedDays;
  if (code === '01' || code === '02') return 'completed';
  if (code === '03' || code === '04') return exit >= plannedEnd ? 'completed' : 'positive_early_exit';
  if (code === '05') return 'transfer';
  if (code && DROPOUT_CODES.has(code)) return 'dropout';
  return exit < plannedEnd - 7 ? 'dropout' : 'completed';
}

export const norm = (id: unknown): string => String(id).trim().toUpperCase();

export function coverage(rows: Readonly<Record<Kind, readonly Row[]>>, asOf: Day): Record<string, number> {
  const measures = new Map(rows.measures.map((m) => [m.measure_id as string, m]));
  const parts = rows.participations;
  const key = (pid: unknown, measure: unknown, entry: unknown): string => `${norm(pid)}|${String(measure)}|${String(entry)}`;
  const byKey = new Map(parts.filter((p) => p.entry_date != null).map((p) => [key(p.participant_id, p.measure_id, p.entry_date), p]));
  const reported = new Set<Row>();
  let late = 0;
  let unmatched = 0;
  let conflicts = 0;
  let providerOnlyExits = 0;
  for (const r of rows.final_reports) {
    const p = byKey.get(key(r.participant_id, r.measure_id, r.entry_date));
    if (!p) {
      if (r.outcome !== 'no_show') unmatched++;
      continue;
    }
    reported.add(p);
    if (p.exit_date == null) {
      if (r.exit_date != null) providerOnlyExits++;
      continue;
    }
    if ((r.report_date as Day) > (p.exit_date as Day) + 14) late++;
    const planned = measures.get(p.measure_id as string)?.planned_duration_days as number;
    const cls = jobcenterClass(p, planned);
    if (r.outcome && cls !== 'transfer' && r.outcome !== cls) conflicts++;
  }
  const exits = parts.filter((p) => p.exit_date != null);
  const statuses = new Set(rows.final_reports.flatMap((r) => ((r.goals as Goal[] | null) ?? []).map((g) => g.status)));
  const events = new Map<string, Day[]>();
  for (const o of rows.outcomes) events.set(norm(o.participant_id), [...(events.get(norm(o.participant_id)) ?? []), o.status_date as Day]);
  const eventsAfter = (p: Row, from: number, to: number): boolean =>
    (events.get(norm(p.participant_id)) ?? []).some((d) => d >= (p.exit_date as Day) + from && d <= (p.exit_date as Day) + to);
  const episodes = new Map<string, number>();
  const personMeasures = new Map<string, Set<string>>();
  for (const p of parts) {
    const k = `${norm(p.participant_id)}|${String(p.measure_id)}`;
    episodes.set(k, (episodes.get(k) ?? 0) + 1);
    personMeasures.set(norm(p.participant_id), (personMeasures.get(norm(p.participant_id)) ?? new Set()).add(String(p.measure_id)));
  }
  return {
    noShowClosed: parts.filter((p) => p.entry_date == null && (p.referral_date as Day) + 42 <= asOf).length,
    noShowOpen: parts.filter((p) => p.entry_date == null && (p.referral_date as Day) + 42 > asOf).length,
    stillActive: parts.filter((p) => p.entry_date != null && p.exit_date == null).length,
    entered16k: parts.filter((p) => p.entry_date != null && measures.get(p.measure_id as string)?.instrument === '16k').length,
    emptyExitReason: exits.filter((p) => p.exit_reason == null).length,
    lateReports: late,
    missingReports: exits.filter((p) => !reported.has(p)).length,
    unmatchedReports: unmatched,
    conflictingReports: conflicts,
    providerOnlyExits,
    goalStatuses: statuses.size,
    eventsWithin182: exits.filter((p) => eventsAfter(p, 0, 182)).length,
    eventsAfter182: exits.filter((p) => eventsAfter(p, 183, 100_000)).length,
    twoEpisodesOneMeasure: [...episodes.values()].filter((n) => n > 1).length,
    personsInTwoMeasures: [...personMeasures.values()].filter((s) => s.size > 1).length,
  };
}
