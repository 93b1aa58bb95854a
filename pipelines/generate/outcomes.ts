/**
 * Labour-market status events after a participation (Verbleib): a first status shortly
 * after the exit that depends on how the person left, then sometimes a change months
 * later, so that the 28-day and 182-day statuses differ. Some people get none.
 */
import type { Day } from './days.ts';
import type { Episode, ExitClass } from './participation.ts';
import { type Rng, Weighted } from './random.ts';
import type { RowSink } from './row.ts';

type Status =
  | 'employed_svp' | 'apprenticeship' | 'self_employed' | 'marginal_employment' | 'education_training'
  | 'job_searching' | 'unemployed' | 'inactive' | 'in_measure';

const FIRST: Readonly<Record<ExitClass | 'job' | 'training', Weighted<Status>>> = {
  job: new Weighted([['employed_svp', 82], ['marginal_employment', 10], ['self_employed', 5], ['job_searching', 3]]),
  training: new Weighted([['apprenticeship', 60], ['education_training', 40]]),
  positive_early_exit: new Weighted([['employed_svp', 70], ['apprenticeship', 20], ['marginal_employment', 10]]),
  completed: new Weighted([
    ['employed_svp', 22], ['apprenticeship', 4], ['self_employed', 2], ['marginal_employment', 8], ['education_training', 8],
    ['job_searching', 20], ['unemployed', 30], ['in_measure', 4], ['inactive', 2],
  ]),
  dropout: new Weighted([
    ['employed_svp', 8], ['marginal_employment', 6], ['education_training', 3], ['job_searching', 15], ['unemployed', 45],
    ['inactive', 20], ['in_measure', 3],
  ]),
  transfer: new Weighted([['in_measure', 90], ['unemployed', 10]]),
};

const NEXT: Readonly<Record<'working' | 'searching', Weighted<Status>>> = {
  working: new Weighted([['unemployed', 45], ['job_searching', 25], ['employed_svp', 20], ['inactive', 10]]),
  searching: new Weighted([
    ['employed_svp', 30], ['marginal_employment', 10], ['education_training', 8], ['in_measure', 15], ['unemployed', 17],
    ['job_searching', 10], ['inactive', 5], ['apprenticeship', 5],
  ]),
};

const WORKING = new Set<Status>(['employed_svp', 'apprenticeship', 'self_employed', 'marginal_employment']);

function firstStatus(rng: Rng, e: Episode, exitClass: ExitClass): Status {
  if (exitClass === 'positive_early_exit') return (e.exitCode === '04' ? FIRST.training : e.exitCode === '03' ? FIRST.job : FIRST.positive_early_exit).draw(rng);
  return FIRST[exitClass].draw(rng);
}

export function writeOutcomes(rng: Rng, e: Episode, asOf: Day, sink: RowSink): void {
  if (e.exit === null || e.exitClass === null || e.entry === null) return;
  const person = e.person;
  const subsidisedJob = e.measure.profile.code === '16i' || e.measure.profile.code === '16e';
  const emit = (day: Day, status: Status): void => {
    // Outcome keys are (person, date): a person with two episodes must not repeat a date.
    if (day > asOf || day <= person.lastStatusDay) return;
    person.lastStatusDay = day;
    const employed = status === 'employed_svp';
    sink.write({
      participant_id: person.id,
      jobcenter_id: e.measure.jobcenter.id,
      status_date: day,
      status,
      subsidised: employed ? rng.chance(subsidisedJob ? 0.6 : 0.08) : WORKING.has(status) && rng.chance(0.5) ? false : null,
    });
  };
  // An event from during the measure still holds after the exit if nothing follows it.
  if (rng.chance(0.06)) emit(e.entry, 'in_measure');
  if (rng.chance(0.15)) return; // no status known after the exit
  let status = firstStatus(rng, e, e.exitClass);
  let day = e.exit + (rng.chance(0.75) ? rng.int(0, 20) : rng.int(29, 90));
  emit(day, status);
  for (let step = 0; step < 2 && rng.chance(step === 0 ? 0.55 : 0.3); step++) {
    const next = NEXT[WORKING.has(status) ? 'working' : 'searching'].draw(rng);
    if (next === status) continue;
    status = next;
    day += rng.int(30, 300);
    emit(day, status);
  }
}
