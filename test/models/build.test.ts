/**
 * The model runner: dependency order, one transaction (a failing model leaves the old marts),
 * per-run log, as-of default, disclosure threshold, and `almp check` (read-only).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels, buildProject } from '../../pipelines/models/build.ts';
import ExcelJS from 'exceljs';
import { runChecks } from '../../pipelines/models/check.ts';
import { discoverProject, referencedRelations, SQL_DIR } from '../../pipelines/models/discover.ts';
import { dependants, topologicalOrder } from '../../pipelines/models/graph.ts';
import { loadHandChecked } from '../fixtures/hand-checked/fixture.ts';
import { buildHandChecked, type Built } from './helpers.ts';
import { loadPlainWorkbook } from '../helpers/plain-workbook.ts';

describe('dependency graph', () => {
  it('reads dependencies from relation names, not from macro calls or comments', () => {
    const sql = `-- reads core.ignored\nCREATE OR REPLACE TABLE mart.x AS SELECT core.slice(1, a) FROM core.participations JOIN staging.measures USING (m)`;
    expect(referencedRelations(sql)).toEqual(['core.participations', 'mart.x', 'staging.measures']);
  });

  it('orders models after what they read and finds what depends on a failure', () => {
    const nodes = [
      { name: 'mart.b', dependsOn: ['core.a'] },
      { name: 'core.a', dependsOn: ['staging.s', 'raw.participations'] },
      { name: 'staging.s', dependsOn: [] },
      { name: 'mart.c', dependsOn: ['meta.check_results'] },
      { name: 'checks', dependsOn: ['core.a'], produces: ['meta.check_results'] },
    ];
    expect(topologicalOrder(nodes).map((n) => n.name)).toEqual(['staging.s', 'core.a', 'mart.b', 'checks', 'mart.c']);
    expect([...dependants(nodes, 'core.a')].sort()).toEqual(['checks', 'mart.b', 'mart.c']);
    expect(() => topologicalOrder([{ name: 'core.x', dependsOn: ['core.y'] }, { name: 'core.y', dependsOn: ['core.x'] }])).toThrow(/cycle/);
  });

  it('finds every model of sql/ with a header and a single target', () => {
    const project = discoverProject();
    const names = project.models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['core.participations', 'mart.indicator_values', 'mart.retention_curve', 'mart.dropout_funnel', 'mart.funnel_limits', 'mart.data_quality', 'mart.data_sources']));
    for (const m of project.models.filter((x) => /^(staging|core)\./.test(x.name))) expect(m.sql.trimStart().startsWith('--'), m.name).toBe(true);
    expect(project.checks.length).toBeGreaterThanOrEqual(10);
  });
});

describe('build', () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildHandChecked();
  });
  afterAll(() => built?.close());

  it('logs every model and check of the run in meta', async () => {
    const runs = await built.db.json<{ run_id: number; n: string; ok: string }>(
      "select run_id, count(*) as n, count(*) filter (status = 'success') as ok from meta.model_runs group by run_id",
    );
    expect(runs).toHaveLength(1);
    expect(Number(runs[0]!.n)).toBe(built.result.models.length);
    expect(Number(runs[0]!.ok)).toBe(built.result.models.length);
    expect(await built.db.scalar('select count(*) from meta.check_results')).toBe(built.result.checks.length);
  });

  it('warns about failing error checks; warnings and info are in the summary only', () => {
    expect(built.effects.warnings.some((w) => w.includes('dates_ordered: 1 row — '))).toBe(true);
    expect(built.effects.warnings.some((w) => w.includes('stocks_missing'))).toBe(false); // info only
    // a warning check that finds rows is in the summary, not on a line of its own above it as well
    const warned = built.result.checks.filter((c) => c.severity === 'warning' && c.failing > 0).map((c) => c.name);
    expect(warned.length).toBeGreaterThan(0);
    for (const name of warned) {
      expect(built.effects.warnings.some((w) => w.includes(name)), name).toBe(false);
      expect(built.effects.lines.some((l) => l.includes(name)), name).toBe(true);
    }
  });

  it('applies the configured disclosure threshold', async () => {
    // 3 of 15 dropouts of provider P1 in their first 14 days (2024): suppressed at 5, shown at 3.
    const q = `select suppressed from mart.indicator_values where indicator = 'dropout_phase_share' and breakdown = 'first_14_days'
      and period = '2024' and provider_id = 'P1' and jobcenter_id = '*' and instrument = '*' and measure_id = '*'`;
    expect((await built.db.json<{ suppressed: boolean }>(q))[0]!.suppressed).toBe(true);
    await buildModels(built.db, { asOf: '2025-03-31', suppressionThreshold: 3 }, quietEffects());
    expect((await built.db.json<{ suppressed: boolean }>(q))[0]!.suppressed).toBe(false);
    await buildModels(built.db, { asOf: '2025-03-31' }, quietEffects());
  });

  it('defaults as-of to the latest referral, entry, exit, report or status date', async () => {
    // latest raw event: p38's outcome status of 01.05.2025 (later than p24's exit 15.04.2025)
    const effects = quietEffects();
    const result = await buildModels(built.db, {}, effects);
    expect(result.asOf).toBe('2025-05-01');
    expect(await built.db.scalar("select count(distinct as_of) from mart.indicator_values where as_of = DATE '2025-05-01'")).toBe(1);
    await buildModels(built.db, { asOf: '2025-03-31' }, quietEffects());
  });

  it('warns when a given as-of lies after the latest date in the data, and only then', async () => {
    const after = quietEffects();
    await buildModels(built.db, { asOf: '2025-12-31' }, after);
    expect(after.warnings).toContainEqual(expect.stringMatching(/^--as-of 31\.12\.2025 is after the latest date in the data \(01\.05\.2025\)/));
    const within = quietEffects();
    await buildModels(built.db, { asOf: '2025-03-31' }, within);
    expect(within.warnings.some((w) => w.includes('after the latest date'))).toBe(false);
  });

  it('refuses an as-of before the first referral and keeps the marts (a typo would publish empty figures)', async () => {
    const rows = await built.db.scalar('select count(*) from mart.indicator_values');
    const [{ first }] = (await built.db.json<{ first: string }>('select cast(min(referral_date) as varchar) as first from raw.participations where _current')) as [{ first: string }];
    const dayBefore = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const refused = buildModels(built.db, { asOf: dayBefore }, quietEffects());
    await expect(refused).rejects.toThrow(/is before the first referral in the data/);
    await expect(refused).rejects.toMatchObject({ exitCode: 2 });
    expect(await built.db.scalar('select count(*) from mart.indicator_values')).toBe(rows);
    expect(await built.db.scalar("select count(*) from mart.indicator_values where as_of = DATE '2025-03-31'")).toBe(rows);
    // the first referral day itself is a cut-off (that day's referrals are in force)
    await buildModels(built.db, { asOf: first }, quietEffects());
    await buildModels(built.db, { asOf: '2025-03-31' }, quietEffects());
  });

  it('rejects an as-of that is not a date', async () => {
    await expect(buildModels(built.db, { asOf: '31.03.2025' }, quietEffects())).rejects.toThrow(/not a date/);
  });
});

describe('a failing model', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-models-fail-'));
    db = await Db.open(join(dir, 'almp.duckdb'));
    await bootstrap(db);
    await loadHandChecked(db);
    await buildModels(db, { asOf: '2025-03-31' }, quietEffects());
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rolls the whole build back, marks it error and its dependants not_run', async () => {
    const before = await db.scalar('select count(*) from mart.indicator_values');
    const sqlCopy = join(dir, 'sql');
    cpSync(SQL_DIR, sqlCopy, { recursive: true });
    // break the exit family: every model reading it must not run, the old marts must stay
    writeFileSync(join(sqlCopy, 'core', 'exit_outcomes.sql'), 'CREATE OR REPLACE TABLE core.exit_outcomes AS SELECT no_such_column FROM core.participations');
    const effects = quietEffects();
    const result = await buildProject(db, discoverProject(sqlCopy), { asOf: '2024-06-30' }, effects);
    const status = Object.fromEntries(result.models.map((m) => [m.name, m.status]));
    expect(status['core.exit_outcomes']).toBe('error');
    expect(status['core.ind_exits']).toBe('not_run');
    expect(status['mart.indicator_values']).toBe('not_run');
    expect(status['core.participations']).toBe('success');
    expect(result.models.find((m) => m.name === 'core.exit_outcomes')!.error).toMatch(/no_such_column/);
    expect(effects.warnings.join('\n')).toMatch(/rolled back/);
    // old marts, built with as-of 31.03.2025, are still there and complete
    expect(await db.scalar('select count(*) from mart.indicator_values')).toBe(before);
    expect(await db.scalar("select count(*) from mart.indicator_values where as_of <> DATE '2025-03-31'")).toBe(0);
    expect(await db.scalar("select count(*) from meta.model_runs where status = 'error'")).toBe(1);
  });

  it('runs the checks without changing the database', async () => {
    const effects = quietEffects();
    const before = await db.scalar('select count(*) from meta.check_results');
    const checks = await runChecks(db, { asOf: '2025-03-31' }, effects);
    expect(checks.find((c) => c.name === 'reports_unmatched')).toMatchObject({ severity: 'warning', failing: 2 });
    expect(effects.lines).toContain('Data quality:');
    expect(effects.lines).toContain('Checked as of 31.03.2025.');
    expect(effects.lines.some((l) => l.startsWith('  error: 1 of'))).toBe(true);
    expect(await db.scalar('select count(*) from meta.check_results')).toBe(before);
    expect(await db.scalar("select count(*) from mart.indicator_values where as_of <> DATE '2025-03-31'")).toBe(0);
  });

  it('lists the failing rows of one check, as a table after the summary or as CSV alone', async () => {
    const table = quietEffects();
    await runChecks(db, { asOf: '2025-03-31', show: 'reports_unmatched' }, table);
    const at = table.lines.findIndex((l) => l.startsWith('Failing rows of reports_unmatched'));
    expect(at).toBeGreaterThan(table.lines.indexOf('Data quality:'));
    expect(table.lines.at(-1)).toBe('2 rows');
    const csv = quietEffects();
    await runChecks(db, { asOf: '2025-03-31', show: 'reports_unmatched', format: 'csv' }, csv);
    const csvLines = csv.lines.join('\n').split('\n');
    expect(csvLines).toHaveLength(3);
    expect(csvLines[0]).toMatch(/^[a-z_]+(,[a-z_]+)+$/);
    // the same rows as a workbook for Excel: nothing on the terminal, the bytes on stdout
    const xlsx = quietEffects();
    await runChecks(db, { asOf: '2025-03-31', show: 'reports_unmatched', format: 'xlsx' }, xlsx);
    expect(xlsx.lines).toEqual([]);
    const book = await loadPlainWorkbook(Buffer.concat(xlsx.bytes));
    const sheet = book.getWorksheet('Befunde')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1).join(',')).toBe(csvLines[0]);
    expect(sheet.rowCount).toBe(3);
    for (const format of ['xlsx', 'csv', 'json'] as const) {
      // csv and json printed the human summary with exit 0, though they promise the rows only
      await expect(runChecks(db, { asOf: '2025-03-31', format }, quietEffects())).rejects.toMatchObject({ exitCode: 2, message: `--format ${format} writes the rows of one check: name it with --show.` });
    }
    await expect(runChecks(db, { show: 'no_such_check' }, quietEffects())).rejects.toThrow(/There is no check 'no_such_check'/);
  });

  it('writes the workbook of one check as DuckDB yields the rows, refused before a row is read when they outgrow a sheet', async () => {
    // the whole result read into Node (db.typed) and built in memory: 10^6 rows ran out of memory
    const typed = vi.spyOn(Db.prototype, 'typed');
    const streamed = vi.spyOn(Db.prototype, 'streamTyped');
    const show = { asOf: '2025-03-31', show: 'reports_unmatched', format: 'xlsx' } as const;
    await runChecks(db, show, quietEffects());
    expect([typed.mock.calls.length, streamed.mock.calls.length]).toEqual([0, 1]);
    // one row past a sheet (the fixture has 2: the count is made up), counted in DuckDB
    vi.spyOn(Db.prototype, 'countRows').mockResolvedValue(1_048_576);
    const refused = quietEffects();
    await expect(runChecks(db, show, refused)).rejects.toMatchObject({
      exitCode: 2,
      message: 'The 1.048.576 rows failing reports_unmatched do not fit one worksheet (at most 1.048.575 lines); nothing was written.',
      hint: expect.stringContaining('almp check --show reports_unmatched --format csv > reports_unmatched.csv'),
    });
    expect([typed.mock.calls.length, streamed.mock.calls.length]).toEqual([0, 1]);
    expect(refused.bytes).toEqual([]);
    vi.restoreAllMocks();
  });

  it('asks DuckDB for the failing rows a table shows, and reads no more than it writes', async () => {
    // every failing row was read into Node (db.json) for a table of 200 or a csv of millions
    const json = vi.spyOn(Db.prototype, 'json');
    const typed = vi.spyOn(Db.prototype, 'jsonTyped');
    const shown = () => typed.mock.calls.filter(([sql]) => String(sql).includes('ORDER BY ALL')).map(([sql]) => String(sql));
    const table = quietEffects();
    await runChecks(db, { asOf: '2025-03-31', show: 'reports_unmatched', maxRows: 1 }, table);
    expect(shown()).toEqual([expect.stringMatching(/ORDER BY ALL\n\) LIMIT 2$/)]);
    expect(table.lines.at(-1)).toBe('2 rows (first 1 shown)');
    typed.mockClear();
    for (const format of ['csv', 'json'] as const) await runChecks(db, { asOf: '2025-03-31', show: 'reports_unmatched', format }, quietEffects());
    // a small result in one run with a LIMIT above it, never the old whole read
    expect(shown()).toEqual([expect.stringMatching(/LIMIT 10001$/), expect.stringMatching(/LIMIT 10001$/)]);
    expect(json.mock.calls.filter(([sql]) => String(sql).includes('ORDER BY ALL'))).toEqual([]);
    vi.restoreAllMocks();
  });
});
