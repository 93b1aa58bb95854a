/**
 * A program that is not almp (a DuckDB shell, a BI tool pointed at the live file) holds the
 * database open for writing: every job waits for it and fails. Status said "no writer at the
 * moment" and exited 0 (a review); it now names the process and exits 1 until it lets go.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { quietEffects } from '../../pipelines/effects.ts';
import { publishSnapshot } from '../../pipelines/ops/snapshot.ts';
import { statusExitCode, statusReport } from '../../pipelines/ops/status.ts';
import { printStatus } from '../../pipelines/ops/status-print.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { recordManualRun } from '../../pipelines/schedule/job-ledger.ts';
import { MARTS_BUILT_DDL, modelsVersion } from '../../pipelines/models/marts-version.ts';
import { tempProject, type TempProject } from '../schedule/helpers.ts';

let project: TempProject;
let holder: ChildProcess | undefined;
afterEach(() => {
  holder?.kill('SIGKILL');
  project?.cleanup();
});

/** A plain Node process with the file open read-write through DuckDB, as a DuckDB shell has it. */
async function holdOpen(dbPath: string): Promise<ChildProcess> {
  const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(process.argv[1]); await (await db.connect()).run('SELECT 1');
    process.stdout.write('open\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dbPath], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(line.toString()).toBe('open\n');
  return child;
}

describe('almp status while another program holds the database', () => {
  it('names that process, reads the snapshot, and exits 1 until it lets go', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    await project.withWriter(async (db) => {
      await db.run(MARTS_BUILT_DDL);
      await db.run("INSERT INTO meta.marts_built VALUES ($v, 1, DATE '2026-02-28', TIMESTAMP '2026-03-10 09:00:00')", { v: modelsVersion() });
      await recordManualRun(db, 'models', new Date('2026-03-10T09:30:00Z'), new Date('2026-03-10T09:31:00Z'), []);
      await publishSnapshot(db, { dir: settings.snapshots, keep: 3 }, quietEffects());
    });
    const at = new Date('2026-03-10T10:07:00Z');
    const before = await statusReport(project.config.dbPath, settings, at);
    expect(before.foreignHolder).toBeUndefined();
    const exitBefore = statusExitCode(before);

    holder = await holdOpen(project.config.dbPath);
    const held = await statusReport(project.config.dbPath, settings, at);
    expect(held.writer).toBeUndefined();
    expect(held.foreignHolder?.pid).toBe(holder.pid);
    if (process.platform === 'linux') {
      expect(held.foreignHolder?.program).toBe('node');
      // started a moment ago, not at boot or in 1970
      expect(Math.abs(Date.parse(held.foreignHolder!.since!) - Date.now())).toBeLessThan(120_000);
    }
    expect(held.ledgerSource).toBe('snapshot');
    expect(statusExitCode(held)).toBe(1);
    const said = quietEffects();
    printStatus(held, settings.timezone, said);
    expect(said.lines).not.toContain('  no writer at the moment');
    expect(said.lines.find((l) => l.startsWith('  HELD by'))).toMatch(new RegExp(`^  HELD by pid ${holder.pid} \\(node\\) since .*not almp.*kill ${holder.pid}.*status exits 1 meanwhile$`));

    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const after = await statusReport(project.config.dbPath, settings, at);
    expect(after.foreignHolder).toBeUndefined();
    expect(after.ledgerSource).toBe('live');
    expect(statusExitCode(after)).toBe(exitBefore);
  });
});
