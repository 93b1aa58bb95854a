/**
 * One participation episode: referral, (maybe) entry, planned end, (maybe) exit with a
 * Jobcenter exit reason code. The episode keeps the "true" exit class the generator
 * intended, which the final report echoes (or, rarely, contradicts).
 */
import { type Day, civil } from './days.ts';
import type { Measure } from './organisations.ts';
import type { Person } from './person.ts';
import { type Rng, Weighted } from './random.ts';
import type { Row } from './row.ts';

export type ExitClass = 'completed' | 'positive_early_exit' | 'transfer' | 'dropout';

export interface Episode {
  readonly measure: Measure;
  readonly person: Person;
  readonly age: number;
  readonly referral: Day;
  readonly plannedStart: Day | null;
  readonly entry: Day | null;
  /** The planned end that applies (written, or entry + the measure's planned duration). */
  readonly plannedEnd: Day | null;
  readonly plannedEndWritten: boolean;
  readonly exit: Day | null;
  readonly exitCode: string | null;
  /** Class the generator intended; null while active or never started. */
  readonly exitClass: ExitClass | null;
  readonly atRisk: boolean;
  /** Share of planned days this person is present in an ordinary month. */
  readonly attendance: number;
}

const DROPOUT_CODES = new Weighted<string>([['06', 20], ['07', 30], ['08', 15], ['09', 5], ['10', 8], ['11', 10], ['12', 12]]);

function dropoutProbability(measure: Measure, person: Person, age: number): number {
  let p = measure.profile.dropoutBase * 0.88;
  if (age < 25) p *= 1.4;
  else if (age >= 50) p *= 0.8;
  if (person.longTermUnemployed) p *= 1.25;
  if (person.isced <= 1) p *= 1.1;
  if (person.disability) p *= 1.1;
  return Math.min(0.7, p);
}

function positiveExitProbability(measure: Measure, person: Person, age: number): number {
  let p = measure.profile.positiveExitBase;
  if (age < 25) p *= 1.2;
  else if (age >= 50) p *= 0.6;
  p *= person.longTermUnemployed ? 0.7 : 1.15;
  if (person.isced >= 4) p *= 1.3;
  return p;
}

interface Leaving {
  readonly days: number;
  readonly code: string | null;
  readonly exitClass: ExitClass;
}

/** Days from entry to exit and the code, for a stay planned to last `planned` days. */
function drawLeaving(rng: Rng, planned: number, pDropout: number, pPositive: number): Leaving {
  const u = rng.float();
  if (u < pDropout) {
    // About a quarter leave in the first two weeks; the rest thin out over the stay.
    const latest = Math.max(0, planned - 8);
    const days = rng.chance(0.27) ? rng.int(0, 14) : 15 + Math.floor((planned - 15) * rng.float() ** 1.4);
    // An empty code only reads as a dropout if the exit is > 7 days before the planned end.
    return { days: Math.min(days, latest), code: rng.chance(0.09) ? null : DROPOUT_CODES.draw(rng), exitClass: 'dropout' };
  }
  if (u < pDropout + pPositive) {
    const days = rng.chance(0.05) ? planned : Math.floor(planned * (0.15 + 0.8 * rng.float()));
    const code = rng.chance(0.02) ? null : rng.chance(0.7) ? '03' : '04';
    return { days, code, exitClass: 'positive_early_exit' };
  }
  if (u < pDropout + pPositive + 0.03) {
    return { days: Math.floor(planned * (0.1 + 0.6 * rng.float())), code: '05', exitClass: 'transfer' };
  }
  if (rng.chance(0.08)) return { days: Math.floor(planned * (0.6 + 0.35 * rng.float())), code: '02', exitClass: 'completed' };
  return { days: planned - (rng.chance(0.3) ? rng.int(1, 3) : 0), code: rng.chance(0.03) ? null : '01', exitClass: 'completed' };
}

export function drawEpisode(rng: Rng, measure: Measure, person: Person, referral: Day, asOf: Day): Episode {
  const age = civil(referral)[0] - person.birthYear;
  const plannedStartDay = referral + rng.int(5, 28);
  let noShowP = 0.1;
  if (age < 25) noShowP *= 1.4;
  if (person.longTermUnemployed) noShowP *= 1.15;
  let entry: Day | null = null;
  if (!rng.chance(noShowP)) {
    entry = rng.chance(0.03) ? referral + rng.int(43, 100) : plannedStartDay + (rng.chance(0.7) ? 0 : rng.int(1, 7));
    if (entry > asOf) entry = null; // not started yet at the data cut-off
  }
  const plannedStart = rng.chance(0.85) ? plannedStartDay : null;
  const plannedEndWritten = rng.chance(0.8);
  const pDropout = dropoutProbability(measure, person, age);
  if (entry === null) {
    person.busyUntil = Math.max(person.busyUntil, referral + 42);
    return {
      measure, person, age, referral, plannedStart, plannedEndWritten,
      entry, plannedEnd: null, exit: null, exitCode: null, exitClass: null, atRisk: false, attendance: 0,
    };
  }
  const planned = plannedEndWritten && rng.chance(0.25) ? Math.max(7, measure.durationDays + 7 * rng.int(-4, 4)) : measure.durationDays;
  const leaving = drawLeaving(rng, planned, pDropout, positiveExitProbability(measure, person, age));
  const exitDay = entry + leaving.days;
  const exited = exitDay <= asOf;
  const atRisk = rng.chance(leaving.exitClass === 'dropout' ? 0.4 : 0.1);
  const attendance = atRisk ? 0.55 + 0.22 * rng.float() : 0.86 + 0.12 * rng.float();
  person.busyUntil = Math.max(person.busyUntil, exited ? exitDay : asOf);
  return {
    measure,
    person,
    age,
    referral,
    plannedStart,
    plannedEndWritten,
    entry,
    plannedEnd: entry + planned,
    exit: exited ? exitDay : null,
    exitCode: exited ? leaving.code : null,
    exitClass: exited ? leaving.exitClass : null,
    atRisk,
    attendance,
  };
}

export function participationRow(rng: Rng, e: Episode): Row {
  const p = e.person;
  return {
    participant_id: p.id,
    jobcenter_id: e.measure.jobcenter.id,
    measure_id: e.measure.id,
    referral_date: e.referral,
    planned_start: e.plannedStart,
    entry_date: e.entry,
    planned_end: e.plannedEndWritten ? e.plannedEnd : null,
    exit_date: e.exit,
    exit_reason: e.exitCode,
    birth_year: rng.chance(0.005) ? null : p.birthYear,
    gender: p.gender,
    citizenship: rng.chance(0.01) ? null : p.citizenship,
    education_isced: rng.chance(0.02) ? null : p.isced,
    long_term_unemployed: p.longTermUnemployed,
    long_term_recipient: p.longTermRecipient,
    single_parent: p.singleParent,
    disability: p.disability,
    unemployed_at_entry: p.longTermUnemployed || rng.chance(0.75),
  };
}
