/**
 * The provider's final report (Abschlussbericht) for one participation, as providers
 * really send them: most on time, some late, some never; a few that match no Jobcenter
 * record, a few whose outcome contradicts the Jobcenter's exit reason, and a few that
 * report an exit the Jobcenter does not have.
 */
import type { Day } from './days.ts';
import { GENERAL_GOALS } from './instruments.ts';
import type { AttendanceTotals } from './attendance.ts';
import type { Episode, ExitClass } from './participation.ts';
import type { PersonFactory } from './person.ts';
import { type Rng, Weighted } from './random.ts';
import type { Goal, Row } from './row.ts';
import { FOLLOW_UP, reasonText } from './texts.ts';

type Outcome = 'completed' | 'dropout' | 'positive_early_exit' | 'no_show';

/** Primary reasons a provider gives for each Jobcenter dropout code (empty code: any). */
const REASONS_BY_CODE: Readonly<Record<string, readonly string[]>> = {
  '06': ['health', 'mental_strain', 'health'],
  '07': ['motivation', 'poor_fit', 'overload', 'insufficient_information'],
  '08': ['family_conflict', 'childcare', 'care_duties'],
  '09': ['moved', 'housing'],
  '10': ['other'],
  '11': ['conflict_with_provider', 'motivation'],
  '12': ['other', 'transport', 'language', 'insufficient_information'],
};
const ALL_REASONS = [
  'health', 'mental_strain', 'overload', 'childcare', 'care_duties', 'housing', 'family_conflict', 'language',
  'transport', 'poor_fit', 'insufficient_information', 'motivation', 'conflict_with_provider', 'other',
];

const GOAL_STATUS: Readonly<Record<ExitClass, Weighted<string>>> = {
  completed: new Weighted([['achieved', 55], ['partial', 25], ['not_achieved', 12], ['open', 8]]),
  dropout: new Weighted([['achieved', 15], ['partial', 30], ['not_achieved', 30], ['open', 25]]),
  positive_early_exit: new Weighted([['achieved', 70], ['partial', 20], ['not_achieved', 5], ['open', 5]]),
  transfer: new Weighted([['achieved', 30], ['partial', 30], ['not_achieved', 20], ['open', 20]]),
};
const INITIATOR = new Weighted<string | null>([['participant', 55], ['provider', 24], ['jobcenter', 8], ['mutual', 10], [null, 3]]);
const FEEDBACK = new Weighted<number>([[1, 5], [2, 10], [3, 25], [4, 35], [5, 25]]);
const OUTCOMES: readonly Outcome[] = ['completed', 'dropout', 'positive_early_exit'];

function outcomeOf(exitClass: ExitClass, rng: Rng): Outcome | null {
  if (exitClass === 'transfer') return rng.chance(0.5) ? 'completed' : null;
  return exitClass;
}

function reasons(rng: Rng, e: Episode, outcome: Outcome | null): string[] | null {
  if (outcome === 'positive_early_exit') return rng.chance(0.5) ? [e.exitCode === '04' ? 'training_uptake' : 'job_uptake'] : null;
  if (outcome !== 'dropout' || rng.chance(0.05)) return null;
  const primary = rng.pick(REASONS_BY_CODE[e.exitCode ?? ''] ?? ALL_REASONS);
  const more = rng.chance(0.45) ? rng.sample(ALL_REASONS.filter((r) => r !== primary), rng.int(1, 2)) : [];
  return [primary, ...more];
}

function goals(rng: Rng, e: Episode, exitClass: ExitClass): Goal[] | null {
  if (rng.chance(0.06)) return null;
  const pool = [...new Set([...e.measure.profile.goals, ...GENERAL_GOALS])];
  const status = GOAL_STATUS[exitClass];
  return rng.sample(pool, rng.int(1, 4)).map((code) => ({ code, status: status.draw(rng) }));
}

function reportLag(rng: Rng): number {
  const u = rng.float();
  return u < 0.68 ? rng.int(0, 14) : u < 0.93 ? rng.int(15, 60) : rng.int(61, 150);
}

/** Providers type ids by hand: sometimes lower-case or with stray blanks. */
function typedId(rng: Rng, id: string): string {
  const u = rng.float();
  return u < 0.015 ? id.toLowerCase() : u < 0.025 ? ` ${id} ` : id;
}

function noShowReport(rng: Rng, e: Episode, asOf: Day): Row | null {
  const reportDate = e.referral + rng.int(30, 60);
  if (reportDate > asOf) return null;
  return {
    provider_id: e.measure.provider.id,
    measure_id: e.measure.id,
    participant_id: typedId(rng, e.person.id),
    report_date: reportDate,
    outcome: 'no_show',
    reason_text: rng.chance(0.5) ? 'Zum Maßnahmebeginn nicht erschienen; zwei Einladungen ohne Rückmeldung.' : null,
  };
}

export function finalReport(rng: Rng, e: Episode, totals: AttendanceTotals, asOf: Day, people: PersonFactory): Row | null {
  if (e.entry === null) return e.referral + 42 <= asOf && rng.chance(0.2) ? noShowReport(rng, e, asOf) : null;
  let exit = e.exit;
  let exitClass = e.exitClass;
  if (exit === null || exitClass === null) {
    // Rarely a provider reports an exit the Jobcenter has not recorded (a data-quality finding).
    if (asOf - e.entry < 20 || !rng.chance(0.003)) return null;
    exit = e.entry + rng.int(1, asOf - e.entry - 15);
    exitClass = rng.chance(0.6) ? 'dropout' : 'completed';
  }
  if (!rng.chance(exitClass === 'dropout' ? 0.8 : 0.88)) return null; // never sent
  const reportDate = exit + reportLag(rng);
  if (reportDate > asOf) return null; // not arrived yet
  let outcome = outcomeOf(exitClass, rng);
  if (rng.chance(0.03)) outcome = rng.pick(OUTCOMES.filter((o) => o !== outcome)); // contradicts the Jobcenter
  let participantId = typedId(rng, e.person.id);
  let entryDate = e.entry;
  const unmatched = rng.float();
  if (unmatched < 0.008) participantId = people.newId(); // a person the Jobcenter never referred here
  else if (unmatched < 0.016) entryDate += rng.chance(0.5) ? rng.int(1, 3) : -rng.int(1, 3); // provider's own entry date
  const isDropout = outcome === 'dropout';
  const reasonList = reasons(rng, e, outcome);
  const warning = isDropout && rng.chance(0.6) ? Math.max(e.entry, exit - rng.int(3, 40)) : null;
  const informed = isDropout && rng.chance(0.75) ? (rng.chance(0.45) ? Math.max(e.entry, exit - rng.int(1, 20)) : exit + rng.int(0, 10)) : null;
  const debriefing = rng.chance(isDropout ? 0.45 : 0.65) ? exit + rng.int(0, 50) : null;
  const planned = Math.max(totals.planned, 1);
  return {
    provider_id: e.measure.provider.id,
    measure_id: e.measure.id,
    participant_id: participantId,
    report_date: reportDate,
    entry_date: entryDate,
    exit_date: rng.chance(0.02) ? exit + rng.int(-2, 2) : exit,
    outcome,
    dropout_initiator: isDropout ? INITIATOR.draw(rng) : null,
    dropout_reasons: reasonList,
    reason_text: isDropout || rng.chance(0.15) ? reasonText(rng, reasonList?.[0] ?? null, exit) : null,
    first_warning_date: warning,
    jobcenter_informed_date: informed !== null && informed <= asOf ? informed : null,
    days_planned: planned,
    days_attended: totals.present,
    absence_excused: totals.excused,
    absence_unexcused: totals.unexcused,
    absence_sick: totals.sick,
    goals: goals(rng, e, exitClass),
    debriefing_date: debriefing !== null && debriefing <= asOf ? debriefing : null,
    follow_up_recommendation: rng.chance(0.5) ? rng.pick(FOLLOW_UP) : null,
    participant_feedback: rng.chance(isDropout ? 0.35 : 0.6) ? Math.max(1, FEEDBACK.draw(rng) - (isDropout ? 1 : 0)) : null,
  };
}
