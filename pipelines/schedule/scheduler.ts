/**
 * The long-running scheduler. Phases: validate jobs → catch up missed fire times →
 * arm one node-cron task per job → run jobs one at a time → on stop, let the current job
 * finish (it sees an aborted signal and may stop between items) and start no new one.
 *
 * Jobs are injected (name + cron and/or `after` + an async function returning per-item
 * results), so the same machinery runs the real verbs and, in tests, slow or failing jobs.
 * All jobs share one queue: there is one writer per database, and a job holds the writer
 * lock only while it runs, so manual commands can get in between runs.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database.ts';
import type { Effects } from '../effects.ts';
import type { ItemResult } from '../results.ts';
import { AlmpError } from '../errors.ts';
import { isValidCron, previousFire } from './cron-times.ts';
import { lastDone, lastDoneStarted, latestRun, markInterrupted, recordEnd, recordStart, type RunStatus, type RunTrigger } from './job-ledger.ts';

export interface JobContext {
  readonly db: Db;
  readonly job: string;
  /** The cron fire time this run stands for; null for chained and manual runs. */
  readonly scheduledAt: Date | null;
  readonly trigger: RunTrigger;
  /** Aborted on shutdown: a job with several items stops between them (items left `not_run`). */
  readonly signal: AbortSignal;
  readonly effects: Effects;
}

export interface Job {
  readonly name: string;
  /** node-cron expression (5 fields, or 6 with seconds), in the scheduler's timezone. */
  readonly cron?: string;
  /** Run after this job whenever it finished and changed something (an item with status success). */
  readonly after?: string;
  run(context: JobContext): Promise<ItemResult[]>;
  /** The (resolved) folder the job writes its outputs into, kept in the ledger row (lastProduced). */
  readonly out?: string;
  /** Whether a finished run changed something, so the jobs `after` it run (default: an item succeeded). */
  readonly changed?: (outcome: RunOutcome) => boolean;
  /**
   * Whether the job's work is out of date at start, whatever its timer says (e.g. data
   * loaded after the last build: a crash after a file was committed, before the build
   * that follows it). Such a job runs once at start, as a catch-up. `lastStarted`: when its last done run started.
   */
  readonly staleAtStart?: (db: Db, lastStarted: Date | undefined) => Promise<boolean>;
  /**
   * Run the job again (trigger `retry`) when its latest run failed in whole or part and
   * started at least this long ago, checked after every run of another job (the ingest scan
   * is the tick). Outputs that could not be written (a folder not writable) stayed stale
   * until new data or the nightly build; the interval keeps a folder that stays broken from
   * being retried at every scan.
   */
  readonly retryEveryMs?: number;
}

/** Opens the database for writing (with the writer lock) around `work`. */
export type WithWriter = <T>(work: (db: Db) => Promise<T>) => Promise<T>;

export interface RunOutcome {
  readonly job: string;
  readonly trigger: RunTrigger;
  readonly scheduledAt: Date | null;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly status: Exclude<RunStatus, 'running'>;
  readonly items: readonly ItemResult[];
  readonly error?: string;
}

export interface SchedulerOptions {
  readonly jobs: readonly Job[];
  readonly timezone: string;
  readonly withWriter: WithWriter;
  readonly effects: Effects;
  /** Run each job once at start when its last fire time was missed (default true). */
  readonly catchUp?: boolean;
}

/** Latest-run statuses a retry repairs. */
const RETRIED: ReadonlySet<RunStatus> = new Set(['error', 'partial', 'interrupted']);

interface Pending {
  readonly job: Job;
  readonly trigger: RunTrigger;
  readonly scheduledAt: Date | null;
  readonly done: (outcome: RunOutcome | undefined) => void;
}

interface Retry {
  readonly job: Job;
  readonly last: RunStatus;
}

const HISTORY = 200;

/** How late a cron fire may come and still run (see the schedule call below). */
export const LATE_FIRE_TOLERANCE_MS = 10 * 60_000;

export class Scheduler {
  /** Recent outcomes, oldest first (for tests and the console; the ledger is the record). */
  readonly history: RunOutcome[] = [];
  private readonly jobs: ReadonlyMap<string, Job>;
  private readonly tasks: ScheduledTask[] = [];
  private readonly queue: Pending[] = [];
  private readonly abort = new AbortController();
  private current: string | undefined;
  private worker: Promise<void> = Promise.resolve();
  private draining = false;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {
    this.jobs = validateJobs(options.jobs);
  }

  async start(): Promise<void> {
    const { effects, timezone } = this.options;
    const catchUps = await this.options.withWriter(async (db) => {
      const now = effects.now();
      const interrupted = await markInterrupted(db, now);
      if (interrupted > 0) effects.log.warn({ event: 'runs_interrupted', runs: interrupted }, 'runs left unfinished by an earlier process marked interrupted');
      if (this.options.catchUp === false) return [];
      const missed: { job: Job; fire: Date | null; failed?: RunStatus }[] = [];
      for (const job of this.jobs.values()) {
        // a run by hand into another folder did not bring this job's outputs up to date
        const done = await lastDone(db, job.name, job.out);
        const fire = job.cron ? previousFire(job.cron, timezone, now) : undefined;
        // A run killed after the last fire's run (a build chained to an ingest, returns after
        // it) was re-run only at the next fire, ~20 h later for the nightly build: status said
        // 'interrupted' and exited 1 until then. Once at start: a run that fails again waits
        // for its next fire (or its retryEveryMs), no loop.
        const latest = await latestRun(db, job.name, job.out);
        if (fire && (!done || done.getTime() < fire.getTime())) missed.push({ job, fire });
        else if (latest?.status === 'interrupted' || latest?.status === 'error') missed.push({ job, fire: null, failed: latest.status });
        else if (job.staleAtStart && (await job.staleAtStart(db, await lastDoneStarted(db, job.name, job.out)))) missed.push({ job, fire: null });
      }
      return missed;
    });
    for (const { job, fire, failed } of catchUps) {
      if (fire) effects.log.info({ event: 'catch_up', job: job.name, scheduledAt: fire.toISOString() }, 'missed fire time: running once now');
      else if (failed) effects.log.info({ event: 'catch_up', job: job.name, last: failed }, `its last run ${failed === 'error' ? 'failed' : 'was interrupted'}: running once now`);
      else effects.log.info({ event: 'catch_up', job: job.name }, 'out of date (data loaded after its last run, or marts of another version): running once now');
      void this.enqueue(job, 'catch_up', fire);
    }
    for (const job of this.jobs.values()) {
      if (!job.cron) continue;
      const task = cron.schedule(job.cron, (context) => this.onFire(job, context.date), {
        name: job.name,
        timezone,
        noOverlap: true,
        // a fire up to this late still runs: node-cron's default of 1 s dropped every fire
        // that came while a job's synchronous work (SVG/PNG, XLSX) held the event loop for
        // 1–1.3 s — with no ledger row and no catch-up; under the 15 minutes between two
        // ingest fires, so two fire times are not run as one
        missedExecutionTolerance: LATE_FIRE_TOLERANCE_MS,
        logger: cronLogger(effects),
      });
      task.on('execution:overlap', () => effects.log.warn({ event: 'overlap', job: job.name }, 'previous run still busy: this fire is skipped'));
      this.tasks.push(task);
    }
    effects.log.info({ event: 'scheduler_started', jobs: [...this.jobs.keys()], timezone }, 'scheduler started');
  }

  /** Runs a job now (outside its cron); resolves when it has run, or undefined if it was not queued. */
  trigger(name: string): Promise<RunOutcome | undefined> {
    const job = this.jobs.get(name);
    if (!job) throw new AlmpError(`There is no job named '${name}'.`, `Jobs: ${[...this.jobs.keys()].join(', ')}`);
    return this.isBusy(name) ? Promise.resolve(undefined) : this.enqueue(job, 'manual', null);
  }

  isBusy(name: string): boolean {
    return this.current === name || this.queue.some((p) => p.job.name === name);
  }

  /** Resolves when nothing runs and nothing is queued. */
  async idle(): Promise<void> {
    while (this.draining) await this.worker;
  }

  /** Graceful stop: no new runs; the current one finishes (or stops between items); queued runs are dropped. */
  async stop(): Promise<void> {
    if (this.stopping) return this.worker;
    this.stopping = true;
    this.abort.abort();
    for (const task of this.tasks) await task.destroy();
    for (const pending of this.queue.splice(0)) pending.done(undefined);
    await this.worker;
    this.options.effects.log.info({ event: 'scheduler_stopped' }, 'scheduler stopped');
  }

  /** `slot` is the fire time node-cron matched (the instant the run stands for). */
  private onFire(job: Job, slot: Date): Promise<unknown> | undefined {
    if (this.stopping) return undefined;
    if (this.isBusy(job.name)) {
      this.options.effects.log.warn({ event: 'overlap', job: job.name }, 'previous run still busy or queued: this fire is skipped');
      return undefined;
    }
    // Returning the run's promise keeps node-cron's own noOverlap informed as well.
    return this.enqueue(job, 'cron', slot);
  }

  private enqueue(job: Job, trigger: RunTrigger, scheduledAt: Date | null): Promise<RunOutcome | undefined> {
    if (this.stopping) return Promise.resolve(undefined);
    return new Promise((done) => {
      this.queue.push({ job, trigger, scheduledAt, done });
      if (!this.draining) {
        this.draining = true;
        this.worker = this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next; next = this.stopping ? undefined : this.queue.shift()) {
        this.current = next.job.name;
        const { outcome, retries } = await this.execute(next);
        this.current = undefined;
        this.history.push(outcome);
        if (this.history.length > HISTORY) this.history.shift();
        this.chain(outcome);
        this.retry(retries);
        next.done(outcome);
      }
    } finally {
      // Synchronously after the last shift, so a run queued from now on starts a new drain.
      this.draining = false;
    }
  }

  /** The run, and the jobs due for a retry (read while the run holds the database). */
  private async execute(pending: Pending): Promise<{ outcome: RunOutcome; retries: Retry[] }> {
    const { effects } = this.options;
    const { job, trigger, scheduledAt } = pending;
    const startedAt = effects.now();
    const log = effects.log.child({ job: job.name, trigger });
    log.info({ event: 'job_started', scheduledAt: scheduledAt?.toISOString() }, `job ${job.name} started`);
    let outcome: RunOutcome;
    let retries: Retry[] = [];
    let opened = false;
    try {
      outcome = await this.options.withWriter(async (db) => {
        opened = true;
        const runId = await recordStart(db, { job: job.name, scheduledAt, trigger, startedAt });
        let items: ItemResult[] = [];
        let error: string | undefined;
        try {
          items = await job.run({ db, job: job.name, scheduledAt, trigger, signal: this.abort.signal, effects });
        } catch (caught) {
          error = caught instanceof Error ? caught.message : String(caught);
        }
        const status = runStatus(items, error, this.abort.signal.aborted);
        const endedAt = effects.now();
        await recordEnd(db, runId, { endedAt, status, items, error, out: job.out });
        // a failed look-up must not turn the run recorded above into an error
        retries = await this.dueRetries(db, job.name, endedAt).catch((caught: unknown) => {
          log.warn({ event: 'retry_check_failed', error: String(caught) }, 'could not look up the jobs to retry');
          return [];
        });
        return { job: job.name, trigger, scheduledAt, startedAt, endedAt, status, items, error };
      });
    } catch (caught) {
      // The database could not be opened (another writer held it too long): nothing ran — said,
      // with what happens next ('gave up after waiting 3 s' left the operator guessing: an audit);
      // or the ledger could not be written after the run
      // only where the database could not be opened: a failure after the job ran (the ledger's
      // write on a full disk) said 'nothing of the job ran' of an ingest that had archived its files (a review)
      const message = caught instanceof Error ? caught.message : String(caught);
      const next = `Nothing of the job ran; it runs again at its next fire time${job.name === 'ingest' ? ' (the files wait in the inbox)' : ''}.`;
      const error = opened ? message : `${message}${/[.!?]$/.test(message.trim()) ? '' : '.'} ${next}`;
      outcome = { job: job.name, trigger, scheduledAt, startedAt, endedAt: effects.now(), status: 'error', items: [], error };
    }
    const fields = { event: 'job_finished', status: outcome.status, items: outcome.items.length, ms: outcome.endedAt.getTime() - startedAt.getTime() };
    // almp status sends the operator to the log for the reason: 'failed: item errors' gave none
    // (a dashboards job that could not write its folder said nothing more, on console or in almp.log)
    const error = outcome.error ?? failedItems(outcome.items);
    if (outcome.status === 'error') log.error({ ...fields, error }, `job ${job.name} failed: ${error}`);
    else if (outcome.status === 'partial') log.warn({ ...fields, error }, `job ${job.name} partial: ${error}`);
    else if (outcome.status === 'skipped' && skipReason(outcome.items)) log.info({ ...fields, reason: skipReason(outcome.items) }, `job ${job.name} skipped: ${skipReason(outcome.items)}`);
    else log.info(fields, `job ${job.name} ${outcome.status}`);
    return { outcome, retries };
  }

  /** Jobs with a retry interval whose latest run failed (in part) at least that long ago. */
  private async dueRetries(db: Db, ran: string, now: Date): Promise<Retry[]> {
    const due: Retry[] = [];
    for (const job of this.jobs.values()) {
      if (job.retryEveryMs === undefined || job.name === ran) continue;
      const latest = await latestRun(db, job.name, job.out);
      if (latest && RETRIED.has(latest.status) && now.getTime() - latest.startedAt.getTime() >= job.retryEveryMs) due.push({ job, last: latest.status });
    }
    return due;
  }

  /** Queues the retries (after the chained jobs: a job queued to follow a build is not run twice). */
  private retry(retries: readonly Retry[]): void {
    for (const { job, last } of retries) {
      if (this.stopping || this.isBusy(job.name)) continue;
      this.options.effects.log.info({ event: 'retry', job: job.name, last }, `job ${job.name}: its last run was ${last}, running it again`);
      void this.enqueue(job, 'retry', null);
    }
  }

  /** Queues the jobs that run after this one, when it changed something. */
  private chain(outcome: RunOutcome): void {
    const changed = this.jobs.get(outcome.job)?.changed ?? changedSomething;
    if (!changed(outcome) || this.stopping) return;
    for (const job of this.jobs.values()) {
      if (job.after === outcome.job && !this.isBusy(job.name)) void this.enqueue(job, 'after', null);
    }
  }
}

/** The failed items of a run, for the log line that ends it: 'dashboards: Cannot write into …'. */
function failedItems(items: readonly ItemResult[]): string {
  const failed = items.filter((i) => i.status === 'error');
  const shown = failed.slice(0, 3).map((i) => `${i.name}: ${i.error ?? 'failed'}`);
  if (failed.length > shown.length) shown.push(`and ${failed.length - shown.length} more (almp status, meta.job_runs.detail)`);
  return `${failed.length} of ${items.length} items failed — ${shown.join('; ')}`;
}

/** Why a run did nothing (its items' reasons, once each): a bare 'skipped' left the operator guessing. */
function skipReason(items: readonly ItemResult[]): string | undefined {
  const reasons = [...new Set(items.map((i) => i.error).filter((e): e is string => e !== undefined))];
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

function changedSomething(outcome: RunOutcome): boolean {
  return (outcome.status === 'success' || outcome.status === 'partial') && outcome.items.some((i) => i.status === 'success');
}

/** success: all done; partial: some items failed; error: it threw or every item failed; skipped: nothing to do. */
export function runStatus(items: readonly ItemResult[], error: string | undefined, aborted: boolean): Exclude<RunStatus, 'running'> {
  if (error !== undefined) return 'error';
  if (aborted && items.some((i) => i.status === 'not_run')) return 'interrupted';
  const failed = items.filter((i) => i.status === 'error').length;
  if (failed > 0) return failed === items.length ? 'error' : 'partial';
  if (items.length > 0 && items.every((i) => i.status === 'skipped')) return 'skipped';
  return 'success';
}

function validateJobs(jobs: readonly Job[]): ReadonlyMap<string, Job> {
  const byName = new Map<string, Job>();
  for (const job of jobs) {
    if (byName.has(job.name)) throw new AlmpError(`Two jobs are named '${job.name}'.`, 'Give every job its own name.', 2);
    if (job.cron !== undefined && !isValidCron(job.cron)) {
      throw new AlmpError(`The cron expression '${job.cron}' of job '${job.name}' is not valid.`, "Use 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. '0 */15 * * * *'.", 2);
    }
    if (job.cron === undefined && job.after === undefined) throw new AlmpError(`Job '${job.name}' has neither a cron expression nor an 'after' job.`, 'Give it one of them.', 2);
    byName.set(job.name, job);
  }
  for (const job of jobs) {
    if (job.after !== undefined && !byName.has(job.after)) {
      throw new AlmpError(`Job '${job.name}' runs after '${job.after}', which is not a job.`, `Jobs: ${[...byName.keys()].join(', ')}`, 2);
    }
  }
  return byName;
}

export function cronLogger(effects: Effects) {
  const log = effects.log.child({ component: 'node-cron' });
  return {
    info: (message: string) => log.info(message),
    // its overlap line repeats the scheduler's own 'overlap' event (one line per skipped fire is enough)
    warn: (message: string) => (/overlap prevention/.test(message) ? log.debug(message) : log.warn(message)),
    error: (message: string | Error) => log.error(message instanceof Error ? message.message : message),
    debug: (message: string | Error) => log.debug(message instanceof Error ? message.message : message),
  };
}
