/** `almp status` for people: one block per topic, German dates (DD.MM.YYYY HH:MM:SS). */
import { hostname } from 'node:os';
import { files, rows } from '../counts.ts';
import { almpCommand, shellWord } from '../config.ts';
import type { Effects } from '../effects.ts';
import { isOpen, jobsMissingRuns, jobsNeedingAttention, REJECTS_DAYS, WRITER_HUNG_AFTER_MS, type JobStatus, type RecentRejects, type StatusReport } from './status.ts';

export function printStatus(report: StatusReport, timezone: string, effects: Effects): void {
  const when = (iso: string | null | undefined) => (iso ? formatLocal(new Date(iso.includes('T') ? iso : `${iso.replace(' ', 'T')}Z`), timezone) : '–');
  effects.out(`Database ${report.database}`);
  if (!report.databaseExists) effects.out('  does not exist – check --db or ALMP_DB, or load files with almp ingest <files> (the scheduler creates it at its first run)');
  effects.out(report.writer ? `  being written now by pid ${report.writer.pid} on ${report.writer.host} (since ${when(report.writer.since)})` : report.foreignHolder ? '  no almp writer at the moment' : '  no writer at the moment');
  if (report.writerHung && report.writer) {
    const hours = WRITER_HUNG_AFTER_MS / 3_600_000;
    // a holder on another host is never judged stale: if that host went down, its lock stays
    effects.out(
      report.writer.host === hostname()
        ? `  HUNG? held for longer than ${hours} hours, which no job takes: see the log of pid ${report.writer.pid} (a job waiting on a network folder?); stop it and the next run repairs what it left – status exits 1 meanwhile`
        : `  HUNG? held for longer than ${hours} hours by ${report.writer.host}, which no job takes: see the log of pid ${report.writer.pid} there; if that host is down, delete ${report.database}.lock (its run died with it; the next run repairs what it left) – status exits 1 meanwhile`,
    );
  }
  if (report.foreignHolder) {
    const { pid, program, since } = report.foreignHolder;
    effects.out(
      `  HELD by pid ${pid}${program ? ` (${program})` : ''}${since ? ` since ${when(since)}` : ''}, a program that is not almp, with the database open for writing: every job waits for it and fails – close its connection (or stop it: kill ${pid}); tools that only read open the snapshot (almp query shows where) – status exits 1 meanwhile`,
    );
  }
  if (report.ledgerSource === 'snapshot') {
    const why = report.writer ? 'a writer holds the database' : report.foreignHolder ? `pid ${report.foreignHolder.pid} holds the database` : 'the database could not be read';
    effects.out(`  (job runs as of the last snapshot, because ${why})`);
  }
  effects.out('');
  effects.out(
    report.scheduler
      ? `Jobs (scheduler running: pid ${report.scheduler.pid} on ${report.scheduler.host} since ${when(report.scheduler.since)}):`
      : 'Jobs (no scheduler running: the next times below are the schedule\'s, nothing fires them until `almp schedule` runs):',
  );
  for (const job of report.jobs) {
    if (!job.enabled) {
      // the purge job is off until a retention period is set: say where, not just 'disabled'
      effects.out(`  ${job.job.padEnd(17)} disabled${job.job === 'purge' ? ' (no retentionDays in the schedule file: files are kept for good)' : ''}`);
      continue;
    }
    const last = job.lastRun;
    const lastText = last ? `${last.status.padEnd(11)} ${when(last.started_at)}${last.catch_up ? ' (catch-up)' : last.trigger === 'manual' ? ' (by hand)' : last.trigger === 'retry' ? ' (retry)' : ''}${last.error ? ` – ${last.error}` : ''}` : 'never run';
    const next = job.next[0] ? `next ${when(job.next[0])}` : job.after ? `after ${job.after}` : '';
    effects.out(`  ${job.job.padEnd(17)} ${lastText}${next ? `; ${next}` : ''}`);
    if (job.due) {
      const since = job.due.builtSince;
      const rewrite = since
        ? `; ${files(since.files)} loaded since, built into the marts ${when(since.at)}: \`${almpCommand('returns', report.database, '--period', job.due.period, ...(report.returnsOut === undefined ? [] : ['--out', shellWord(report.returnsOut)]))}\` writes it anew (a new version where figures differ)`
        : '';
      const written = job.due.writtenAt ? `written ${when(job.due.writtenAt)}${rewrite}` : `NOT written yet (${writesItNow(report)})`;
      effects.out(`  ${''.padEnd(17)} returns ${job.due.period}, due ${germanDay(job.due.day)}: ${written}`);
    }
  }
  const attention = jobsNeedingAttention(report);
  if (attention.length > 0) {
    // a retry time only where a scheduler runs to make it (the heading says so otherwise)
    const retry = (j: JobStatus) => (report.scheduler && j.retryFrom ? `; the scheduler retries it at the first scan from ${when(j.retryFrom)}` : '');
    effects.out(`  Needs attention: ${attention.map((j) => `${j.job} (${attentionText(j.lastRun!)}${retry(j)})`).join(', ')} – the log names each failure; status exits 1 until a run goes through`);
  }
  const missed = jobsMissingRuns(report);
  if (missed.length > 0) {
    const why = report.scheduler
      ? `the scheduler (pid ${report.scheduler.pid}) has not run them: see its log, or restart it`
      : 'no scheduler runs: start `almp schedule` (it catches up at its start)';
    effects.out(`  Missed: ${missed.map((j) => `${j.job} (no run since ${when(j.missedSince)})`).join(', ')} – ${why}; status exits 1 until they run`);
  }
  effects.out('');
  for (const f of report.disk) {
    const failing = f.severity === 'error' ? '; jobs fail, and the runs above may not show it (the ledger cannot be written): status exits 1' : '';
    effects.out(`Disk:          ${f.severity.toUpperCase()} ${f.message}${f.fix ? ` → ${f.fix}` : ''}${failing}`);
  }
  if (report.martsRebuilding) {
    effects.out(`Marts:         the last snapshot's marts were built by another version of almp-monitor; the scheduler (pid ${report.scheduler?.pid}) rebuilds them at its start and its models runs — the database is held now by pid ${report.writer?.pid}, maybe that build (dashboards and returns refuse the old marts until a build is done; status exits 1 till then, and shows a failed build once the database is free)`);
  } else if (report.martsOutdated) {
    effects.out(`Marts:         ${report.martsOutdated} (dashboards and returns refuse them until then; status exits 1)`);
  }
  if (report.awaitingParticipations) {
    // the file was put there and refused: 'put it there' misled (a review)
    const refused = (report.quarantine['participations'] ?? 0) > 0 || report.rejects.some((r) => r.kind === 'participations' && r.refused && isOpen(r));
    effects.out(
      refused
        ? `First data:    no participations loaded yet – the participations file was refused (see Quarantined and Rejected below): correct it and put it into ${report.awaitingParticipations} again; dashboards and returns follow the first build that has them`
        : `First data:    no participations loaded yet – put the Jobcenter's file into ${report.awaitingParticipations}; dashboards and returns follow the first build that has them`,
    );
  }
  effects.out(`Inbox waiting: ${countText(report.inbox)}`);
  for (const file of report.cutOffInInbox ?? []) {
    // a correction held back by a cut-off file loads after it, not after a wait of its own
    const wait = report.cutOffWaitSeconds === undefined || file.includes(': waits for ') ? '' : ` — read as it is once untouched for ${Math.round(report.cutOffWaitSeconds / 60)} min`;
    effects.out(`  waits: ${file}${wait}`);
  }
  if (report.strayInInbox.length > 0) {
    effects.out(`Not read:      ${report.strayInInbox.length} in no scan's reach (${report.strayInInbox.slice(0, 5).join(', ')}${report.strayInInbox.length > 5 ? ', …' : ''}) – put data files into inbox/<kind>/ itself as CSV, XLSX, JSON or NDJSON, remove what is no data (status exits 1 while they lie there)`);
  }
  effects.out(`Quarantined:   ${countText(report.quarantine)}`);
  printRejects(report, when, effects);
  printUnreadColumns(report, effects);
  effects.out(`Snapshot:      ${report.snapshot ?? (report.snapshotOf ? `none of this database (the snapshot folder holds copies of ${report.snapshotOf}: check --db or ALMP_DB)` : 'none published yet')}`);
  effects.out('');
  if (!report.snapshot) return;
  const overdue = report.overdueReports;
  // the period is a stichtag (YYYY-MM-DD) or another period label; a day is shown as DD.MM.YYYY
  const period = overdue && /^\d{4}-\d{2}-\d{2}$/.test(overdue.period) ? germanDay(overdue.period) : overdue?.period;
  effects.out(overdue ? `Overdue final reports (${period}): ${overdue.total.toLocaleString('de-DE')}` : 'Overdue final reports: not in the last build');
  for (const jc of overdue?.byJobcenter.filter((j) => j.count > 0).slice(0, 10) ?? []) effects.out(`  Jobcenter ${jc.jobcenter_id}: ${jc.count.toLocaleString('de-DE')}`);
  const findings = report.dataQuality ?? [];
  effects.out(findings.length > 0 ? `Data-quality findings of the last build: ${findings.length}` : 'Data-quality findings of the last build: none');
  for (const f of findings) effects.out(`  ${f.severity.padEnd(7)} ${f.check} (${rows(f.failing_rows)}): ${f.description}`);
}

/**
 * An ingest 'success' loaded the good rows only: which files lost rows, and where the reasons
 * are. Files a later delivery of the same name replaced, and refused files whose content is
 * loaded all the same, are resolved: named apart, not counted. Rows rejected and files refused
 * whole each get their own advice: "2 files not loaded at all … – the good rows loaded" said
 * both of the same files.
 */
function printRejects(report: StatusReport, when: (iso: string) => string, effects: Effects): void {
  const open = report.rejects.filter(isOpen);
  const replaced = report.rejects.filter((r) => r.replaced_by !== null);
  const loadedAnyway = report.rejects.filter((r) => r.replaced_by === null && r.content_loaded_as !== null);
  const withRows = open.filter((r) => !r.refused && !r.none_loaded);
  const total = withRows.reduce((n, r) => n + r.rows, 0);
  const refused = open.length - withRows.length;
  const parts = [
    ...(total > 0 ? [`${rows(total)} in ${files(withRows.length)} – the good rows loaded; have the rest corrected and sent again`] : []),
    ...(refused > 0 ? [`${files(refused)} not loaded at all – ${refused === 1 ? 'its' : 'their'} data are in no figure; have ${refused === 1 ? 'it' : 'them'} corrected and sent again (status exits 1 until a file of the same kind and name loads, or ${REJECTS_DAYS} days pass)`] : []),
  ];
  const none = replaced.length + loadedAnyway.length > 0 ? 'none open' : 'none';
  effects.out(`Rejected (last ${REJECTS_DAYS} days): ${parts.length > 0 ? parts.join('; ') : none}`);
  for (const r of open.slice(0, 10)) {
    const what = r.refused ? 'not loaded' : r.none_loaded ? `${rows(r.rows)}, every row rejected` : rows(r.rows);
    effects.out(`  ${r.kind}/${r.name}: ${what} (${when(r.at)}) – reasons: almp rejects ${r.file_id}`);
    if (r.content_list_load) effects.out(`    ${asListText(r.content_list_load)}`);
  }
  if (open.length > 10) effects.out(`  … and ${files(open.length - 10)} more`);
  if (replaced.length > 0) {
    effects.out(`  resolved: ${files(replaced.length)} replaced by a later file of the same name (its rows replace theirs by key)`);
    for (const r of replaced.slice(0, 5)) {
      const what = r.refused ? 'not loaded' : rows(r.rows);
      const as = r.replaced_kind === null || r.replaced_kind === r.kind ? '' : ` as ${r.replaced_kind}`;
      effects.out(`    ${r.kind}/${r.name}: ${what} in file ${r.file_id} → file ${r.replaced_by}${as} (${when(r.replaced_at!)})`);
    }
    if (replaced.length > 5) effects.out(`    … and ${files(replaced.length - 5)} more`);
  }
  if (loadedAnyway.length > 0) {
    effects.out(`  resolved: ${files(loadedAnyway.length)} refused as given (the wrong folder, --kind or --sheet) whose content is loaded: nothing is missing`);
    for (const r of loadedAnyway.slice(0, 5)) {
      const as = r.content_kind === undefined || r.content_kind === r.kind ? '' : ` (as ${r.content_kind})`;
      effects.out(`    ${r.kind}/${r.name}: not loaded in file ${r.file_id}, the same content is file ${r.content_loaded_as}${as}`);
    }
    if (loadedAnyway.length > 5) effects.out(`    … and ${files(loadedAnyway.length - 5)} more`);
  }
}

/** A refused file's bytes loaded as a list that left columns unread: where its data may be missing, and when not. */
function asListText(load: NonNullable<RecentRejects['content_list_load']>): string {
  const shown = load.ignored.slice(0, 5).map((c) => `'${c}'`).join(', ');
  const more = load.ignored.length > 5 ? ` and ${load.ignored.length - 5} more` : '';
  return `its content loaded as the ${load.kind} list in file ${load.id}, which read none of ${shown}${more}: what those columns hold is in no figure (if the file is that list and they are its own remarks, nothing is missing)`;
}

/**
 * What writes a due return from here: `almp returns` reads the marts of the last build, so
 * with no database ('There is no database') or no build yet it cannot — the advice led there.
 */
function writesItNow(report: StatusReport): string {
  // run as written, `almp returns` wrote into ./out of the working folder, which status does not
  // count: still 'NOT written' (an operator's audit); the scheduler's output folder is named
  const out = report.returnsOut === undefined ? [] : ['--out', shellWord(report.returnsOut)];
  const run = almpCommand('run', report.database, ...out);
  if (!report.databaseExists) return `load the files with \`${almpCommand('ingest', report.database, '<files>')}\`, then \`${run}\` writes it`;
  if (!report.snapshot) return `nothing is built yet: \`${run}\` writes it`;
  if (report.awaitingParticipations) return `waits for the first participations: put the Jobcenter's file into ${report.awaitingParticipations}`;
  return `\`${almpCommand('returns', report.database, ...out)}\` writes it now`;
}

function attentionText(run: NonNullable<JobStatus['lastRun']>): string {
  return run.status === 'partial' && run.items ? `${run.items_failed ?? 0} of ${run.items} items failed` : run.status;
}

/** YYYY-MM-DD → DD.MM.YYYY */
export function germanDay(day: string): string {
  return day.split('-').reverse().join('.');
}

function countText(counts: Readonly<Record<string, number | undefined>>): string {
  const entries = Object.entries(counts).filter(([, n]) => (n ?? 0) > 0);
  if (entries.length === 0) return 'none';
  const total = entries.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  return `${total} (${entries.map(([kind, n]) => `${kind} ${n}`).join(', ')})`;
}

export function formatLocal(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('de-DE', { timeZone: timezone, dateStyle: 'medium', timeStyle: 'medium' }).format(at);
}

/** Columns not read that look like contract columns (status-columns.ts): the ingest summary's note, where a scheduler's operator reads. */
function printUnreadColumns(report: StatusReport, effects: Effects): void {
  const unread = report.unreadColumns ?? [];
  if (unread.length === 0) return;
  effects.out(`Columns not read (last ${REJECTS_DAYS} days) that look like contract columns: ${unread.length}`);
  for (const c of unread.slice(0, 10)) {
    effects.out(`  ${c.kind}/${c.name} (file ${c.file_id}): '${c.header}' was not read as ${c.looksLike} – if it holds that, name the header '${c.alias}' and load the file again`);
  }
  if (unread.length > 10) effects.out(`  … and ${unread.length - 10} more`);
}
