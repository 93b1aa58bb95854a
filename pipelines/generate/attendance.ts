/**
 * Monthly absence reports (Fehlzeitenmeldung) for one participation: one row per complete
 * month the person was in the measure, planned days ≈ working days, absences split into
 * E (excused), UE (unexcused) and K (sick). People flagged at risk attend < 80 % and
 * collect unexcused days; a dropout's last month is the worst.
 */
import { type Day, monthEnd, monthIndexOf, monthStart } from './days.ts';
import type { Episode } from './participation.ts';
import type { Rng } from './random.ts';
import type { RowSink } from './row.ts';
import type { StockTracker } from './stocks.ts';

export interface AttendanceTotals {
  planned: number;
  present: number;
  excused: number;
  unexcused: number;
  sick: number;
}

export function writeAttendance(rng: Rng, e: Episode, asOf: Day, sink: RowSink, stocks: StockTracker): AttendanceTotals {
  const totals: AttendanceTotals = { planned: 0, present: 0, excused: 0, unexcused: 0, sick: 0 };
  const entry = e.entry;
  if (entry === null) return totals;
  const last = e.exit ?? asOf;
  const counts = e.measure.profile.code !== '16k';
  const jcIndex = e.measure.jobcenter.index;
  const ltr = e.person.longTermRecipient;
  const lastMonth = monthIndexOf(last);
  for (let month = monthIndexOf(entry); month <= lastMonth; month++) {
    const first = monthStart(month);
    const end = monthEnd(month);
    const activeDays = Math.min(last, end) - Math.max(entry, first) + 1;
    const planned = Math.max(1, Math.round((activeDays * 5) / 7));
    let rate = e.attendance + 0.06 * (rng.float() - 0.5);
    if (month === lastMonth && e.exitClass === 'dropout') rate *= 0.6;
    const present = Math.max(0, Math.min(planned, Math.round(planned * rate)));
    const absent = planned - present;
    const unexcused = e.atRisk ? Math.round(absent * (0.35 + 0.3 * rng.float())) : rng.chance(0.15) ? Math.min(absent, 1) : 0;
    const sick = Math.round((absent - unexcused) * 0.6);
    const excused = absent - unexcused - sick;
    totals.planned += planned;
    totals.present += present;
    totals.excused += excused;
    totals.unexcused += unexcused;
    totals.sick += sick;
    if (end > asOf) continue; // the report for this month has not arrived yet
    if (counts && (e.exit === null || e.exit >= end)) stocks.count(jcIndex, month, ltr);
    if (rng.chance(0.01)) continue; // a provider forgot this month's report
    // A second episode in the same measure starting in the month the first ended: one report covers both.
    const key = `${e.measure.id}|${month}`;
    if (e.person.lastAttendance === key) continue;
    e.person.lastAttendance = key;
    sink.write({
      provider_id: e.measure.provider.id,
      measure_id: e.measure.id,
      participant_id: e.person.id,
      month: first,
      days_planned: planned,
      days_present: present,
      days_excused: excused,
      days_unexcused: unexcused,
      days_sick: sick,
    });
  }
  return totals;
}
