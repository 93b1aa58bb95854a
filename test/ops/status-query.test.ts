import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { quietEffects } from '../../pipelines/effects.ts';
import { publishSnapshot } from '../../pipelines/ops/snapshot.ts';
import { queryCommand, render } from '../../pipelines/ops/query.ts';
import { rejectsCommand } from '../../pipelines/ops/rejects.ts';
import { statusExitCode, statusReport } from '../../pipelines/ops/status.ts';
import { statusJson } from '../../pipelines/ops/status-json.ts';
import { printStatus } from '../../pipelines/ops/status-print.ts';
import { lockPathFor, rotationLockPath, tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { recordEnd, recordManualRun, recordStart } from '../../pipelines/schedule/job-ledger.ts';
import { tempProject, type TempProject } from '../schedule/helpers.ts';
import { loadPlainWorkbook } from '../helpers/plain-workbook.ts';
import { MARTS_BUILT_DDL, modelsVersion } from '../../pipelines/models/marts-version.ts';

let project: TempProject;
afterEach(() => project?.cleanup());

/** A database with a ledger and the two marts status reads, published as a snapshot. */
async function builtProject() {
  project = tempProject();
  const dataDir = join(project.dir, 'data');
  const settings = loadScheduleSettings(undefined, { dataDir, cwd: project.dir });
  await project.withWriter(async (db) => {
    await db.run(`CREATE TABLE mart.indicator_values (indicator VARCHAR, period_type VARCHAR, period VARCHAR, jobcenter_id VARCHAR, provider_id VARCHAR,
      instrument VARCHAR, measure_id VARCHAR, breakdown VARCHAR, numerator DOUBLE, denominator DOUBLE, value DOUBLE)`);
    await db.run(`INSERT INTO mart.indicator_values VALUES
      ('reports_overdue', 'stichtag', '2026-02-28', '*', '*', '*', '*', '*', 9, NULL, 9),
      ('reports_overdue', 'stichtag', '2026-03-31', '*', '*', '*', '*', '*', 7, NULL, 7),
      ('reports_overdue', 'stichtag', '2026-03-31', '06411', '*', '*', '*', '*', 5, NULL, 5),
      ('reports_overdue', 'stichtag', '2026-03-31', '06412', '*', '*', '*', '*', 2, NULL, 2),
      ('reports_overdue', 'stichtag', '2026-03-31', '*', 'P1', '*', '*', '*', 4, NULL, 4),
      ('dropout_rate', 'year', '2026', '*', '*', '*', '*', '*', 1, 4, 0.25)`);
    await db.run(`CREATE TABLE mart.data_quality AS SELECT * FROM (VALUES
      ('exit_without_report', 'warning', 'exits without a final report', 3::BIGINT),
      ('report_without_exit', 'error', 'provider reports an exit the Jobcenter does not have', 1::BIGINT),
      ('clean_check', 'info', 'nothing wrong', 0::BIGINT)) t("check", severity, description, failing_rows)`);
    // built by this version (else status says the marts are another version's and exits 1)
    await db.run(MARTS_BUILT_DDL);
    await db.run("INSERT INTO meta.marts_built VALUES ($v, 1, DATE '2026-02-28', TIMESTAMP '2026-03-10 09:00:00')", { v: modelsVersion() });
    // what the marts were built with; staging and core views read it as session variables
    await db.run("CREATE TABLE mart.return_disclosure AS SELECT 5 AS suppression_threshold, DATE '2026-02-28' AS as_of, DATE '2025-11-30' AS last_final_day");
    await db.run("CREATE VIEW staging.cut AS SELECT count(*) AS n FROM (VALUES (DATE '2026-01-05'), (DATE '2026-03-02')) t(d) WHERE d <= getvariable('as_of') AND 3 < getvariable('suppression_threshold')");
    // an ingest 'success' that loaded the good rows only (rows 5 and 9, row 9 twice), a file
    // refused whole (no ledger entry), and a reject older than status looks back
    await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
      VALUES (12, 'participations', 'teilnahmen_06413.csv', '/in/teilnahmen_06413.csv', 'h12', 'csv', 39, 37, 2, 0, TIMESTAMP '2026-03-09 08:00:00')`);
    await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at) VALUES
      (12, 'participations', 'teilnahmen_06413.csv', 5, 'jobcenter_id', '06413', 'unknown', TIMESTAMP '2026-03-09 08:00:00'),
      (12, 'participations', 'teilnahmen_06413.csv', 9, 'referral_date', NULL, 'not a date', TIMESTAMP '2026-03-09 08:00:00'),
      (12, 'participations', 'teilnahmen_06413.csv', 9, 'measure_id', NULL, 'missing', TIMESTAMP '2026-03-09 08:00:00'),
      (13, 'final_reports', 'leer.csv', NULL, NULL, NULL, 'the file is empty', TIMESTAMP '2026-03-09 09:00:00'),
      (3, 'measures', 'alt.csv', 4, 'places', NULL, 'not a number', TIMESTAMP '2026-02-01 08:00:00')`);
    const id = await recordStart(db, { job: 'ingest', scheduledAt: new Date('2026-03-10T09:00:00Z'), trigger: 'catch_up', startedAt: new Date('2026-03-10T09:00:01Z') });
    await recordEnd(db, id, { endedAt: new Date('2026-03-10T09:00:03Z'), status: 'partial', items: [{ name: 'a', status: 'success' }, { name: 'b', status: 'error' }], error: undefined });
    // a run whose process was killed: still 'running' in the ledger
    await recordStart(db, { job: 'dashboards', scheduledAt: null, trigger: 'after', startedAt: new Date('2026-03-10T09:40:00Z') });
    // `almp run` by hand records a run of the models job
    await recordManualRun(db, 'models', new Date('2026-03-10T09:30:00Z'), new Date('2026-03-10T09:31:00Z'), [{ name: 'core.participations', status: 'success', rows: 400 }]);
    await publishSnapshot(db, { dir: settings.snapshots, keep: 3 }, quietEffects());
  });
  mkdirSync(join(settings.inbox, 'providers'), { recursive: true });
  writeFileSync(join(settings.inbox, 'providers', 'p.csv'), 'x');
  writeFileSync(join(settings.inbox, 'providers', 'p2.csv.part'), 'x');
  mkdirSync(join(settings.quarantine, 'measures'), { recursive: true });
  writeFileSync(join(settings.quarantine, 'measures', 'bad.csv'), 'x');
  writeFileSync(join(settings.quarantine, 'measures', 'bad.csv.reasons.txt'), 'x');
  // beside the kind folders: never read, so status names them
  writeFileSync(join(settings.inbox, 'verbleib.csv'), 'x');
  mkdirSync(join(settings.inbox, 'Teilnahmen'), { recursive: true });
  writeFileSync(join(settings.inbox, 'Abschlussbericht 294G658486.csv'), 'x');
  return settings;
}

describe('almp status', () => {
  it("reads no other database's snapshot: a mistyped --db beside the schedule file's folders got that database's runs and figures", async () => {
    const settings = await builtProject();
    const elsewhere = join(project.dir, 'other', 'almp.duckdb');
    const report = await statusReport(elsewhere, settings, new Date('2026-03-10T10:07:00Z'));
    expect([report.databaseExists, report.ledgerSource, report.snapshot]).toEqual([false, 'none', undefined]);
    expect(report.snapshotOf).toContain(join('data', 'almp.duckdb'));
    expect(report.jobs.every((j) => j.lastRun === undefined)).toBe(true);
    expect(report.overdueReports).toBeUndefined();
    const effects = quietEffects();
    printStatus(report, settings.timezone, effects);
    const text = effects.lines.join('\n');
    expect(text).not.toContain('because a writer holds the database');
    expect(text).toContain(`Snapshot:      none of this database (the snapshot folder holds copies of ${report.snapshotOf}: check --db or ALMP_DB)`);
  });

  it('says when the marts are another version\'s and exits 1: dashboards and returns refuse them until a build', async () => {
    // after an upgrade, or a restored older snapshot, status said all was well (an upgrade audit)
    const settings = await builtProject();
    const at = new Date('2026-03-10T10:07:00Z');
    const current = await statusReport(project.config.dbPath, settings, at);
    expect(current.martsOutdated).toBeUndefined();
    await project.withWriter((db) => db.run('DROP TABLE meta.marts_built'));
    const report = await statusReport(project.config.dbPath, settings, at);
    expect(report.martsOutdated).toMatch(/^the marts were built by another version of almp-monitor .*run almp run/);
    // all else as a healthy installation has it: the outdated marts alone turn the exit code
    const healthy = { ...current, jobs: [], rejects: [], strayInInbox: [], disk: [] };
    expect([statusExitCode(healthy), statusExitCode({ ...healthy, martsOutdated: report.martsOutdated })]).toEqual([0, 1]);
    const said = quietEffects();
    printStatus(report, settings.timezone, said);
    expect(said.lines.join('\n')).toContain(`Marts:         ${report.martsOutdated} (dashboards and returns refuse them until then; status exits 1)`);
  });

  it('reports runs, next fires, inbox, quarantine, overdue reports and findings', async () => {
    const settings = await builtProject();
    const report = await statusReport(project.config.dbPath, settings, new Date('2026-03-10T10:07:00Z'));
    expect(report.ledgerSource).toBe('live');
    const ingest = report.jobs.find((j) => j.job === 'ingest')!;
    expect([ingest.lastRun?.status, ingest.lastRun?.catch_up, ingest.lastRun?.items_failed]).toEqual(['partial', true, 1]);
    expect(ingest.next).toEqual(['2026-03-10T10:15:00.000Z', '2026-03-10T10:30:00.000Z']);
    // 06:00 Berlin (CET, UTC+1) is 05:00 UTC.
    expect(report.jobs.find((j) => j.job === 'quarterly_return')!.next[0]).toBe('2026-03-11T05:00:00.000Z');
    expect(report.jobs.find((j) => j.job === 'dashboards')!.next).toEqual([]);
    expect(report.jobs.find((j) => j.job === 'models')!.lastRun).toMatchObject({ status: 'success', trigger: 'manual', items: 1 });
    // --json: a run id is a number as a file id is, a time ISO with Z as the fire times ("2026-03-10 10:00:00" read as local time)
    const json = statusJson(report) as { jobs: { lastRun?: { run_id: unknown; started_at: string; scheduled_at: string | null } }[] };
    const ran = json.jobs.flatMap((j) => (j.lastRun ? [j.lastRun] : []));
    expect(ran.length).toBeGreaterThan(0);
    for (const run of ran) {
      expect(typeof run.run_id).toBe('number');
      for (const at of [run.started_at, run.scheduled_at ?? run.started_at]) expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(Date.parse(ran[0]!.started_at)).toBe(Date.parse(`${report.jobs.find((j) => j.lastRun)!.lastRun!.started_at.replace(' ', 'T')}Z`));
    expect(report.inbox).toEqual({ providers: 1 });
    expect(report.quarantine).toEqual({ measures: 1 });
    expect(report.overdueReports).toEqual({ period: '2026-03-31', total: 7, byJobcenter: [{ jobcenter_id: '06411', count: 5 }, { jobcenter_id: '06412', count: 2 }] });
    expect(report.dataQuality!.map((f) => [f.check, f.failing_rows])).toEqual([['report_without_exit', 1], ['exit_without_report', 3]]);
    const effects = quietEffects();
    printStatus(report, settings.timezone, effects);
    const text = effects.lines.join('\n');
    expect(text).toContain('ingest            partial     10.03.2026, 10:00:01 (catch-up)');
    expect(text).toContain('models            success     10.03.2026, 10:30:00 (by hand)');
    expect(text).toContain('dashboards        interrupted 10.03.2026, 10:40:00 – no process runs it any more (stopped or killed)');
    // 2025-Q4 fell due on the 10th Monday-to-Friday day of January; nothing has written it
    expect(report.jobs.find((j) => j.job === 'quarterly_return')!.due).toEqual({ period: '2025-Q4', day: '2026-01-14', writtenAt: null });
    expect(text).toContain('returns 2025-Q4, due 14.01.2026: NOT written yet');
    expect(text).toContain('Needs attention: ingest (1 of 2 items failed), dashboards (interrupted)');
    // a successful ingest may have lost rows: status says which files, how many, and where the reasons are
    expect(report.rejects.map((r) => [r.file_id, r.rows, r.refused])).toEqual([[13, 0, true], [12, 2, false]]);
    expect(text).toContain('Rejected (last 7 days): 2 rows in 1 file – the good rows loaded; have the rest corrected and sent again; 1 file not loaded at all – its data are in no figure; have it corrected and sent again (status exits 1 until a file of the same kind and name loads, or 7 days pass)');
    expect(text).toContain('  participations/teilnahmen_06413.csv: 2 rows (09.03.2026, 09:00:00) – reasons: almp rejects 12');
    // the next times are the schedule's: status says whether anything will fire them
    expect(text).toContain('Jobs (no scheduler running: the next times below are the schedule\'s');
    const scheduler = tryAcquire(`${project.config.dbPath}.scheduler.lock`);
    try {
      expect((await statusReport(project.config.dbPath, settings, new Date('2026-03-10T10:07:00Z'))).scheduler?.pid).toBe(process.pid);
    } finally {
      if ('release' in scheduler) scheduler.release();
    }
    expect(statusExitCode(report)).toBe(1);
    expect(text).toContain('Overdue final reports (31.03.2026): 7');
    // counts as every other count: 1.915 beside a total of 2.479 (it printed 1915), and '1 row'
    expect(text).toContain('report_without_exit (1 row):');
    const big = quietEffects();
    printStatus({ ...report, overdueReports: { period: '2026-03-31', total: 2479, byJobcenter: [{ jobcenter_id: '06412', count: 1915 }, { jobcenter_id: '06411', count: 564 }] } }, settings.timezone, big);
    expect(big.lines).toEqual(expect.arrayContaining(['Overdue final reports (31.03.2026): 2.479', '  Jobcenter 06412: 1.915', '  Jobcenter 06411: 564']));
    expect(text).toContain('Quarantined:   1 (measures 1)');
    // why a file waits was in the log only: p.csv ends without a line break (an upload still running)
    expect(text).toContain('Inbox waiting: 1 (providers 1)\n  waits: providers/p.csv: the last line has no line break (still being written, or cut off) — read as it is once untouched for 60 min');
    // a name holding a Kundennummer is masked as every other name status prints (a privacy audit)
    expect(text).toContain('Not read:      3 in no scan\'s reach (Abschlussbericht ….csv, Teilnahmen/, verbleib.csv) – put data files into inbox/<kind>/ itself as CSV, XLSX, JSON or NDJSON, remove what is no data (status exits 1 while they lie there)');
  });

  it('exits 0 once every enabled job last went through, and 1 while one failed', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    const at = (iso: string) => new Date(`2026-03-10T${iso}Z`);
    await project.withWriter(async (db) => {
      const failed = await recordStart(db, { job: 'models', scheduledAt: null, trigger: 'after', startedAt: at('09:00:00') });
      await recordEnd(db, failed, { endedAt: at('09:01:00'), status: 'error', items: [{ name: 'core.participations', status: 'error' }], error: 'boom' });
    });
    const before = await statusReport(project.config.dbPath, settings, at('10:00:00'));
    expect(statusExitCode(before)).toBe(1);
    await project.withWriter(async (db) => {
      const ok = await recordStart(db, { job: 'models', scheduledAt: null, trigger: 'after', startedAt: at('09:30:00') });
      await recordEnd(db, ok, { endedAt: at('09:31:00'), status: 'success', items: [{ name: 'core.participations', status: 'success' }] });
      // an earlier quarter written by hand is not the return that is due
      const old = await recordStart(db, { job: 'quarterly_return', scheduledAt: null, trigger: 'manual', startedAt: at('09:35:00') });
      await recordEnd(db, old, { endedAt: at('09:36:00'), status: 'success', items: [{ name: 'return quarterly-controlling 2025-Q3 06411', status: 'success' }], out: resolve(settings.out) });
    });
    const between = await statusReport(project.config.dbPath, settings, at('10:00:00'));
    expect(between.jobs.find((j) => j.job === 'quarterly_return')!.due).toEqual({ period: '2025-Q4', day: '2026-01-14', writtenAt: null });
    await project.withWriter(async (db) => {
      const written = await recordStart(db, { job: 'quarterly_return', scheduledAt: null, trigger: 'manual', startedAt: at('09:40:00') });
      await recordEnd(db, written, { endedAt: at('09:41:00'), status: 'success', items: [{ name: 'return quarterly-controlling 2025-Q4 06411', status: 'success' }], out: resolve(settings.out) });
    });
    const after = await statusReport(project.config.dbPath, settings, at('10:00:00'));
    expect(after.jobs.find((j) => j.job === 'models')!.lastRun?.status).toBe('success');
    expect(statusExitCode(after)).toBe(0);
    // a file refused whole keeps status at 1 after later runs went through, until a file of its name loads
    await project.withWriter(async (db) => {
      await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at) VALUES
        (30, 'measures', 'massnahmen.csv', NULL, NULL, NULL, 'a required column is missing: measure_id', TIMESTAMP '2026-03-10 09:45:00')`);
    });
    expect(statusExitCode(await statusReport(project.config.dbPath, settings, at('10:00:00')))).toBe(1);
    await project.withWriter(async (db) => {
      await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
        VALUES (31, 'measures', 'massnahmen.csv', '/in/m.csv', 'h31', 'csv', 3, 3, 0, 0, TIMESTAMP '2026-03-10 09:50:00')`);
    });
    expect(statusExitCode(await statusReport(project.config.dbPath, settings, at('10:00:00')))).toBe(0);
    expect(after.jobs.find((j) => j.job === 'quarterly_return')!.due).toEqual({ period: '2025-Q4', day: '2026-01-14', writtenAt: '2026-03-10T09:40:00.000Z' });
    // file 31 (09:50) built into the marts at 09:55: the return written at 09:40 is of older
    // figures, and the scheduler does not write it again (a review: a delivery loaded in part)
    await project.withWriter(async (db) => {
      await db.run(MARTS_BUILT_DDL);
      await db.run("INSERT INTO meta.marts_built VALUES ('v', 2, DATE '2026-03-09', TIMESTAMP '2026-03-10 09:55:00')");
    });
    const rebuilt = await statusReport(project.config.dbPath, settings, at('10:00:00'));
    expect(rebuilt.jobs.find((j) => j.job === 'quarterly_return')!.due).toEqual({
      period: '2025-Q4', day: '2026-01-14', writtenAt: '2026-03-10T09:40:00.000Z', builtSince: { files: 1, at: '2026-03-10T09:55:00.000Z' },
    });
    const shown = quietEffects();
    printStatus(rebuilt, settings.timezone, shown);
    expect(shown.lines.find((l) => l.includes('returns 2025-Q4'))).toContain(
      `written 10.03.2026, 10:40:00; 1 file loaded since, built into the marts 10.03.2026, 10:55:00: \`almp returns --db ${project.config.dbPath} --period 2025-Q4 --out ${resolve(settings.out)}\` writes it anew (a new version where figures differ)`,
    );
    expect(statusExitCode(rebuilt)).toBe(0);

    // a writer that holds the database for hours hangs (a job stopped on a network folder):
    // status read the snapshot's runs meanwhile and stayed at 0 for good
    const lock = tryAcquire(lockPathFor(project.config.dbPath), () => at('09:55:00'));
    try {
      expect(statusExitCode(await statusReport(project.config.dbPath, settings, at('11:55:00')))).toBe(0);
      const hung = await statusReport(project.config.dbPath, settings, at('13:00:00'));
      expect(hung.writerHung).toBe(true);
      expect(statusExitCode(hung)).toBe(1);
      const effects = quietEffects();
      printStatus(hung, settings.timezone, effects);
      expect(effects.lines.join('\n')).toContain(`HUNG? held for longer than 3 hours, which no job takes: see the log of pid ${process.pid}`);
      // a rotation holds the writer through a whole rebuild: not hung
      const rotation = tryAcquire(rotationLockPath(project.config.dbPath));
      try {
        expect(statusExitCode(await statusReport(project.config.dbPath, settings, at('13:00:00')))).toBe(0);
      } finally {
        if ('release' in rotation) rotation.release();
      }
    } finally {
      if ('release' in lock) lock.release();
    }
    // a holder on another host is never judged stale: if that host is down, the lock file goes
    writeFileSync(lockPathFor(project.config.dbPath), JSON.stringify({ pid: 4242, host: 'almp-node-2', since: at('09:55:00').toISOString() }));
    const elsewhere = await statusReport(project.config.dbPath, settings, at('13:00:00'));
    expect(statusExitCode(elsewhere)).toBe(1);
    const other = quietEffects();
    printStatus(elsewhere, settings.timezone, other);
    expect(other.lines.join('\n')).toContain(`HUNG? held for longer than 3 hours by almp-node-2, which no job takes: see the log of pid 4242 there; if that host is down, delete ${project.config.dbPath}.lock`);
  });

  it('says which jobs missed their fire times for over an hour, and exits 1 until they run', async () => {
    const settings = await builtProject();
    const text = async (now: string) => {
      const report = await statusReport(project.config.dbPath, settings, new Date(now));
      const effects = quietEffects();
      printStatus(report, settings.timezone, effects);
      return { report, text: effects.lines.join('\n') };
    };
    // ingest last ran 09:00:01 UTC; its next fire, 09:15 UTC, is not an hour back at 10:07
    const soon = await text('2026-03-10T10:07:00Z');
    expect(soon.report.jobs.find((j) => j.job === 'ingest')!.missedSince).toBeUndefined();
    expect(soon.text).not.toContain('Missed:');
    // at 10:20 it is: nothing ran ingest since 10:15 Berlin; models (01:30 Berlin) last ran 10:30 Berlin by hand
    const late = await text('2026-03-10T10:20:00Z');
    expect(late.report.jobs.filter((j) => j.missedSince).map((j) => [j.job, j.missedSince])).toEqual([['ingest', '2026-03-10T09:15:00.000Z']]);
    expect(late.text).toContain('Missed: ingest (no run since 10.03.2026, 10:15:00) – no scheduler runs: start `almp schedule` (it catches up at its start)');
    // the next night, models' 01:30 fire is missed too
    const nextDay = await text('2026-03-11T02:00:00Z');
    expect(nextDay.report.jobs.filter((j) => j.missedSince).map((j) => j.job)).toEqual(['ingest', 'models']);
  });

  it('exits 1 while a job missed its fire time, and 0 once it ran', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    const at = (iso: string) => new Date(`2026-03-10T${iso}Z`);
    const ingestAt = (iso: string) =>
      project.withWriter(async (db) => {
        const id = await recordStart(db, { job: 'ingest', scheduledAt: at(iso), trigger: 'cron', startedAt: at(iso) });
        await recordEnd(db, id, { endedAt: at(iso), status: 'skipped', items: [{ name: 'inbox', status: 'skipped' }] });
      });
    await ingestAt('08:00:00');
    expect(statusExitCode(await statusReport(project.config.dbPath, settings, at('09:30:00')))).toBe(1);
    await ingestAt('09:15:00');
    expect(statusExitCode(await statusReport(project.config.dbPath, settings, at('09:30:00')))).toBe(0);
  });

  it('advises `almp run` for a due return while nothing is built (`almp returns` reads the last build)', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    await project.withWriter(async () => undefined);
    const report = await statusReport(project.config.dbPath, settings, new Date('2026-03-10T10:00:00Z'));
    const effects = quietEffects();
    printStatus(report, settings.timezone, effects);
    // the scheduler's output folder named: `almp run` alone wrote into ./out of the working folder, which status does not count (an operator's audit)
    expect(effects.lines.find((l) => l.includes('returns 2025-Q4'))).toContain(`NOT written yet (nothing is built yet: \`almp run --db ${project.config.dbPath} --out ${settings.out}\` writes it)`);
  });

  it('says so and exits 1 when there is no database at the path', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    const typo = join(project.dir, 'tippfehler', 'almp.duckdb');
    const report = await statusReport(typo, settings, new Date('2026-03-10T10:00:00Z'));
    expect(report.databaseExists).toBe(false);
    expect(statusExitCode(report)).toBe(1);
    const effects = quietEffects();
    printStatus(report, settings.timezone, effects);
    expect(effects.lines[1]).toContain('does not exist – check --db or ALMP_DB');
    // it advised '`almp returns` writes it now', which then stopped with 'There is no database';
    // the commands name the database given (copied without --db they built the default one: a review)
    expect(effects.lines.filter((l) => l.includes('NOT written yet'))).toEqual([
      `                    returns 2025-Q4, due 14.01.2026: NOT written yet (load the files with \`almp ingest --db ${typo} <files>\`, then \`almp run --db ${typo} --out ${settings.out}\` writes it)`,
      `                    returns 2025, due 14.01.2026: NOT written yet (load the files with \`almp ingest --db ${typo} <files>\`, then \`almp run --db ${typo} --out ${settings.out}\` writes it)`,
    ]);
  });

  it('says the disk is full and exits 1, though the ledger (which a full disk cannot record failures in) shows the last good runs', async () => {
    const settings = await builtProject();
    const full = { freeBytes: () => 0, canWrite: () => true };
    const roomy = { freeBytes: () => 1e12, canWrite: () => true };
    const at = new Date('2026-03-10T09:41:00Z');
    await project.withWriter(async (db) => {
      const id = await recordStart(db, { job: 'ingest', scheduledAt: null, trigger: 'manual', startedAt: at });
      await recordEnd(db, id, { endedAt: at, status: 'success', items: [], error: undefined });
      await db.run("UPDATE meta.job_runs SET status = 'success' WHERE status = 'running'");
      // the empty file refused earlier, sent again with content
      await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
        VALUES (40, 'final_reports', 'leer.csv', '/in/leer.csv', 'h40', 'csv', 1, 1, 0, 0, TIMESTAMP '2026-03-10 09:30:00')`);
    });
    // files no scan reads keep status at 1 until they are moved or removed (a monitor never learned of them: an operator's audit)
    expect(statusExitCode(await statusReport(project.config.dbPath, settings, at, roomy))).toBe(1);
    for (const stray of ['verbleib.csv', 'Teilnahmen', 'Abschlussbericht 294G658486.csv']) rmSync(join(settings.inbox, stray), { recursive: true });
    expect(statusExitCode(await statusReport(project.config.dbPath, settings, at, roomy))).toBe(0);
    const report = await statusReport(project.config.dbPath, settings, at, full);
    expect(statusExitCode(report)).toBe(1);
    const effects = quietEffects();
    printStatus(report, settings.timezone, effects);
    expect(effects.lines.find((l) => l.startsWith('Disk:'))).toMatch(/^Disk: +ERROR 0,0 MB free for .*→ free disk space.*status exits 1$/);
  });

  it('reads the ledger from the snapshot while a writer holds the database', async () => {
    const settings = await builtProject();
    const report = await project.withWriter(() => statusReport(project.config.dbPath, settings, new Date('2026-03-10T10:07:00Z')));
    expect(report.writer?.pid).toBe(process.pid);
    expect(report.ledgerSource).toBe('snapshot');
    // The snapshot was published after that run was recorded, so it holds it.
    expect(report.jobs.find((j) => j.job === 'ingest')!.lastRun?.status).toBe('partial');
  });
});

describe('almp query', () => {
  it('answers from the snapshot, read-only, as a table, CSV or JSON', async () => {
    const settings = await builtProject();
    const effects = quietEffects();
    await queryCommand({ sql: "SELECT period, value FROM mart.indicator_values WHERE indicator = 'dropout_rate'", snapshots: settings.snapshots, format: 'table', maxRows: 10 }, effects);
    expect(effects.lines).toEqual(['period  value', '------  -----', '2026    0.25', '1 row']);
    // a staging view answered 0 rows: the as-of it filters by was null outside the build
    const staged = quietEffects();
    await queryCommand({ sql: 'SELECT n FROM staging.cut', snapshots: settings.snapshots, format: 'csv', maxRows: 10 }, staged);
    expect(staged.lines.join('\n')).toBe('n\n1');
    await expect(queryCommand({ sql: 'DELETE FROM mart.indicator_values', snapshots: settings.snapshots, format: 'table', maxRows: 10 }, effects)).rejects.toThrow(/read-only/i);
    // several statements: refused, not the result of one of them shown as if it were all
    await expect(queryCommand({ sql: 'SELECT 1; SELECT 2', snapshots: settings.snapshots, format: 'table', maxRows: 10 }, effects)).rejects.toThrow(/one statement; the text holds 2/);
    await expect(queryCommand({ sql: `COPY mart.indicator_values TO '${project.dir}/leak.csv'`, snapshots: settings.snapshots, format: 'table', maxRows: 10 }, effects)).rejects.toThrow(/query failed/);
    expect(render([{ a: 'x,"y"', b: null }], { format: 'csv', maxRows: 10 })).toEqual(['a,b', '"x,""y""",']);
    // the table clips long free text in the middle, never an id or key (a participation key
    // cut at 60 characters could not be looked up) nor the last column (a reason ends with what to do)
    const key = 'a'.repeat(64);
    const reason = `${'the sheet has no such name '.repeat(3)}: its sheets are 'Berichte'; give --sheet Berichte`;
    const [, , clipped] = render([{ key, note: 'free text '.repeat(10), reason }], { format: 'table', maxRows: 10 });
    expect(clipped).toContain(key);
    expect(clipped).toContain('free text free text free text free text free text free text…');
    expect(clipped!.endsWith('give --sheet Berichte')).toBe(true);
    // CSV stays the machine format: comma, decimal point, ISO dates, no BOM
    const csv = quietEffects();
    await queryCommand({ sql: "SELECT 'Träger' AS t, 0.25::DOUBLE AS v, DATE '2026-09-30' AS d", snapshots: settings.snapshots, format: 'csv', maxRows: 10 }, csv);
    expect(csv.lines.join('\n')).toBe('t,v,d\nTräger,0.25,2026-09-30');
    // a stored time on the terminal: as stored (UTC), and the head says so, where it read
    // as Berlin time an hour off; CSV keeps the bare name scripts select by
    const times = "SELECT TIMESTAMP '2026-12-04 07:15:00' AS loaded_at, TIMESTAMPTZ '2026-12-04 07:15:00+00' AS at, DATE '2026-12-04' AS d";
    const table = quietEffects();
    await queryCommand({ sql: times, snapshots: settings.snapshots, format: 'table', maxRows: 10 }, table);
    expect(table.lines[0]!.split(/\s{2,}/)).toEqual(['loaded_at (UTC)', 'at (UTC)', 'd']);
    expect(table.lines[2]).toMatch(/^2026-12-04 07:15:00 /);
    const timesCsv = quietEffects();
    await queryCommand({ sql: times, snapshots: settings.snapshots, format: 'csv', maxRows: 10 }, timesCsv);
    expect(timesCsv.lines.join('\n').split('\n')[0]).toBe('loaded_at,at,d');
    // xlsx: typed cells for Excel, bytes on stdout and nothing else
    const xlsx = quietEffects();
    // a time as almp stores it (TIMESTAMP in UTC: a file loaded at 08:15 in Berlin in winter)
    const sql = "SELECT '06411' AS jc, 0.25::DOUBLE AS v, DATE '2026-09-30' AS d, TIMESTAMP '2026-12-04 07:15:00' AS loaded_at";
    await queryCommand({ sql, snapshots: settings.snapshots, format: 'xlsx', maxRows: 10 }, xlsx);
    expect(xlsx.lines).toEqual([]);
    const book = await loadPlainWorkbook(Buffer.concat(xlsx.bytes));
    const sheet = book.getWorksheet('Abfrage')!;
    const row = sheet.getRow(2);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(3).numFmt]).toEqual(['06411', 0.25, new Date('2026-09-30T00:00:00Z'), 'dd.mm.yyyy']);
    // shown as almp status shows it, the zone in the header; the CSV keeps the stored UTC
    expect([sheet.getRow(1).getCell(4).value, row.getCell(4).value]).toEqual(['loaded_at (Ortszeit Europe/Berlin)', new Date('2026-12-04T08:15:00Z')]);
  });
});

describe('almp rejects', () => {
  it('lists a file\'s rejected rows in row order from the live database, also for a file loaded after the last build', async () => {
    const settings = await builtProject();
    // loaded after the snapshot was published: almp query (the snapshot) does not have it
    await project.withWriter(async (db) => {
      await db.run(`INSERT INTO meta.files (file_id, kind, name, path, content_hash, format, rows_read, rows_loaded, rows_rejected, rows_superseded, loaded_at)
        VALUES (14, 'final_reports', 'abschlussberichte_001027.csv', '/in/a.csv', 'h14', 'csv', 5, 2, 3, 0, TIMESTAMP '2026-03-10 11:00:00')`);
      await db.run(`INSERT INTO meta.rejects (file_id, kind, file_name, "row", "column", "value", reason, rejected_at) VALUES
        (14, 'final_reports', 'abschlussberichte_001027.csv', 6, 'exit_date', '7/31/2023', 'month/day/year', TIMESTAMP '2026-03-10 11:00:00'),
        (14, 'final_reports', 'abschlussberichte_001027.csv', 3, 'provider_id', '1027', 'leading zero lost', TIMESTAMP '2026-03-10 11:00:00'),
        (14, 'final_reports', 'abschlussberichte_001027.csv', 4, 'entry_date', NULL, 'missing', TIMESTAMP '2026-03-10 11:00:00')`);
    });
    const options = { dbPath: project.config.dbPath, snapshots: settings.snapshots, fileId: 14, maxRows: 1000 };
    const effects = quietEffects();
    expect(await rejectsCommand({ ...options, format: 'table' }, effects)).toBe(3);
    expect(effects.lines[0]).toBe('final_reports/abschlussberichte_001027.csv: 2 of 5 rows loaded; 3 rows rejected (row numbers as in the file)');
    const json = quietEffects();
    await rejectsCommand({ ...options, format: 'json' }, json);
    expect((JSON.parse(json.lines.join('\n')) as { row: number }[]).map((r) => r.row)).toEqual([3, 4, 6]);
    // the header as the file wrote it beside the contract's name (recorded before it was kept: the name)
    expect(Object.keys((JSON.parse(json.lines.join('\n')) as object[])[0]!)).toEqual(['row', 'column', 'in file', 'value', 'reason']);
    // a file refused as a whole: its reason, not a table of one empty row
    const refused = quietEffects();
    await rejectsCommand({ ...options, fileId: 13, format: 'table' }, refused);
    expect(refused.lines[0]).toMatch(/: refused as a whole, no row loaded:$/);
    expect(refused.lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    // a file that does not exist is not one without rejects
    await expect(rejectsCommand({ ...options, fileId: 99, format: 'table' }, quietEffects())).rejects.toThrow('There is no file 99: the files read are numbered 1 to 14.');
    // while the writer works, the snapshot is read: it says so, and the later file is not there yet
    await project.withWriter(async () => {
      await expect(rejectsCommand({ ...options, format: 'table' }, quietEffects())).rejects.toThrow(/No rejected rows are recorded for file 14 in the snapshot \(the writer is busy/);
      const older = quietEffects();
      expect(await rejectsCommand({ ...options, fileId: 12, format: 'table' }, older)).toBe(3);
      expect(older.lines[1]).toContain('read from the snapshot');
    });
  });
});
