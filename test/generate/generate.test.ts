/**
 * The generator's output read back with DuckDB's own CSV reader (German dialect), not with
 * our ingest: determinism, referential consistency and the distributions the indicators
 * need. Expected ranges come from the brief and indicators.md, not from the generator.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, ident } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { generate, type GenerateResult } from '../../pipelines/generate/generate.ts';
import { KIND_SPECS, KINDS } from '../../pipelines/schema/kinds.ts';
import { parseWholeNumber } from '../../pipelines/cli/parsers.ts';

const AS_OF = '2026-09-30';
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'almp-gen-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function referenceCodes(file: string): string[] {
  const lines = readFileSync(new URL(`../../sql/reference/${file}`, import.meta.url), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split(',')[0] as string);
}

describe('generate: determinism', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    const said = quietEffects();
    await generate({ participations: 2000, outDir: a, seed: 5 }, said);
    // German figures on the terminal ('2000 rows  0.2 MB' before)
    expect(said.lines.find((l) => l.startsWith('participations'))).toMatch(/^participations +2\.000 rows +0,\d MB  \//);
    await generate({ participations: 2000, outDir: b, seed: 5 }, quietEffects());
    await generate({ participations: 2000, outDir: c, seed: 6 }, quietEffects());
    for (const kind of KINDS) {
      const file = join(kind, `${kind}.csv`);
      expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), kind).toBe(true);
    }
    const other = readFileSync(join(c, 'participations', 'participations.csv'));
    expect(readFileSync(join(a, 'participations', 'participations.csv')).equals(other)).toBe(false);
  });

  it('rejects an impossible as-of date and a non-positive size', async () => {
    await expect(generate({ participations: 10, outDir: tempDir(), asOf: '2026-02-30' }, quietEffects())).rejects.toThrow(/2026-02-30/);
    await expect(generate({ participations: 0, outDir: tempDir() }, quietEffects())).rejects.toThrow(/positive/);
  });

  it('refuses a folder holding other input files (they would be ingested with the generated data), replaces its own files, and takes seed 0', async () => {
    const dir = tempDir();
    await generate({ participations: 20, outDir: dir, seed: 0 }, quietEffects());
    // an earlier run's own files are replaced
    await generate({ participations: 30, outDir: dir, seed: 0 }, quietEffects());
    writeFileSync(join(dir, 'providers', 'traegerverzeichnis.csv'), 'Träger-Nr;Name\n001001;Bildungswerk\n');
    await expect(generate({ participations: 20, outDir: dir }, quietEffects())).rejects.toThrow(/already holds input files the generator does not write \(providers\/traegerverzeichnis\.csv\)/);
    expect(parseWholeNumber('0')).toBe(0);
    expect(() => parseWholeNumber('-1')).toThrow(/positive whole number/);
  });
});

describe('generate: 10^4 participations read back with DuckDB', () => {
  let db: Db;
  let dir: string;
  let result: GenerateResult;
  const num = (sql: string): Promise<number> => db.scalar(sql, sql.includes('$asOf') ? { asOf: AS_OF } : undefined);

  beforeAll(async () => {
    dir = tempDir();
    result = await generate({ participations: 10_000, outDir: dir, seed: 11 }, quietEffects());
    db = await Db.open(':memory:');
    for (const kind of KINDS) {
      await db.run(
        `CREATE TABLE ${ident(kind)} AS SELECT * FROM read_csv($file, delim = ';', header = true, dateformat = '%d.%m.%Y', decimal_separator = ',', auto_type_candidates = ['VARCHAR', 'BIGINT', 'DOUBLE', 'DATE'])`,
        { file: result.files[kind].path },
      );
    }
    // Exit class by the rules of contracts.md (derived planned end, 7-day rule), independent of the generator.
    await db.run(`CREATE VIEW p AS
      SELECT p.*, m.instrument, m.provider_id,
        CASE WHEN exit_date IS NULL THEN NULL
             WHEN exit_reason IN ('01', '02') THEN 'completed'
             WHEN exit_reason IN ('03', '04') THEN 'positive_early_exit'
             WHEN exit_reason = '05' THEN 'transfer'
             WHEN exit_reason IS NOT NULL THEN 'dropout'
             WHEN exit_date < coalesce(p.planned_end, p.entry_date + m.planned_duration_days::INTEGER) - 7 THEN 'dropout'
             ELSE 'completed' END AS cls,
        year(referral_date) - birth_year AS age
      FROM participations p JOIN measures m USING (measure_id)`);
  });
  afterAll(() => db?.close());

  it('writes DIR/<kind>/<kind>.csv with the canonical header, German dates and the requested size', () => {
    expect(readdirSync(dir).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) {
      const text = readFileSync(result.files[kind].path, 'utf8');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text.slice(0, text.indexOf('\n'))).toBe(KIND_SPECS[kind].columns.map((c) => c.name).join(';'));
    }
    expect(result.files.participations.rows).toBe(10_000);
    expect(readFileSync(result.files.participations.path, 'utf8').split('\n')[1]).toMatch(/^\d{3}[A-Z]\d{6};\d{5};\d{5}-\d{4};\d{2}\.\d{2}\.\d{4};/);
  });

  it('reads back every row DuckDB finds, with ids kept as text', async () => {
    for (const kind of KINDS) expect(await num(`SELECT count(*) FROM ${ident(kind)}`), kind).toBe(result.files[kind].rows);
    const types = await db.all<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE measures)`);
    expect(types.find((t) => t.column_name === 'jobcenter_id')?.column_type).toBe('VARCHAR');
    expect(types.find((t) => t.column_name === 'provider_id')?.column_type).toBe('VARCHAR');
    expect(await num(`SELECT count(*) FROM jobcenters WHERE jobcenter_id LIKE '0%'`)).toBeGreaterThan(0);
  });

  it('is referentially consistent', async () => {
    expect(await num(`SELECT count(*) FROM jobcenters`)).toBeGreaterThanOrEqual(2);
    expect(await num(`SELECT count(DISTINCT type) FROM jobcenters`)).toBe(2);
    expect(await num(`SELECT count(*) FROM measures m ANTI JOIN providers USING (provider_id)`)).toBe(0);
    expect(await num(`SELECT count(*) FROM measures m ANTI JOIN jobcenters USING (jobcenter_id)`)).toBe(0);
    expect(await num(`SELECT count(*) FROM participations p LEFT JOIN measures m USING (measure_id) WHERE m.jobcenter_id IS DISTINCT FROM p.jobcenter_id`)).toBe(0);
    // Every report names its measure's provider (unmatched ones differ in person or entry date only).
    expect(await num(`SELECT count(*) FROM final_reports r LEFT JOIN measures m USING (measure_id) WHERE m.provider_id IS DISTINCT FROM r.provider_id`)).toBe(0);
    expect(await num(`SELECT count(*) FROM attendance a LEFT JOIN measures m USING (measure_id) WHERE m.provider_id IS DISTINCT FROM a.provider_id`)).toBe(0);
    expect(await num(`SELECT count(*) FROM attendance a ANTI JOIN (SELECT * FROM participations WHERE entry_date IS NOT NULL) p USING (participant_id, measure_id)`)).toBe(0);
    expect(await num(`SELECT count(*) FROM outcomes o ANTI JOIN participations p USING (participant_id, jobcenter_id)`)).toBe(0);
    expect(await num(`SELECT count(*) FROM participations WHERE entry_date < referral_date OR exit_date < entry_date OR (exit_date IS NULL AND exit_reason IS NOT NULL) OR (entry_date IS NULL AND exit_date IS NOT NULL)`)).toBe(0);
  });

  it('keeps every record key unique and nothing dated after as-of', async () => {
    const keys: Record<string, string> = {
      participations: 'participant_id, measure_id, referral_date',
      final_reports: 'provider_id, measure_id, upper(trim(participant_id)), entry_date',
      attendance: 'measure_id, participant_id, month',
      jobcenter_stocks: 'jobcenter_id, month',
      outcomes: 'participant_id, status_date',
      measures: 'measure_id',
      providers: 'provider_id',
    };
    for (const [kind, key] of Object.entries(keys)) {
      expect(await num(`SELECT count(*) FROM (SELECT ${key} FROM ${ident(kind)} GROUP BY ALL HAVING count(*) > 1)`), kind).toBe(0);
    }
    const late = [
      `SELECT count(*) FROM participations WHERE greatest(referral_date, entry_date, exit_date) > $asOf::DATE`,
      `SELECT count(*) FROM final_reports WHERE greatest(report_date, exit_date, debriefing_date, jobcenter_informed_date) > $asOf::DATE`,
      `SELECT count(*) FROM outcomes WHERE status_date > $asOf::DATE`,
      `SELECT count(*) FROM attendance WHERE month > '2026-09'`,
    ];
    for (const sql of late) expect(await num(sql), sql).toBe(0);
  });

  it('runs participations within their measure\'s contract, a few over it (an extension not yet recorded), and fills places without overbooking', async () => {
    // purchasing refers people so that their planned stay ends within the contract; the
    // participation_outside_contract check should find a few, not a fifth (21 % before)
    const outside = await num(
      `SELECT avg((p.entry_date < m.contract_start OR coalesce(p.exit_date, $asOf::DATE) > m.contract_end)::INT)
       FROM participations p JOIN measures m USING (measure_id) WHERE p.entry_date IS NOT NULL`,
    );
    expect(outside).toBeGreaterThan(0.002);
    expect(outside).toBeLessThan(0.05);
    // participant-days against place-days of the contract over the data's span: a lot is rarely full
    const overbooked = await num(
      `WITH days AS (
         SELECT m.measure_id, any_value(m.places) AS places,
           sum(least(coalesce(p.exit_date, $asOf::DATE), m.contract_end, $asOf::DATE) - greatest(p.entry_date, m.contract_start) + 1) AS used,
           any_value(least(m.contract_end, $asOf::DATE) - greatest(m.contract_start, DATE '2023-10-01') + 1) AS span
         FROM participations p JOIN measures m USING (measure_id)
         WHERE p.entry_date IS NOT NULL AND least(coalesce(p.exit_date, $asOf::DATE), m.contract_end) >= greatest(p.entry_date, m.contract_start)
         GROUP BY ALL)
       SELECT avg((used > places * span)::INT) FROM days WHERE span > 0`,
    );
    expect(overbooked).toBeLessThan(0.02);
  });

  it('has one stock row per Jobcenter and month over three years, with activation rates of 10–25 %', async () => {
    expect(await num(`SELECT count(DISTINCT month) FROM jobcenter_stocks`)).toBe(36);
    expect(await num(`SELECT count(*) FROM jobcenter_stocks`)).toBe(36 * (await num(`SELECT count(*) FROM jobcenters`)));
    const rates = await db.all<{ elb: number; aq1: number }>(`
      WITH months AS (SELECT jobcenter_id, month, last_day(strptime(month, '%Y-%m'))::DATE AS d, elb, unemployed FROM jobcenter_stocks WHERE month >= '2024-10'),
      active AS (
        SELECT s.jobcenter_id, s.month, count(DISTINCT p.participant_id) AS n, any_value(s.elb) AS elb, any_value(s.unemployed) AS unemployed
        FROM months s JOIN p ON p.jobcenter_id = s.jobcenter_id AND p.instrument <> '16k' AND p.entry_date <= s.d AND coalesce(p.exit_date, s.d) >= s.d
        GROUP BY ALL)
      SELECT avg(n / elb) AS elb, avg(n / (n + unemployed)) AS aq1 FROM active`);
    expect(rates[0]!.elb).toBeGreaterThan(0.1);
    expect(rates[0]!.elb).toBeLessThan(0.25);
    expect(rates[0]!.aq1).toBeGreaterThan(0.1);
    expect(rates[0]!.aq1).toBeLessThan(0.25);
  });

  it('has realistic exit classes, no-shows and case-mix effects', async () => {
    const dropout = await num(`SELECT avg((cls = 'dropout')::INT) FROM p WHERE exit_date IS NOT NULL`);
    expect(dropout).toBeGreaterThan(0.2);
    expect(dropout).toBeLessThan(0.3);
    const noShow = await num(`SELECT avg((entry_date IS NULL)::INT) FROM p WHERE referral_date + 42 <= $asOf::DATE`);
    expect(noShow).toBeGreaterThan(0.08);
    expect(noShow).toBeLessThan(0.18);
    const positive = await num(`SELECT avg((cls = 'positive_early_exit')::INT) FROM p WHERE exit_date IS NOT NULL`);
    expect(positive).toBeGreaterThan(0.05);
    expect(positive).toBeLessThan(0.2);
    expect(await num(`SELECT count(*) FROM p WHERE cls = 'transfer'`)).toBeGreaterThan(50);
    expect(await num(`SELECT count(*) FROM p WHERE entry_date IS NOT NULL AND exit_date IS NULL`)).toBeGreaterThan(500);
    expect(await num(`SELECT count(*) FROM p WHERE entry_date > referral_date + 42`)).toBeGreaterThan(50);
    expect(await num(`SELECT count(*) FROM p WHERE exit_date IS NOT NULL AND exit_reason IS NULL`)).toBeGreaterThan(50);
    const rate = (where: string): Promise<number> => num(`SELECT avg((cls = 'dropout')::INT) FROM p WHERE exit_date IS NOT NULL AND ${where}`);
    expect((await rate('age < 25')) - (await rate('age BETWEEN 25 AND 49'))).toBeGreaterThan(0.05);
    expect((await rate('long_term_unemployed = 1')) - (await rate('long_term_unemployed = 0'))).toBeGreaterThan(0.03);
    const instruments = await db.all<{ instrument: string }>(`SELECT DISTINCT instrument FROM p WHERE entry_date IS NOT NULL ORDER BY 1`);
    expect(instruments.map((i) => i.instrument)).toEqual(referenceCodes('instruments.csv').sort());
    expect(await num(`SELECT count(DISTINCT funding) FROM measures`)).toBe(4);
    // Some people in two measures, some with two episodes in one measure.
    expect(await num(`SELECT count(*) FROM (SELECT participant_id FROM participations GROUP BY 1 HAVING count(DISTINCT measure_id) > 1)`)).toBeGreaterThan(20);
    expect(await num(`SELECT count(*) FROM (SELECT participant_id, measure_id FROM participations GROUP BY ALL HAVING count(*) > 1)`)).toBeGreaterThan(20);
  });

  it('has final reports that are mostly on time, sometimes late, missing, unmatched or conflicting', async () => {
    await db.run(`CREATE VIEW matched AS
      SELECT r.*, p.cls, p.exit_date AS jc_exit FROM final_reports r
      JOIN p ON upper(trim(r.participant_id)) = p.participant_id AND r.measure_id = p.measure_id AND r.entry_date = p.entry_date`);
    const exits = await num(`SELECT count(*) FROM p WHERE exit_date IS NOT NULL`);
    const reported = await num(`SELECT count(DISTINCT (participant_id, measure_id, entry_date)) FROM matched WHERE jc_exit IS NOT NULL`);
    expect(reported / exits).toBeGreaterThan(0.6);
    expect(reported / exits).toBeLessThan(0.95);
    const late = await num(`SELECT avg((report_date > jc_exit + 14)::INT) FROM matched WHERE jc_exit IS NOT NULL`);
    expect(late).toBeGreaterThan(0.1);
    expect(late).toBeLessThan(0.5);
    const reports = await num(`SELECT count(*) FROM final_reports WHERE outcome IS DISTINCT FROM 'no_show'`);
    const unmatched = reports - (await num(`SELECT count(*) FROM matched WHERE outcome IS DISTINCT FROM 'no_show'`));
    expect(unmatched / reports).toBeGreaterThan(0.002);
    expect(unmatched / reports).toBeLessThan(0.03);
    const conflicts = await num(`SELECT avg((outcome <> cls)::INT) FROM matched WHERE cls IN ('completed', 'dropout', 'positive_early_exit') AND outcome IS NOT NULL`);
    expect(conflicts).toBeGreaterThan(0.01);
    expect(conflicts).toBeLessThan(0.08);
    expect(await num(`SELECT count(*) FROM matched WHERE jc_exit IS NULL AND exit_date IS NOT NULL`)).toBeGreaterThan(0);
    expect(await num(`SELECT count(*) FROM matched WHERE cls = 'dropout' AND jobcenter_informed_date < jc_exit`)).toBeGreaterThan(50);
    expect(await num(`SELECT count(*) FROM final_reports WHERE outcome = 'no_show'`)).toBeGreaterThan(50);
  });

  it('uses only catalogue codes for dropout reasons and goals, and every goal status occurs for dropouts too', async () => {
    const reasons = await db.all<{ code: string }>(`SELECT DISTINCT unnest(string_split(dropout_reasons, '|')) AS code FROM final_reports`);
    const allowedReasons = referenceCodes('dropout_reasons.csv');
    for (const r of reasons) expect(allowedReasons).toContain(r.code);
    const goals = await db.all<{ code: string; status: string; outcome: string }>(`
      SELECT DISTINCT split_part(g, ':', 1) AS code, split_part(g, ':', 2) AS status, outcome
      FROM (SELECT unnest(string_split(goals, '|')) AS g, outcome FROM final_reports)`);
    const allowedGoals = referenceCodes('goal_codes.csv');
    for (const g of goals) expect(allowedGoals).toContain(g.code);
    const dropoutStatuses = new Set(goals.filter((g) => g.outcome === 'dropout').map((g) => g.status));
    expect([...dropoutStatuses].sort()).toEqual(['achieved', 'not_achieved', 'open', 'partial']);
    expect(await num(`SELECT count(*) FROM final_reports WHERE reason_text LIKE '%' || chr(10) || '%'`)).toBeGreaterThan(0);
    expect(await num(`SELECT count(*) FROM final_reports WHERE reason_text = '=SUM(A1)' OR reason_text LIKE '<script>%'`)).toBeGreaterThan(0);
  });

  it('has monthly attendance of about 20 planned days with some people at risk', async () => {
    const planned = await num(`
      SELECT avg(a.days_planned) FROM attendance a JOIN p USING (participant_id, measure_id)
      WHERE strftime(p.entry_date, '%Y-%m') < a.month AND strftime(coalesce(p.exit_date, DATE '2999-01-01'), '%Y-%m') > a.month`);
    expect(planned).toBeGreaterThan(19);
    expect(planned).toBeLessThan(23);
    expect(await num(`SELECT count(*) FROM attendance WHERE days_present + days_excused + days_unexcused + days_sick <> days_planned`)).toBe(0);
    const atRisk = await num(`SELECT avg((days_present < 0.8 * days_planned OR days_unexcused >= 3)::INT) FROM attendance WHERE days_planned >= 15`);
    expect(atRisk).toBeGreaterThan(0.03);
    expect(atRisk).toBeLessThan(0.35);
  });

  it('has outcome events before and after the 28- and 182-day points, and people with none', async () => {
    const statuses = await db.all<{ status: string }>(`
      SELECT DISTINCT arg_max(o.status, o.status_date) AS status FROM p JOIN outcomes o USING (participant_id)
      WHERE p.exit_date + 182 <= $asOf::DATE AND o.status_date <= p.exit_date + 182 GROUP BY p.participant_id, p.measure_id, p.referral_date`, { asOf: AS_OF });
    expect(statuses.length).toBeGreaterThanOrEqual(7);
    expect(await num(`SELECT count(*) FROM p JOIN outcomes o USING (participant_id) WHERE o.status_date BETWEEN p.exit_date AND p.exit_date + 28`)).toBeGreaterThan(1000);
    expect(await num(`SELECT count(*) FROM p JOIN outcomes o USING (participant_id) WHERE o.status_date > p.exit_date + 182`)).toBeGreaterThan(500);
    expect(await num(`SELECT count(*) FROM p JOIN outcomes o USING (participant_id) WHERE o.status_date < p.exit_date`)).toBeGreaterThan(0);
    expect(await num(`SELECT count(*) FROM p ANTI JOIN outcomes USING (participant_id) WHERE p.exit_date IS NOT NULL`)).toBeGreaterThan(500);
    expect(await num(`SELECT count(*) FROM outcomes WHERE subsidised = 1`)).toBeGreaterThan(0);
  });
});
