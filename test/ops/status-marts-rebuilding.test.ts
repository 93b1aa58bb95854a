/**
 * While a writer holds the database, status reads the marts' version from the last snapshot,
 * the older version's. During the scheduler's rebuild at start after an upgrade it told the
 * operator to run `almp run` and exited 1 while that very build ran (a review of 98302b0).
 * With the scheduler running it says the scheduler rebuilds them (exit 1 still: a failed
 * rebuild cannot be told from a running one then); without one, the advice stays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { quietEffects } from '../../pipelines/effects.ts';
import { publishSnapshot } from '../../pipelines/ops/snapshot.ts';
import { statusExitCode, statusReport } from '../../pipelines/ops/status.ts';
import { printStatus } from '../../pipelines/ops/status-print.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { recordStart } from '../../pipelines/schedule/job-ledger.ts';
import { tryAcquire } from '../../pipelines/ops/writer-lock.ts';
import { MARTS_BUILT_DDL } from '../../pipelines/models/marts-version.ts';
import { tempProject, type TempProject } from '../schedule/helpers.ts';

let project: TempProject;
afterEach(() => project?.cleanup());

describe('status while the rebuild after an upgrade runs', () => {
  it('does not send the operator to almp run while the build holds the writer', async () => {
    project = tempProject();
    const settings = loadScheduleSettings(undefined, { dataDir: join(project.dir, 'data'), cwd: project.dir });
    await project.withWriter(async (db) => {
      await db.run('CREATE TABLE mart.indicator_values (indicator VARCHAR, period VARCHAR, jobcenter_id VARCHAR, provider_id VARCHAR, instrument VARCHAR, measure_id VARCHAR, breakdown VARCHAR, value DOUBLE)');
      await db.run(MARTS_BUILT_DDL);
      await db.run("INSERT INTO meta.marts_built VALUES ('older0000000000', 1, DATE '2026-02-28', TIMESTAMP '2026-03-01 09:00:00')");
      await publishSnapshot(db, { dir: settings.snapshots, keep: 3 }, quietEffects());
    });
    const at = new Date('2026-03-10T10:07:00Z');
    // the scheduler's build at start: it holds the writer and the ledger says 'running'
    const statusWhileBuilding = () =>
      project.withWriter(async (db) => {
        await recordStart(db, { job: 'models', scheduledAt: null, trigger: 'catch_up', startedAt: new Date('2026-03-10T10:05:00Z') });
        return statusReport(project.config.dbPath, settings, at);
      });
    const marts = (report: Awaited<ReturnType<typeof statusReport>>) => {
      const said = quietEffects();
      printStatus(report, settings.timezone, said);
      return said.lines.find((l) => l.startsWith('Marts:')) ?? '';
    };
    const scheduler = tryAcquire(`${project.config.dbPath}.scheduler.lock`);
    try {
      const report = await statusWhileBuilding();
      expect(report.ledgerSource).toBe('snapshot');
      expect(marts(report)).toContain(`the scheduler (pid ${process.pid}) rebuilds them`);
      expect(marts(report)).not.toContain('run almp run');
      // whether that build runs or failed cannot be read while it holds the file (a second review)
      expect(statusExitCode(report)).toBe(1);
    } finally {
      if ('release' in scheduler) scheduler.release();
    }
    // no scheduler: nothing rebuilds them unless someone runs almp run
    const alone = await statusWhileBuilding();
    expect(marts(alone)).toContain('run almp run to rebuild them');
    expect(statusExitCode(alone)).toBe(1);
  });
});
