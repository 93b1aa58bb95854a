/**
 * Security checks over the whole main job on the bundled samples: no raw id anywhere
 * (database, WAL, snapshot, logs, dashboards, returns, terminal output), the key never
 * leaves its file, which is owner-only; provider free text never reaches an output;
 * `almp doctor` reports a readable key file and a lock left by a dead process.
 */
import ExcelJS from 'exceljs';
import pino from 'pino';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../pipelines/config.ts';
import { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { startCommand } from '../../pipelines/commands/start.ts';
import { doctor } from '../../pipelines/ops/doctor.ts';
import { lockPathFor } from '../../pipelines/ops/writer-lock.ts';
import { defaultSnapshotDir, loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { statusReport } from '../../pipelines/ops/status.ts';
import { SAMPLES, tempDir } from './helpers.ts';

const RAW_ID = /\b\d{3}[A-Z]\d{6}\b/gi;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Text of a workbook: every cell value and formula of every sheet. */
async function workbookText(path: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const parts: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void parts.push(JSON.stringify(cell.value)))));
  return parts.join('\n');
}

/** Every raw participant id in the sample inputs (text files and workbooks). */
async function sampleIds(): Promise<string[]> {
  const ids = new Set<string>();
  for (const file of walk(SAMPLES)) {
    const text = file.endsWith('.xlsx') ? await workbookText(file) : readFileSync(file, 'latin1');
    for (const m of text.matchAll(RAW_ID)) ids.add(m[0].toUpperCase());
  }
  return [...ids];
}

const RUN_AT = new Date('2026-12-03T09:00:00Z');

describe('security of the main job', () => {
  const tmp = tempDir('almp-security-');
  const logFile = join(tmp.dir, 'almp.log');
  let config: Config;
  let terminal: string[];
  let ids: string[];

  beforeAll(async () => {
    ids = await sampleIds();
    config = loadConfig({ db: join(tmp.dir, 'data', 'almp.duckdb') }, {});
    // the clock of a day after both returns of the samples fell due (2026-Q3: 14.10.2026; 2025: 14.01.2026)
    const effects = { ...quietEffects(RUN_AT), log: pino({ level: 'debug' }, pino.destination({ dest: logFile, sync: true })) };
    const code = await startCommand(config, { inbox: SAMPLES, outDir: join(tmp.dir, 'out'), schedule: false }, effects);
    expect(code).toBe(0);
    terminal = [...effects.lines, ...effects.warnings];
  }, 180_000);
  afterAll(() => tmp.cleanup());

  it('records its work as runs of the jobs: `almp status` shows ingest, models and dashboards done and the due returns written', async () => {
    const settings = loadScheduleSettings(undefined, { dataDir: join(tmp.dir, 'data'), cwd: tmp.dir });
    const report = await statusReport(config.dbPath, settings, new Date('2026-12-03T12:00:00Z'));
    const job = (name: string) => report.jobs.find((j) => j.job === name)!;
    for (const name of ['ingest', 'models', 'dashboards', 'quarterly_return', 'annual_return']) expect([name, job(name).lastRun?.status, job(name).lastRun?.trigger]).toEqual([name, 'success', 'manual']);
    expect(job('quarterly_return').due).toMatchObject({ period: '2026-Q3', writtenAt: RUN_AT.toISOString() });
    expect(job('annual_return').due).toMatchObject({ period: '2025', writtenAt: RUN_AT.toISOString() });
  });

  it('leaves no raw participant id in the database, WAL, snapshot, log, outputs or terminal', async () => {
    expect(ids.length).toBeGreaterThan(300);
    const files = [...walk(join(tmp.dir, 'data')), ...walk(join(tmp.dir, 'out')), logFile].filter((f) => !f.endsWith('almp.key'));
    expect(files.some((f) => f.endsWith('.duckdb') && f.includes('snapshots'))).toBe(true);
    expect(files.some((f) => f.endsWith('.xlsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    const texts: [string, string][] = [['terminal', terminal.join('\n')]];
    for (const file of files) texts.push([file, file.endsWith('.xlsx') ? await workbookText(file) : readFileSync(file, 'latin1')]);
    const known = new Set(ids);
    for (const [where, text] of texts) {
      const found = [...text.matchAll(RAW_ID)].map((m) => m[0].toUpperCase()).filter((id) => known.has(id));
      expect(found, `raw ids in ${where}`).toEqual([]);
    }
  });

  it('keeps the key in an owner-only file and never writes it anywhere else', () => {
    expect(statSync(config.keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(config.keyFile, 'utf8').trim();
    for (const file of [...walk(join(tmp.dir, 'data')), ...walk(join(tmp.dir, 'out')), logFile].filter((f) => f !== config.keyFile && !f.endsWith('.xlsx'))) {
      expect(readFileSync(file).includes(Buffer.from(key)), `key in ${file}`).toBe(false);
    }
    expect(terminal.join('\n')).not.toContain(key);
  });

  it('lets no provider free text or markup reach dashboards or returns', async () => {
    const db = await Db.open(config.dbPath, { readOnly: true });
    const texts = (
      await db.json<{ t: string }>(
        `SELECT DISTINCT t FROM (SELECT reason_text AS t FROM raw.final_reports UNION ALL SELECT follow_up_recommendation FROM raw.final_reports) WHERE length(t) >= 12`,
      )
    ).map((r) => r.t);
    db.close();
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.some((t) => t.includes('<script>'))).toBe(true); // the samples do try it
    for (const file of walk(join(tmp.dir, 'out'))) {
      if (file.endsWith('.png')) continue;
      const text = file.endsWith('.xlsx') ? await workbookText(file) : readFileSync(file, 'utf8');
      for (const t of texts) expect(text.includes(t), `provider text ${JSON.stringify(t)} in ${file}`).toBe(false);
      expect(text.includes('<script>alert'), `markup in ${file}`).toBe(false);
    }
  });

  it('doctor reports a key file readable by others and a lock left by a dead process', async () => {
    chmodSync(config.keyFile, 0o644);
    writeFileSync(lockPathFor(config.dbPath), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    try {
      const effects = quietEffects();
      const findings = await doctor(config, { snapshotDir: defaultSnapshotDir(config.dbPath) }, effects);
      const by = Object.fromEntries(findings.map((f) => [f.check, f]));
      expect(by['key']?.severity).toBe('error');
      expect(by['key']?.fix).toContain('chmod 600');
      expect(effects.lines.join('\n')).not.toContain(readFileSync(config.keyFile, 'utf8').trim());
      expect(by['snapshot']?.severity).toBe('ok');
      expect(existsSync(lockPathFor(config.dbPath))).toBe(true);
      expect(by['lock']?.severity).toBe('warning');
      expect(by['lock']?.message).toContain('no longer runs');
    } finally {
      chmodSync(config.keyFile, 0o600);
    }
  });
});
