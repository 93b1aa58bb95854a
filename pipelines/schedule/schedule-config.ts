/**
 * The schedule file (JSON), validated once and frozen. Every field has a default, so an
 * empty file (or none) gives the standard operation: ingest every 15 minutes, models
 * after new data (and nightly), dashboards after models, returns on their due dates.
 * Relative paths in the file are relative to the file; the defaults live beside the
 * database (data/inbox, data/archive, …) except the output folder (./out).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { closestName } from '../closest-name.ts';
import { CliError, permissionError } from '../errors.ts';
import { isValidCron } from './cron-times.ts';
import { DEFAULT_TIMEZONE } from './working-days.ts';

export const JOB_NAMES = ['ingest', 'models', 'dashboards', 'quarterly_return', 'annual_return', 'purge'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The jobs that write into the schedule's `out`; retried after outputRetryMinutes when they failed. */
export const OUTPUT_JOBS: ReadonlySet<string> = new Set<JobName>(['dashboards', 'quarterly_return', 'annual_return']);

const cronText = z.string().refine(isValidCron, { message: "not a valid cron expression (5 fields, or 6 with seconds first, e.g. '0 */15 * * * *')" });
const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA timezone such as Europe/Berlin' },
);

const JOB_KEYS = ['cron', 'after', 'enabled', 'workingDay'] as const;

// whole minutes (a retry waits for the next scan anyway); beyond a day the daily fires and the nightly build come first
const RETRY_MINUTES = 'a whole number of minutes from 1 to 1440, e.g. 60 (once an hour, the default) or 10';

function job(defaults: { cron: string | null; after: JobName | null; workingDay?: number }) {
  return z
    .object({
      /** null: no timer of its own (only `after`). */
      cron: cronText.nullable().default(defaults.cron),
      after: z.enum(JOB_NAMES).nullable().default(defaults.after),
      enabled: z.boolean().default(true),
      /** Returns: due on this working day (Mon–Fri) of the month after the period. */
      workingDay: z.number().int().min(1).max(20).default(defaults.workingDay ?? 10),
    })
    .strict()
    .prefault({});
}

const ScheduleFileSchema = z
  .object({
    timezone: timezone.default(DEFAULT_TIMEZONE),
    inbox: z.string().optional(),
    archive: z.string().optional(),
    quarantine: z.string().optional(),
    out: z.string().optional(),
    snapshots: z.string().optional(),
    logFile: z.string().optional(),
    /** A file is complete when unchanged since the previous scan or older than this. */
    inboxMinAgeSeconds: z.number().min(0).default(60),
    /** A complete-looking but cut-off file (no final line break, unclosed JSON, no zip end) waits this long untouched. */
    inboxCutOffWaitSeconds: z.number().min(0).default(3600),
    keepSnapshots: z.number().int().min(1).max(100).default(5),
    /**
     * The retention period (Löschfrist) of the archive and the quarantine, in days: the purge
     * job deletes input files archived or quarantined longer ago. Unset (null): nothing is deleted
     * by age (and the purge job is off).
     */
    retentionDays: z.number().int().min(1).max(36_500).nullable().default(null),
    /**
     * Dashboards and returns that could not be written (in whole or part) run again at the next
     * scan once their failed run started this many minutes ago, and so on until one goes through.
     */
    outputRetryMinutes: z.number({ error: RETRY_MINUTES }).int(RETRY_MINUTES).min(1, RETRY_MINUTES).max(1440, RETRY_MINUTES).default(60),
    /** How long a job waits for another writer before it gives up (and is retried next time). */
    lockWaitSeconds: z.number().min(0).max(3600).default(60),
    /** Run a job once at start when its last fire time was missed while the scheduler was down. */
    catchUp: z.boolean().default(true),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    jobs: z
      .object({
        ingest: job({ cron: '0 */15 * * * *', after: null }),
        // 01:30, not in 02:00–02:59: that hour does not exist on the last Sunday of March
        // (the 02:30 build never fired on 28.03.2027) and comes twice in October
        models: job({ cron: '0 30 1 * * *', after: 'ingest' }),
        dashboards: job({ cron: null, after: 'models' }),
        // Also after each build: a return due while nothing was built yet (a fresh instance,
        // its first files arriving on the due day) waited for the next day's 06:00 fire. The
        // job writes only what is due and not yet written, so most of these runs skip.
        quarterly_return: job({ cron: '0 0 6 * * *', after: 'models' }),
        // Fires daily in January only; the job checks the working-day rule.
        annual_return: job({ cron: '0 0 6 * 1 *', after: 'models' }),
        // Daily, before the nightly build; runs only with retentionDays set.
        purge: job({ cron: '0 15 1 * * *', after: null }),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type JobSettings = z.infer<ReturnType<typeof job>>;

export interface ScheduleSettings {
  readonly timezone: string;
  readonly inbox: string;
  readonly archive: string;
  readonly quarantine: string;
  readonly out: string;
  readonly snapshots: string;
  readonly logFile: string;
  readonly inboxMinAgeMs: number;
  readonly inboxCutOffWaitMs: number;
  readonly keepSnapshots: number;
  /** Undefined: no retention period set, nothing is purged by age. */
  readonly retentionDays: number | undefined;
  /** How long after a failed run of dashboards or returns they are retried (at the next scan). */
  readonly outputRetryMs: number;
  readonly lockWaitMs: number;
  readonly catchUp: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly jobs: Readonly<Record<JobName, Readonly<JobSettings>>>;
}

/**
 * Reads and validates the schedule file (or only the defaults when `file` is undefined).
 * `dataDir` is the folder of the database, `cwd` the base of the default output folder.
 */
export function loadScheduleSettings(file: string | undefined, places: { dataDir: string; cwd: string }): ScheduleSettings {
  let raw: unknown = {};
  if (file !== undefined) {
    if (!existsSync(file)) throw new CliError(`The schedule file ${file} does not exist.`, 'Give an existing JSON file with --config, or leave it out for the defaults.');
    // a folder was 'not valid JSON: EISDIR …', with 'Fix the file'
    if (statSync(file).isDirectory()) throw new CliError(`The schedule file ${file} is a folder.`, `Give the schedule file itself with --config, e.g. ${join(file, 'schedule.json')}.`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw permissionError(error, 'read') ?? error;
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new CliError(`The schedule file ${file} is not valid JSON: ${(error as Error).message}`, 'Fix the file (see docs/operations.md for an example).');
    }
  }
  const parsed = ScheduleFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}${meantKeys(i)}`).join('; ');
    throw new CliError(`The schedule file ${file ?? '(defaults)'} is not valid: ${issues}`, 'Fix these fields (see docs/operations.md for an example).');
  }
  const s = parsed.data;
  const base = file !== undefined ? dirname(resolve(file)) : places.dataDir;
  const at = (value: string | undefined, fallback: string) => (value !== undefined ? resolve(base, value) : fallback);
  return deepFreeze({
    timezone: s.timezone,
    inbox: at(s.inbox, join(places.dataDir, 'inbox')),
    archive: at(s.archive, join(places.dataDir, 'archive')),
    quarantine: at(s.quarantine, join(places.dataDir, 'quarantine')),
    out: at(s.out, resolve(places.cwd, 'out')),
    snapshots: at(s.snapshots, join(places.dataDir, 'snapshots')),
    logFile: at(s.logFile, join(places.dataDir, 'logs', 'almp.log')),
    inboxMinAgeMs: s.inboxMinAgeSeconds * 1000,
    inboxCutOffWaitMs: s.inboxCutOffWaitSeconds * 1000,
    keepSnapshots: s.keepSnapshots,
    retentionDays: s.retentionDays ?? undefined,
    outputRetryMs: s.outputRetryMinutes * 60_000,
    lockWaitMs: s.lockWaitSeconds * 1000,
    catchUp: s.catchUp,
    logLevel: s.logLevel,
    // without a retention period there is nothing for the purge job to do: off, as status shows it
    jobs: s.retentionDays === null ? { ...s.jobs, purge: { ...s.jobs.purge, enabled: false } } : s.jobs,
  });
}

/** ' (did you mean keepSnapshots?)' for a key the file misspells; '' for any other issue. */
function meantKeys(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return '';
  const known = issue.path.length === 0 ? Object.keys(ScheduleFileSchema.shape) : issue.path.length === 1 ? [...JOB_NAMES] : [...JOB_KEYS];
  const meant = issue.keys.map((key) => [key, closestName(key, known)] as const).filter(([, name]) => name !== undefined);
  return meant.length === 0 ? '' : ` (did you mean ${meant.map(([key, name]) => (issue.keys.length > 1 ? `${name} for ${key}` : name)).join(', ')}?)`;
}

/** The snapshot folder readers use, without a schedule file (beside the database). */
export function defaultSnapshotDir(dbPath: string): string {
  return join(dirname(dbPath), 'snapshots');
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}
