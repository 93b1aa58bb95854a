/**
 * Federation: two Jobcenter instances export their (pseudonymised) data; a state instance
 * ingests both exports; its indicators equal those computed on the union of the raw data.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { exportData } from '../../pipelines/federation/export.ts';
import { importExport } from '../../pipelines/federation/import.ts';
import { cutoffNote } from '../../pipelines/publish/cutoff-note.ts';
import { keyFingerprint, MANIFEST_FILE, type Manifest } from '../../pipelines/federation/manifest.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { AS_OF, KEY, indicatorLines, keepOnlyJobcenter, openStore, resignExport, sampleReports, sampleStore, tempDir } from './helpers.ts';

/**
 * A provider sends a report again, corrected, 40 days after the exit: its first version had
 * come in time (≤ 14 days), and stays the one that dates the delivery (report_on_time_rate).
 */
async function correctOneReport(db: Db, dir: string): Promise<void> {
  const day = (iso: string, plus = 0) => new Date(Date.parse(`${iso}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
  const reports = JSON.parse(readFileSync(sampleReports('json'), 'utf8')) as Record<string, string>[];
  const first = reports.find((r) => r.exit_date && r.report_date! <= day(r.exit_date, 14) && day(r.exit_date, 40) <= AS_OF);
  if (!first) throw new Error('no report in time in the sample file');
  const file = join(dir, 'korrektur', 'final_reports', 'abschlussbericht_korrektur.json');
  mkdirSync(join(dir, 'korrektur', 'final_reports'), { recursive: true });
  writeFileSync(file, JSON.stringify([{ ...first, report_date: day(first.exit_date!, 40), days_attended: Number(first.days_attended) - 1 }]));
  const loaded = await ingestPaths(db, { paths: [file], key: KEY }, quietEffects());
  expect(loaded.map((r) => r.status)).toEqual(['success']);
}

describe('federation', () => {
  const tmp = tempDir('almp-federation-');
  let union: Db;
  let jobcenters: string[];
  /** The two Jobcenter exports of the first test, which later tests read too. */
  const exportDirs: string[] = [];

  beforeAll(async () => {
    union = await sampleStore(join(tmp.dir, 'union.duckdb'));
    await correctOneReport(union, tmp.dir);
    await buildModels(union, { asOf: AS_OF }, quietEffects());
    jobcenters = (await union.json<{ id: string }>('SELECT DISTINCT jobcenter_id AS id FROM raw.participations ORDER BY 1')).map((r) => r.id);
  });
  afterAll(() => {
    union.close();
    tmp.cleanup();
  });

  it('a state instance built from two Jobcenter exports has the indicators of the union', async () => {
    expect(jobcenters).toHaveLength(2);
    for (const jc of jobcenters) {
      const path = join(tmp.dir, `jc-${jc}.duckdb`);
      await union.checkpoint();
      // Copy the union file, then cut it down: the instance holds its own Jobcenter only.
      writeFileSync(path, readFileSync(join(tmp.dir, 'union.duckdb')));
      const own = await openStore(path);
      await keepOnlyJobcenter(own, jc);
      await buildModels(own, { asOf: AS_OF }, quietEffects());
      const dir = join(tmp.dir, `export-${jc}`);
      const results = await exportData(own, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
      expect(results.filter((r) => r.status === 'error')).toEqual([]);
      own.close();
      exportDirs.push(dir);
    }
    const state = await openStore(join(tmp.dir, 'state.duckdb'));
    try {
      // a state server set to German time stores its ledger times in UTC all the same
      await state.run("SET TimeZone = 'Europe/Berlin'");
      const importedFrom = Date.now();
      const said = quietEffects();
      for (const dir of exportDirs) {
        const loaded = await importExport(state, { dir, key: KEY }, said);
        expect(loaded.filter((r) => r.status === 'error')).toEqual([]);
      }
      expect(said.lines.filter((l) => l.includes('(and 1 earlier version of corrected records, kept: the first dates a delivery)'))).toHaveLength(1);
      const [stamps] = await state.json<{ first: string; last: string }>(
        `SELECT strftime(min(loaded_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS first, strftime(max(loaded_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS last FROM meta.files`,
      );
      expect(Date.parse(stamps!.first)).toBeGreaterThanOrEqual(importedFrom - 1000);
      expect(Date.parse(stamps!.last)).toBeLessThanOrEqual(Date.now() + 1000);
      // exports as of the build's day: nothing to say
      expect((await buildModels(state, { asOf: AS_OF }, quietEffects())).exportsBehind).toBeUndefined();
      const expected = await indicatorLines(union);
      const actual = await indicatorLines(state);
      expect(expected.length).toBeGreaterThan(1000);
      // the corrected report came with its first version: on time, as in the union
      expect(await state.scalar('SELECT count(*) FROM raw.final_reports WHERE NOT _current')).toBe(1);
      expect(await state.scalar('SELECT count(*) FROM raw.final_reports AS o JOIN raw.final_reports AS n USING (provider_id, measure_id, participant_id, entry_date) WHERE n._current AND NOT o._current AND o.report_date < n.report_date')).toBe(1);
      expect(actual).toEqual(expected);
      // Re-importing the same exports changes nothing.
      const again = await importExport(state, { dir: exportDirs[0]!, key: KEY }, quietEffects());
      expect(again.every((r) => r.status === 'skipped')).toBe(true);
    } finally {
      state.close();
    }
  }, 180_000);

  it("says when an instance export is as of a day before the build's as-of: that Jobcenter's later events are missing", async () => {
    // the second Jobcenter's export as one made a quarter earlier would declare it
    const older = join(tmp.dir, 'export-older');
    cpSync(exportDirs[1]!, older, { recursive: true });
    const manifestPath = join(older, MANIFEST_FILE);
    await resignExport(older, (m) => ({ ...m, asOf: '2026-06-30' }));
    const state = await openStore(join(tmp.dir, 'state-older.duckdb'));
    try {
      for (const dir of [exportDirs[0]!, older]) await importExport(state, { dir, key: KEY }, quietEffects());
      const said = (await buildModels(state, { asOf: AS_OF }, quietEffects())).exportsBehind;
      // the folder's name and the instance: every Jobcenter may call its folder 'export'
      const olderInstance = (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).instance!.slice(0, 8);
      expect(said).toContain(`(Jobcenter ${jobcenters[1]} from export export-older [instance ${olderInstance}] as of 30.06.2026)`);
      expect(said).toContain('ingest a current export of that Jobcenter, or build with --as-of 2026-06-30');
      // the returns' cover and the dashboards say it too (the run's warning scrolls away)
      expect(await cutoffNote(state)).toContain(`Die Daten des Jobcenters ${jobcenters[1]} reichen nur bis 30.06.2026 (Stand des Exports export-older [instance ${olderInstance}])`);
      // a later export with nothing changed (every file already loaded) still moves the cut-off on
      const renewed = join(tmp.dir, 'export-renewed');
      cpSync(older, renewed, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(renewed, MANIFEST_FILE), 'utf8')) as Manifest;
      await resignExport(renewed, (m) => ({ ...m, asOf: AS_OF, exportedAt: new Date(Date.parse(manifest.exportedAt!) + 86_400_000).toISOString() }));
      expect((await importExport(state, { dir: renewed, key: KEY }, quietEffects())).every((r) => r.status === 'skipped')).toBe(true);
      expect(await state.json(`SELECT DISTINCT CAST(as_of AS VARCHAR) AS as_of FROM meta.export_files WHERE instance_id = $i`, { i: manifest.instance! })).toEqual([{ as_of: AS_OF }]);
    } finally {
      state.close();
    }
  });

  it("a record one instance's new export no longer holds but another instance delivers counts again (a status event of a person in both Jobcenters)", async () => {
    const [a, b] = exportDirs as [string, string];
    const outcomes = (dir: string) => join(dir, 'raw', 'outcomes.parquet');
    const shared = (await union.json<{ p: string; d: string }>('SELECT participant_id AS p, CAST(status_date AS VARCHAR) AS d FROM read_parquet($f) ORDER BY 1, 2 LIMIT 1', { f: outcomes(a) }))[0]!;
    // B's first export delivers that event too; its next one (the person erased there) no longer does
    const first = join(tmp.dir, 'export-b-shared');
    const next = join(tmp.dir, 'export-b-erased');
    cpSync(b, first, { recursive: true });
    cpSync(b, next, { recursive: true });
    const altered = join(tmp.dir, 'outcomes-shared.parquet');
    await union.run(
      `COPY (SELECT * EXCLUDE (_n) REPLACE (CASE WHEN _n = 1 THEN $p ELSE participant_id END AS participant_id, CASE WHEN _n = 1 THEN CAST($d AS DATE) ELSE status_date END AS status_date)
             FROM (SELECT *, row_number() OVER () AS _n FROM read_parquet($f))) TO '${altered}' (FORMAT parquet)`,
      { p: shared.p, d: shared.d, f: outcomes(b) },
    );
    cpSync(altered, outcomes(first));
    for (const [dir, at] of [[first, '2026-10-01T08:00:00.000Z'], [next, '2026-10-02T08:00:00.000Z']] as const) {
      await resignExport(dir, (m) => ({ ...m, exportedAt: at }));
    }
    const state = await openStore(join(tmp.dir, 'state-shared.duckdb'));
    const held = () =>
      state.json<{ jc: string }>('SELECT jobcenter_id AS jc FROM raw.outcomes WHERE _current AND participant_id = $p AND status_date = CAST($d AS DATE)', { p: shared.p, d: shared.d });
    try {
      for (const dir of [a, first]) await importExport(state, { dir, key: KEY }, quietEffects());
      expect(await held()).toEqual([{ jc: jobcenters[1] }]);
      const effects = quietEffects();
      await importExport(state, { dir: next, key: KEY }, effects);
      expect(await held()).toEqual([{ jc: jobcenters[0] }]);
      expect(effects.lines.join('\n')).toContain('1 row of this instance\'s earlier export no longer in it (retired; another instance or file holds 1 of them, whose version counts again)');
    } finally {
      state.close();
    }
  });

  it('a final report both instances deliver counts in the version dated later, whichever export is loaded last', async () => {
    const [a, b] = exportDirs as [string, string];
    const reports = (dir: string) => join(dir, 'raw', 'final_reports.parquet');
    // A holds a report; B's next export carries an older copy of it (dated 30 days earlier,
    // another outcome) in place of one of its own rows — a provider's file sent to both
    const ref = (await union.json<{ prov: string; m: string; p: string; e: string; d: string; o: string }>(
      `SELECT provider_id AS prov, measure_id AS m, participant_id AS p, CAST(entry_date AS VARCHAR) AS e, CAST(report_date AS VARCHAR) AS d, outcome AS o
       FROM read_parquet($f) WHERE entry_date IS NOT NULL AND outcome = 'completed' ORDER BY 3, 2 LIMIT 1`,
      { f: reports(a) },
    ))[0]!;
    const stale = join(tmp.dir, 'export-b-stale');
    cpSync(b, stale, { recursive: true });
    const altered = join(tmp.dir, 'reports-stale.parquet');
    await union.run(
      `COPY (SELECT * EXCLUDE (_n) REPLACE (
               CASE WHEN _n = 1 THEN $prov ELSE provider_id END AS provider_id, CASE WHEN _n = 1 THEN $m ELSE measure_id END AS measure_id,
               CASE WHEN _n = 1 THEN $p ELSE participant_id END AS participant_id, CASE WHEN _n = 1 THEN CAST($e AS DATE) ELSE entry_date END AS entry_date,
               CASE WHEN _n = 1 THEN CAST($d AS DATE) - 30 ELSE report_date END AS report_date, CASE WHEN _n = 1 THEN 'dropout' ELSE outcome END AS outcome)
             FROM (SELECT *, row_number() OVER () AS _n FROM read_parquet($f))) TO '${altered}' (FORMAT parquet)`,
      { prov: ref.prov, m: ref.m, p: ref.p, e: ref.e, d: ref.d, f: reports(b) },
    );
    cpSync(altered, reports(stale));
    await resignExport(stale);
    for (const order of [[a, stale], [stale, a]] as const) {
      const state = await openStore(join(tmp.dir, `state-report-${order[0] === a ? 'ab' : 'ba'}.duckdb`));
      try {
        const effects = quietEffects();
        for (const dir of order) await importExport(state, { dir, key: KEY }, effects);
        expect(
          await state.json('SELECT outcome, CAST(report_date AS VARCHAR) AS d FROM raw.final_reports WHERE _current AND participant_id = $p AND measure_id = $m AND entry_date = CAST($e AS DATE)', { p: ref.p, m: ref.m, e: ref.e }),
        ).toEqual([{ outcome: ref.o, d: ref.d }]);
        if (order[0] === a) expect(effects.lines.join('\n')).toContain('1 row older than the version another instance delivered (kept, not counted)');
        if (order[0] !== a) continue;
        // A's next export no longer holds the report (the person erased there): B's version
        // counts again, and the state's own export does not forward A's as an earlier version
        const erased = join(tmp.dir, 'export-a-erased');
        cpSync(a, erased, { recursive: true });
        await union.run(
          `COPY (SELECT * FROM read_parquet($f) WHERE NOT (participant_id = $p AND measure_id = $m AND entry_date = CAST($e AS DATE))) TO '${join(tmp.dir, 'reports-erased.parquet')}' (FORMAT parquet)`,
          { f: reports(a), p: ref.p, m: ref.m, e: ref.e },
        );
        cpSync(join(tmp.dir, 'reports-erased.parquet'), reports(erased));
        await resignExport(erased, (manifest) => ({
          ...manifest,
          exportedAt: new Date(Date.parse(manifest.exportedAt!) + 86_400_000).toISOString(),
          tables: manifest.tables.map((t) => (t.name === 'raw.final_reports' ? { ...t, rows: t.rows - 1 } : t)),
        }));
        await importExport(state, { dir: erased, key: KEY }, quietEffects());
        const held = 'participant_id = $p AND measure_id = $m AND entry_date = CAST($e AS DATE)';
        expect(await state.json(`SELECT outcome FROM raw.final_reports WHERE _current AND ${held}`, { p: ref.p, m: ref.m, e: ref.e })).toEqual([{ outcome: 'dropout' }]);
        const onward = join(tmp.dir, 'export-state');
        await exportData(state, { format: 'parquet', outDir: onward, key: KEY }, quietEffects());
        expect(await state.scalar(`SELECT count(*) FROM read_parquet('${join(onward, 'raw', 'final_reports_history.parquet')}') WHERE ${held}`, { p: ref.p, m: ref.m, e: ref.e })).toBe(0);
      } finally {
        state.close();
      }
    }
  }, 120_000);

  it('exports of a re-delivered file carry only the versions that differ: the one record the provider changed, not every repeated report', async () => {
    const db = await sampleStore(join(tmp.dir, 'redelivered.duckdb'));
    try {
      // the provider's next file repeats every report and changes one
      const reports = JSON.parse(readFileSync(sampleReports('json'), 'utf8')) as Record<string, unknown>[];
      const changed = reports.findIndex((r) => typeof r['days_attended'] === 'number');
      const next = reports.map((r, i) => (i === changed ? { ...r, days_attended: (r['days_attended'] as number) - 1 } : r));
      mkdirSync(join(tmp.dir, 'next', 'final_reports'), { recursive: true });
      const file = join(tmp.dir, 'next', 'final_reports', 'abschlussberichte_folgemonat.json');
      writeFileSync(file, JSON.stringify(next));
      expect((await ingestPaths(db, { paths: [file], key: KEY }, quietEffects())).map((r) => r.status)).toEqual(['success']);
      expect(await db.scalar('SELECT count(*) FROM raw.final_reports WHERE NOT _current')).toBe(reports.length);
      const dir = join(tmp.dir, 'export-redelivered');
      await exportData(db, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
      const history = await db.json<{ days: number }>(`SELECT days_attended AS days FROM read_parquet('${join(dir, 'raw', 'final_reports_history.parquet')}')`);
      expect(history).toEqual([{ days: reports[changed]!['days_attended'] }]);
    } finally {
      db.close();
    }
  });

  it('a Jobcenter that exports again replaces its earlier export at the state: a person erased there leaves the state too', async () => {
    const jc = jobcenters[0]!;
    const path = join(tmp.dir, `jc-again-${jc}.duckdb`);
    await union.checkpoint();
    writeFileSync(path, readFileSync(join(tmp.dir, 'union.duckdb')));
    const own = await openStore(path);
    const state = await openStore(join(tmp.dir, 'state-again.duckdb'));
    const kinds = ['participations', 'final_reports', 'attendance', 'outcomes'];
    const current = async (db: Db, kind: string, person?: string) =>
      db.scalar(`SELECT count(*) FROM raw.${kind} WHERE _current${person ? ' AND participant_id = $person' : ''}`, person ? { person } : {});
    try {
      await keepOnlyJobcenter(own, jc);
      const first = join(tmp.dir, 'export-again-1');
      await exportData(own, { format: 'parquet', outDir: first, key: KEY }, quietEffects(new Date('2026-10-01T08:00:00Z')));
      await importExport(state, { dir: first, key: KEY }, quietEffects());
      // erased at the Jobcenter (almp forget deletes every version of the person's records)
      const person = (await own.json<{ p: string }>(
        `SELECT p.participant_id AS p FROM raw.participations p JOIN raw.final_reports r USING (participant_id) ORDER BY 1 LIMIT 1`,
      ))[0]!.p;
      for (const kind of kinds) await own.run(`DELETE FROM raw.${kind} WHERE participant_id = $person`, { person });
      const second = join(tmp.dir, 'export-again-2');
      await exportData(own, { format: 'parquet', outDir: second, key: KEY }, quietEffects(new Date('2026-10-02T08:00:00Z')));
      const effects = quietEffects();
      await importExport(state, { dir: second, key: KEY }, effects);
      for (const kind of kinds) {
        expect(await current(state, kind, person), kind).toBe(0);
        expect(await current(state, kind), kind).toBe(await current(own, kind));
      }
      expect(effects.lines.join('\n')).toMatch(/participations\.parquet: [\d.]+ rows loaded, 1 row of this instance's earlier export no longer in it \(retired\)/);
      // the same export again changes nothing; the earlier one is refused, not loaded over the later one
      expect((await importExport(state, { dir: second, key: KEY }, quietEffects())).every((r) => r.status === 'skipped')).toBe(true);
      await expect(importExport(state, { dir: first, key: KEY }, quietEffects())).rejects.toThrow(/older than the export of this instance already loaded .*Nothing of it was loaded/);
      for (const kind of kinds) expect(await current(state, kind), kind).toBe(await current(own, kind));
    } finally {
      own.close();
      state.close();
    }
  }, 120_000);

  it('a copied database exports as another instance: its export does not replace the original export at the state', async () => {
    const original = join(tmp.dir, 'instance-original.duckdb');
    await union.checkpoint();
    writeFileSync(original, readFileSync(join(tmp.dir, 'union.duckdb')));
    const first = await openStore(original);
    await exportData(first, { format: 'parquet', outDir: join(tmp.dir, 'export-original'), key: KEY }, quietEffects());
    await first.checkpoint();
    first.close();
    // a new Jobcenter instance set up from a copy of an existing one's database file
    const copy = join(tmp.dir, 'instance-copy.duckdb');
    writeFileSync(copy, readFileSync(original));
    const second = await openStore(copy);
    await exportData(second, { format: 'parquet', outDir: join(tmp.dir, 'export-copy'), key: KEY }, quietEffects());
    second.close();
    const instanceOf = (dir: string) => (JSON.parse(readFileSync(join(tmp.dir, dir, MANIFEST_FILE), 'utf8')) as { instance: string }).instance;
    expect(instanceOf('export-copy')).not.toBe(instanceOf('export-original'));
    // the original keeps its identity
    const again = await openStore(original);
    await exportData(again, { format: 'parquet', outDir: join(tmp.dir, 'export-original-2'), key: KEY }, quietEffects());
    again.close();
    expect(instanceOf('export-original-2')).toBe(instanceOf('export-original'));
  }, 120_000);

  it("declares the records' cut-off, not an earlier build's as-of: an instance built at 30.06. and fed since holds its later events", async () => {
    await union.checkpoint();
    const path = join(tmp.dir, 'built-earlier.duckdb');
    writeFileSync(path, readFileSync(join(tmp.dir, 'union.duckdb')));
    const own = await openStore(path);
    try {
      await buildModels(own, { asOf: '2026-06-30' }, quietEffects());
      const dir = join(tmp.dir, 'export-built-earlier');
      // exported on a day after the samples' last event (an event after the export's day is left out as a typing error)
      await exportData(own, { format: 'parquet', outDir: dir, key: KEY }, quietEffects(new Date('2026-12-03T12:00:00Z')));
      const latest = await own.json<{ d: string }>(
        `SELECT CAST(max(d) AS VARCHAR) AS d FROM (
           SELECT greatest(referral_date, entry_date, exit_date) AS d FROM raw.participations WHERE _current
           UNION ALL SELECT report_date FROM raw.final_reports WHERE _current
           UNION ALL SELECT status_date FROM raw.outcomes WHERE _current)`,
      );
      expect(latest[0]!.d > '2026-06-30').toBe(true);
      expect((JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest).asOf).toBe(latest[0]!.d);
    } finally {
      own.close();
    }
  }, 120_000);

  it('warns when a Jobcenter arrives from two instances: the export loaded last wins where both hold a record', async () => {
    const jc = jobcenters[1]!;
    await union.checkpoint();
    const dirs: string[] = [];
    for (const name of ['old-instance', 'new-instance']) {
      const path = join(tmp.dir, `jc-${name}.duckdb`);
      writeFileSync(path, readFileSync(join(tmp.dir, 'union.duckdb')));
      const own = await openStore(path);
      await keepOnlyJobcenter(own, jc);
      dirs.push(join(tmp.dir, `export-${name}`));
      await exportData(own, { format: 'parquet', outDir: dirs.at(-1)!, key: KEY }, quietEffects());
      own.close();
    }
    const state = await openStore(join(tmp.dir, 'state-twice.duckdb'));
    try {
      const first = quietEffects();
      await importExport(state, { dir: dirs[0]!, key: KEY }, first);
      expect(first.warnings).toEqual([]);
      const second = quietEffects();
      await importExport(state, { dir: dirs[1]!, key: KEY }, second);
      const firstInstance = (JSON.parse(readFileSync(join(dirs[0]!, MANIFEST_FILE), 'utf8')) as Manifest).instance!.slice(0, 8);
      expect(second.warnings.join('\n')).toContain(`Jobcenter ${jc} is also in the export of another instance loaded here (export-old-instance [instance ${firstInstance}])`);
    } finally {
      state.close();
    }
  }, 120_000);

  it('says when its core and mart tables are missing or older than the records it exports', async () => {
    const extra = join(tmp.dir, 'jobcenters-extra.csv');
    writeFileSync(extra, 'jobcenter_id;name;type;state;region\n06499;Jobcenter Test;gE;Hessen;Test\n');
    // never built: raw records only
    const fresh = await openStore(join(tmp.dir, 'never-built.duckdb'));
    try {
      await ingestPaths(fresh, { paths: [extra], kind: 'jobcenters', key: KEY }, quietEffects());
      const effects = quietEffects();
      await exportData(fresh, { format: 'parquet', outDir: join(tmp.dir, 'export-never-built'), key: KEY }, effects);
      expect(effects.warnings.join('\n')).toContain('No models have been built here: the export holds the raw records only');
    } finally {
      fresh.close();
    }
    // built, then a file ingested after the build
    const path = join(tmp.dir, 'stale.duckdb');
    await union.checkpoint();
    writeFileSync(path, readFileSync(join(tmp.dir, 'union.duckdb')));
    const stale = await openStore(path);
    try {
      const current = quietEffects();
      await exportData(stale, { format: 'parquet', outDir: join(tmp.dir, 'export-current'), key: KEY }, current);
      expect(current.warnings).toEqual([]);
      await ingestPaths(stale, { paths: [extra], kind: 'jobcenters', key: KEY }, quietEffects());
      const effects = quietEffects();
      await exportData(stale, { format: 'parquet', outDir: join(tmp.dir, 'export-stale'), key: KEY }, effects);
      expect(effects.warnings.join('\n')).toContain('The core and mart tables are from the build before the last ingest');
    } finally {
      stale.close();
    }
  }, 120_000);

  it('an export is Hive-partitioned by year and Jobcenter and refuses a state instance with another key', async () => {
    const dir = join(tmp.dir, 'export-union');
    const said = quietEffects();
    await exportData(union, { format: 'parquet', outDir: dir, key: KEY }, said);
    // its figures as ingest and status print them: 1.423 rows, not 1423
    expect(said.lines.find((l) => l.trimStart().startsWith('raw.attendance '))).toMatch(/^ {2}raw\.attendance +\d{1,3}\.\d{3} rows {2}success$/);
    const partitions = readdirSync(join(dir, 'mart', 'indicator_values'));
    expect(partitions.every((p) => /^year=\d{4}$/.test(p))).toBe(true);
    const jcPartitions = new Set(partitions.flatMap((year) => readdirSync(join(dir, 'mart', 'indicator_values', year))));
    for (const jc of jobcenters) expect(jcPartitions).toContain(`jobcenter_id=${jc}`);
    const rows = await union.scalar(`SELECT count(*) FROM read_parquet($glob, hive_partitioning = true)`, { glob: join(dir, 'mart', 'indicator_values', '**', '*.parquet') });
    expect(rows).toBe(await union.scalar('SELECT count(*) FROM mart.indicator_values'));
    const other = await openStore(join(tmp.dir, 'other-key.duckdb'));
    try {
      const otherKey = Buffer.from('a-different-key-9876543210');
      const refused = importExport(other, { dir, key: otherKey, keyLocation: '/state/almp.key' }, quietEffects());
      // both fingerprints and where this instance's key comes from: a state without the state-wide key made a new one
      await expect(refused).rejects.toThrow(
        `was pseudonymised with a different key (fingerprint ${keyFingerprint(KEY)}) than the key configured here (/state/almp.key, fingerprint ${keyFingerprint(otherKey)})`,
      );
      await expect(refused).rejects.toMatchObject({ hint: expect.stringMatching(/state-wide key here \(ALMP_PSEUDONYM_KEY or --key-file\)/) });
      expect(await other.scalar('SELECT count(*) FROM raw.participations')).toBe(0);
    } finally {
      other.close();
    }
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
    expect(manifest.format).toBe('parquet');
    // each table says what it is and which columns of which type it holds: the folder travels without the code
    const doc = (name: string) => manifest.tables.find((t) => t.name === name)!;
    expect(doc('core.participations').description).toMatch(/^one row per participation in force/);
    expect(doc('core.participations').grain).toBe('(participant_id, measure_id, referral_date).');
    expect(doc('core.participations').columns).toEqual(expect.arrayContaining([{ name: 'participant_id', type: 'VARCHAR' }, { name: 'exit_date', type: 'DATE' }]));
    expect(doc('mart.indicator_values').columns!.map((c) => c.name)).toEqual([
      'indicator', 'period_type', 'period', 'jobcenter_id', 'provider_id', 'instrument', 'measure_id', 'breakdown',
      'numerator', 'denominator', 'value', 'ci_low', 'ci_high', 'suppressed', 'provisional', 'as_of', 'instance_id',
    ]);
    // the numbers of this instance's input files and rows stay here: file 7 is another file in every instance
    for (const table of ['core.participations', 'core.final_reports']) {
      expect(await union.scalar(`SELECT count(*) FROM (DESCRIBE ${table}) WHERE column_name LIKE '%file_id'`), table).toBe(2);
      expect(doc(table).columns!.map((c) => c.name).filter((c) => c.endsWith('file_id') || c.endsWith('_row')), table).toEqual([]);
    }
    const instances = await union.json<{ i: string }>(`SELECT DISTINCT instance_id AS i FROM read_parquet($glob, hive_partitioning = true)`, {
      glob: join(dir, 'mart', 'indicator_values', '**', '*.parquet'),
    });
    expect(instances).toEqual([{ i: manifest.instance }]);
    const raw = doc('raw.final_reports');
    expect(raw.description).toContain('without provider free text');
    expect(raw.columns!.map((c) => c.name)).not.toContain('reason_text');
    for (const table of manifest.tables) expect(table.columns?.length ?? 0, table.name).toBeGreaterThan(0);
    // the files hold the types the manifest names (a HUGEINT count was written as DOUBLE: Spark and pandas read 12.0)
    for (const table of manifest.tables) {
      const files = table.path.endsWith('.parquet') ? join(dir, table.path) : join(dir, table.path, '**', '*.parquet');
      const written = await union.json<{ name: string; type: string }>(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_parquet($files, hive_partitioning = false))`, { files });
      const named = new Map(table.columns!.map((c) => [c.name, c.type]));
      expect(written.map((c) => `${c.name} ${c.type}`), table.name).toEqual(written.map((c) => `${c.name} ${named.get(c.name)}`));
    }
  });

  it('exports no provider free text, only under the key the data were made with, and an incomplete copy loads nothing', async () => {
    const dir = join(tmp.dir, 'export-checked');
    await expect(exportData(union, { format: 'parquet', outDir: dir, key: Buffer.from('a-different-key-9876543210') }, quietEffects())).rejects.toThrow(/not the key this database was filled with/);
    await exportData(union, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
    const file = join(dir, 'raw', 'final_reports.parquet');
    const exported = (await union.json<{ name: string }>('SELECT name FROM parquet_schema($file)', { file })).map((r) => r.name);
    expect(exported).toContain('outcome');
    expect(exported).not.toContain('reason_text');
    expect(exported).not.toContain('follow_up_recommendation');
    expect(await union.scalar("SELECT count(*) FROM raw.final_reports WHERE _current AND reason_text <> ''")).toBeGreaterThan(0);
    // the corrected report's first version goes out too, as bare as the records in force
    const history = join(dir, 'raw', 'final_reports_history.parquet');
    expect(await union.scalar('SELECT count(*) FROM read_parquet($history)', { history })).toBe(1);
    expect((await union.json<{ name: string }>('SELECT name FROM parquet_schema($history)', { history })).map((r) => r.name)).toEqual(exported);
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { tables: { name: string; rows: number; path: string }[] };
    expect(manifest.tables.every((t) => !t.path.startsWith('/'))).toBe(true);
    // the stored core and mart tables, each whole; no view (computed only under a build's as-of, it came out empty)
    const stored = await union.json<{ name: string }>(
      `SELECT schema_name || '.' || table_name AS name FROM duckdb_tables() WHERE schema_name IN ('core', 'mart') AND database_name = current_database() ORDER BY 1`,
    );
    const exportedModels = manifest.tables.filter((t) => !t.name.startsWith('raw.'));
    expect(exportedModels.map((t) => t.name).sort()).toEqual(stored.map((t) => t.name));
    for (const t of exportedModels) expect(t.rows, t.name).toBe(await union.scalar(`SELECT count(*) FROM ${t.name}`));
    expect(exportedModels.find((t) => t.name === 'core.participations')!.rows).toBeGreaterThan(0);

    // a transfer cut the participations file off: nothing of the export loads
    const bytes = readFileSync(join(dir, 'raw', 'participations.parquet'));
    writeFileSync(join(dir, 'raw', 'participations.parquet'), bytes.subarray(0, bytes.length >> 1));
    rmSync(join(dir, 'raw', 'outcomes.parquet'));
    rmSync(history);
    const state = await openStore(join(tmp.dir, 'state-incomplete.duckdb'));
    try {
      const refused = importExport(state, { dir, key: KEY }, quietEffects());
      await expect(refused).rejects.toThrow(/does not hold what its manifest lists: raw\/participations.parquet cannot be read .*raw\/outcomes.parquet is missing .*raw\/final_reports_history.parquet is missing .*Nothing of it was loaded/);
      expect(await state.scalar('SELECT count(*) FROM meta.files')).toBe(0);
      // an Arrow export is for analysts: said so, not 'nothing new'
      const arrow = join(tmp.dir, 'export-arrow');
      await exportData(union, { format: 'arrow', outDir: arrow, key: KEY }, quietEffects());
      await expect(importExport(state, { dir: arrow, key: KEY }, quietEffects())).rejects.toThrow(/Arrow format, which is for analysts/);
    } finally {
      state.close();
    }
  });

  it('an export stopped midway says it is incomplete: no instance loads it, and the next export replaces it', async () => {
    const dir = join(tmp.dir, 'export-stopped');
    // stopped after the third table, as a kill or a full disk would stop it
    let written = 0;
    const stopping = { ...quietEffects(), progress: () => ({ tick: () => { if (++written === 3) throw new Error('stopped'); }, stop: () => undefined }) };
    await expect(exportData(union, { format: 'parquet', outDir: dir, key: KEY }, stopping)).rejects.toThrow('stopped');
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).incomplete).toBe(true);
    const state = await openStore(join(tmp.dir, 'state-stopped.duckdb'));
    try {
      await expect(importExport(state, { dir, key: KEY }, quietEffects())).rejects.toThrow(/is incomplete: it was stopped or failed while it was written .*Nothing of it was loaded/);
      expect(await state.scalar('SELECT count(*) FROM meta.files')).toBe(0);
      const results = await exportData(union, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
      expect(results.filter((r) => r.status === 'error')).toEqual([]);
      expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')).incomplete).toBeUndefined();
      const loaded = await importExport(state, { dir, key: KEY }, quietEffects());
      expect(loaded.filter((r) => r.status !== 'success')).toEqual([]);
    } finally {
      state.close();
    }
  });

  it('reads only the raw files of the known kinds inside the export: a manifest naming any other table is refused', async () => {
    const dir = join(tmp.dir, 'export-crafted');
    await exportData(union, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
    const manifestPath = join(dir, MANIFEST_FILE);
    const honest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { tables: { name: string; rows: number; path: string }[] };
    // a parquet file outside the export, named through the manifest by a path
    const outside = join(tmp.dir, 'elsewhere', 'raw');
    mkdirSync(outside, { recursive: true });
    cpSync(join(dir, 'raw', 'participations.parquet'), join(outside, 'participations.parquet'));
    const rows = honest.tables.find((t) => t.name === 'raw.participations')!.rows;
    const state = await openStore(join(tmp.dir, 'state-crafted.duckdb'));
    try {
      for (const name of [`raw.../../elsewhere/raw/participations`, 'raw.secrets', 'raw.participations/../outcomes', 'other.participations']) {
        writeFileSync(manifestPath, JSON.stringify({ ...honest, tables: [...honest.tables, { name, rows, path: '' }] }));
        await expect(importExport(state, { dir, key: KEY }, quietEffects()), name).rejects.toThrow(/names a table that is not part of an almp export: .*Nothing of it was loaded/);
      }
      // a raw table this almp does not know may be a newer almp's: the hint says to upgrade here first
      writeFileSync(manifestPath, JSON.stringify({ ...honest, tables: [...honest.tables, { name: 'raw.cases', rows, path: '' }] }));
      await expect(importExport(state, { dir, key: KEY }, quietEffects())).rejects.toMatchObject({ hint: expect.stringMatching(/^If the Jobcenter runs a newer almp than this one, upgrade almp here first/) as unknown as string });
      // a raw file the manifest does not list would load unchecked
      await resignExport(dir, () => ({ ...(honest as Manifest), tables: honest.tables.filter((t) => t.name !== 'raw.outcomes') }));
      await expect(importExport(state, { dir, key: KEY }, quietEffects())).rejects.toThrow(/raw\/outcomes.parquet is not listed in the manifest/);
      // nor does a link from inside the export to a file elsewhere
      writeFileSync(manifestPath, JSON.stringify(honest));
      rmSync(join(dir, 'raw', 'participations.parquet'));
      symlinkSync(join(outside, 'participations.parquet'), join(dir, 'raw', 'participations.parquet'));
      await expect(importExport(state, { dir, key: KEY }, quietEffects())).rejects.toThrow(/raw\/participations.parquet lies outside the export folder/);
      expect(await state.scalar('SELECT count(*) FROM meta.files')).toBe(0);
    } finally {
      state.close();
    }
  });

  it('refuses an export altered after it was written: a raw file changed (same rows), the manifest edited, signed without the key, or unsigned', async () => {
    const dir = join(tmp.dir, 'export-signed');
    await exportData(union, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
    const manifestPath = join(dir, MANIFEST_FILE);
    const honest = readFileSync(manifestPath, 'utf8');
    const manifest = JSON.parse(honest) as Manifest;
    expect(manifest.tables.filter((t) => t.name.startsWith('raw.')).every((t) => /^[0-9a-f]{64}$/.test(t.sha256 ?? ''))).toBe(true);
    const state = await openStore(join(tmp.dir, 'state-signed.duckdb'));
    try {
      const refused = (pattern: RegExp) => expect(importExport(state, { dir, key: KEY }, quietEffects())).rejects.toThrow(pattern);
      // a dropout made of a regular end on the way: as many rows, each value one an ingest takes
      const file = join(dir, 'raw', 'participations.parquet');
      const original = readFileSync(file);
      const altered = join(tmp.dir, 'participations-altered.parquet');
      await union.run(
        `COPY (SELECT * REPLACE (CASE WHEN exit_reason = '01' THEN '07' ELSE exit_reason END AS exit_reason) FROM read_parquet($file)) TO '${altered}' (FORMAT parquet)`,
        { file },
      );
      cpSync(altered, file);
      await refused(/raw\/participations.parquet is not the file the export wrote \(its SHA-256 differs: changed after the export\)/);
      writeFileSync(file, original);
      // the manifest edited by hand (a later time, to replace a newer export)
      writeFileSync(manifestPath, JSON.stringify({ ...manifest, exportedAt: '2030-01-01T00:00:00.000Z' }));
      await refused(/has a manifest that was changed after it was written, or was not signed with the key its fingerprint names/);
      // the fingerprint copied, but signed with another key: made by someone without the state-wide key
      await resignExport(dir, (m) => m, Buffer.from('not-the-state-wide-key-0123456789'));
      expect((JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).keyFingerprint).toBe(keyFingerprint(KEY));
      await refused(/was not signed with the key its fingerprint names/);
      const { signature: _, ...unsigned } = manifest;
      writeFileSync(manifestPath, JSON.stringify(unsigned));
      await refused(/has an unsigned manifest \(written by an almp before 2026-12-06, or its signature was removed\)/);
      expect(await state.scalar('SELECT count(*) FROM meta.files')).toBe(0);
      // as written, it loads
      writeFileSync(manifestPath, honest);
      expect((await importExport(state, { dir, key: KEY }, quietEffects())).every((r) => r.status === 'success')).toBe(true);
    } finally {
      state.close();
    }
  });

  it('takes no provider free text from an export that still carries it (exports before the free-text rule did)', async () => {
    const dir = join(tmp.dir, 'export-old-free-text');
    await exportData(union, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
    // as an export of an older almp wrote it: the final reports with their reason_text and recommendation
    const file = join(dir, 'raw', 'final_reports.parquet');
    const withText = join(tmp.dir, 'final_reports-with-text.parquet');
    await union.run(
      `COPY (SELECT *, 'Herr M. kam alkoholisiert' AS reason_text, 'Suchtberatung' AS follow_up_recommendation FROM read_parquet($file)) TO '${withText}' (FORMAT parquet)`,
      { file },
    );
    cpSync(withText, file);
    await resignExport(dir);
    const state = await openStore(join(tmp.dir, 'state-old-free-text.duckdb'));
    try {
      const loaded = await importExport(state, { dir, key: KEY }, quietEffects());
      expect(loaded.filter((r) => r.status !== 'success')).toEqual([]);
      expect(await state.scalar('SELECT count(*) FROM raw.final_reports')).toBeGreaterThan(0);
      expect(await state.scalar('SELECT count(*) FROM raw.final_reports WHERE reason_text IS NOT NULL OR follow_up_recommendation IS NOT NULL')).toBe(0);
    } finally {
      state.close();
    }
  });

  it('refuses an export whose records an ingest would refuse (raw id, *, unknown code, dates out of range): nothing loads', async () => {
    const dir = join(tmp.dir, 'export-values');
    await exportData(union, { format: 'parquet', outDir: dir, key: KEY }, quietEffects());
    /** Rewrites a kind's file with `replace` (a SELECT * REPLACE list over its rows numbered _n); same row count. */
    const alter = async (kind: string, replace: string) => {
      const file = join(dir, 'raw', `${kind}.parquet`);
      const altered = join(tmp.dir, `${kind}-altered.parquet`);
      await union.run(
        `COPY (SELECT * EXCLUDE (_n) REPLACE (${replace}) FROM (SELECT *, row_number() OVER () AS _n FROM read_parquet($file))) TO '${altered}' (FORMAT parquet)`,
        { file },
      );
      cpSync(altered, file);
    };
    const swap = (column: string, value: string, rows: number) => `CASE WHEN _n <= ${rows} THEN ${value} ELSE ${column} END AS ${column}`;
    await alter('participations', [
      swap('participant_id', `'123A456789'`, 3),
      swap('jobcenter_id', `'*'`, 1),
      swap('exit_reason', `'99'`, 2),
      swap('referral_date', `DATE '2999-01-01'`, 1),
      swap('entry_date', `DATE '1850-01-01'`, 1),
    ].join(', '));
    await alter('final_reports', [swap('measure_id', `'987B654321'`, 2), swap('provider_id', `'0010' || chr(1) || '01'`, 1)].join(', '));
    // signed again as a key holder would: the values are checked all the same
    await resignExport(dir);
    const state = await openStore(join(tmp.dir, 'state-values.duckdb'));
    try {
      const refused = importExport(state, { dir, key: KEY }, quietEffects());
      await expect(refused).rejects.toThrow(/holds values an ingest refuses: .*Nothing of it was loaded/);
      const message = await refused.catch((error: Error) => error.message);
      // the export folder, not the import's copy of its files
      expect(String(message).startsWith(`The export in ${dir} holds values an ingest refuses`)).toBe(true);
      for (const problem of [
        'raw.participations.participant_id: 3 rows (first: row 1): not a pseudonym (64 lowercase hex characters)',
        `raw.participations.jobcenter_id: 1 row (first: row 1): '*' is not a jobcenter_id`,
        'raw.participations.exit_reason: 2 rows (first: row 1): unknown exit reason code',
        'raw.participations.referral_date: 1 row (first: row 1): not a date',
        'raw.participations.entry_date: 1 row (first: row 1): not a date',
        'raw.final_reports.measure_id: 2 rows (first: row 1): looks like a Kundennummer',
        'raw.final_reports.provider_id: 1 row (first: row 1): a provider_id must not hold control characters',
      ]) {
        expect(message).toContain(problem);
      }
      expect(message).not.toMatch(/123A456789|987B654321/);
      expect(await state.scalar('SELECT count(*) FROM meta.files')).toBe(0);
      for (const kind of ['jobcenters', 'participations', 'final_reports']) expect(await state.scalar(`SELECT count(*) FROM raw.${kind}`)).toBe(0);
      // a column an export always holds, missing: its figures would count every row as unknown
      const file = join(dir, 'raw', 'participations.parquet');
      const without = join(tmp.dir, 'participations-without-gender.parquet');
      await union.run(`COPY (SELECT * EXCLUDE (gender) FROM read_parquet($file)) TO '${without}' (FORMAT parquet)`, { file });
      cpSync(without, file);
      await resignExport(dir);
      await expect(importExport(state, { dir, key: KEY }, quietEffects())).rejects.toThrow(/raw\/participations.parquet lacks the column gender/);
    } finally {
      state.close();
    }
  });
});
