/**
 * Generates one consistent dataset of every kind into row sinks. The phases:
 * organisations (Jobcenters, providers, measures) → per measure its participations, each
 * followed at once by its attendance rows, final report and outcome events → the
 * Jobcenters' monthly stocks, scaled to the activity generated. Rows stream out as they
 * are made; only organisations, a small ring of recent people per Jobcenter and the
 * monthly stock counters stay in memory.
 */
import { type Day, civil } from './days.ts';
import { writeAttendance } from './attendance.ts';
import { finalReport } from './final-report.ts';
import { type Measure, type Organisations, buildOrganisations, jobcenterRow, measureRow, periodFor, providerRow } from './organisations.ts';
import { writeOutcomes } from './outcomes.ts';
import { drawEpisode, participationRow } from './participation.ts';
import { type Person, PersonFactory } from './person.ts';
import { Rng } from './random.ts';
import type { Sinks } from './row.ts';
import { StockTracker } from './stocks.ts';

export interface WorldOptions {
  readonly participations: number;
  readonly seed: number;
  readonly asOf: Day;
}

/** Called every few thousand participations; may await to let the event loop breathe. */
export type OnProgress = (participationsDone: number) => Promise<void> | void;

const RECENT_PEOPLE = 512;
const PROGRESS_EVERY = 20_000;

class MeasureRun {
  constructor(
    private readonly rng: Rng,
    private readonly asOf: Day,
    private readonly sinks: Sinks,
    private readonly people: PersonFactory,
    private readonly stocks: StockTracker,
  ) {}

  /** One episode of `person` in `measure`, with everything that follows from it. */
  episode(measure: Measure, person: Person, referral: Day): void {
    const { rng, asOf, sinks } = this;
    const e = drawEpisode(rng, measure, person, referral, asOf);
    sinks.participations.write(participationRow(rng, e));
    const totals = writeAttendance(rng, e, asOf, sinks.attendance, this.stocks);
    const report = finalReport(rng, e, totals, asOf, this.people);
    if (report) sinks.final_reports.write(report);
    writeOutcomes(rng, e, asOf, sinks.outcomes);
  }
}

/** Someone from this Jobcenter's recent referrals who is free again and fits the instrument's age range. */
function reusablePerson(rng: Rng, recent: readonly Person[], measure: Measure, referral: Day): Person | undefined {
  if (recent.length === 0) return undefined;
  const person = rng.pick(recent);
  const age = civil(referral)[0] - person.birthYear;
  const { min, max } = measure.profile.age;
  return person.busyUntil < referral - 7 && age >= min && age <= max ? person : undefined;
}

export async function generateWorld(options: WorldOptions, sinks: Sinks, onProgress?: OnProgress): Promise<Organisations> {
  const rng = new Rng(options.seed);
  const period = periodFor(options.asOf);
  const orgs = buildOrganisations(rng, options.participations, period);
  for (const j of orgs.jobcenters) sinks.jobcenters.write(jobcenterRow(j));
  for (const p of orgs.providers) sinks.providers.write(providerRow(p));
  for (const m of orgs.measures) sinks.measures.write(measureRow(m));

  const people = new PersonFactory(rng);
  const stocks = new StockTracker(orgs.jobcenters, period);
  const run = new MeasureRun(rng, options.asOf, sinks, people, stocks);
  let done = 0;
  let recent: Person[] = [];
  let currentJobcenter = -1;
  for (const measure of orgs.measures) {
    if (measure.jobcenter.index !== currentJobcenter) [recent, currentJobcenter] = [[], measure.jobcenter.index];
    const span = measure.referralTo - measure.referralFrom;
    const referrals = Float64Array.from({ length: measure.participations }, () => measure.referralFrom + Math.floor(rng.float() * (span + 1))).sort();
    let made = 0;
    for (const referral of referrals) {
      if (made >= measure.participations) break;
      const reused = rng.chance(0.06) ? reusablePerson(rng, recent, measure, referral) : undefined;
      const person = reused ?? people.create(measure.profile, civil(referral)[0]);
      run.episode(measure, person, referral);
      made++;
      if (!reused) {
        if (recent.length < RECENT_PEOPLE) recent.push(person);
        else recent[rng.int(0, RECENT_PEOPLE - 1)] = person;
      }
      // Now and then the same person is referred to the same lot again after leaving it.
      if (made < measure.participations && rng.chance(0.02)) {
        const again = Math.max(person.busyUntil, referral) + rng.int(14, 90);
        if (again <= measure.referralTo) {
          run.episode(measure, person, again);
          made++;
        }
      }
      if (onProgress && (done + made) % PROGRESS_EVERY === 0) await onProgress(done + made);
    }
    done += made;
  }
  stocks.write(rng, sinks.jobcenter_stocks);
  return orgs;
}
