/**
 * Marts built by an older almp-monitor (an upgraded database, a restored older snapshot)
 * are refused by the outputs and rebuilt by the scheduler at start: the new dashboards and
 * returns failed on tables the older build never made, or went out with its definitions.
 * An older version's database is one whose marts carry no meta.marts_built record.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverProject, SQL_DIR } from '../../pipelines/models/discover.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { martsOutdated, modelsVersion } from '../../pipelines/models/marts-version.ts';
import { dashboardsJob } from '../../pipelines/schedule/jobs/build-jobs.ts';
import { dataNewerThan, dataOrModelsNewerThan } from '../../pipelines/schedule/default-jobs.ts';
import type { ItemResult } from '../../pipelines/results.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

describe('marts of another version', () => {
  let tiny: TinyDb;
  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 30);
    await tiny.participation('a', 'J1', '2026-01-05', '2026-01-12', '2026-02-10');
    await tiny.db.run(`INSERT INTO meta.files VALUES (2, 'participations', 'p.csv', 'p.csv', 'h', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '2026-03-01 08:00:00', NULL)`);
    await buildModels(tiny.db, { asOf: '2026-06-30' }, quietEffects());
  }, 180_000);
  afterAll(() => tiny?.close());

  const drawn: string[] = [];
  const job = dashboardsJob({
    out: '/nonexistent',
    writeDashboards: async (): Promise<ItemResult[]> => {
      drawn.push('drawn');
      return [{ name: 'dashboards', status: 'success' }];
    },
  });
  const run = () => job({ db: tiny.db, effects: quietEffects(), scheduledAt: null, trigger: 'after', job: 'dashboards', signal: new AbortController().signal });

  it('a build of this version records its model code; outputs go ahead', async () => {
    expect(await martsOutdated(tiny.db)).toBeUndefined();
    expect(await tiny.db.json('SELECT models_version FROM meta.marts_built')).toEqual([{ models_version: modelsVersion() }]);
    drawn.length = 0;
    expect((await run())[0]!.status).toBe('success');
    expect(drawn).toEqual(['drawn']);
  });

  it('marts without the record (built before the upgrade) are refused and make the scheduler rebuild at start', async () => {
    await tiny.db.run('DROP TABLE meta.marts_built');
    drawn.length = 0;
    const results = await run();
    expect(results).toEqual([{ name: 'dashboards', status: 'error', error: expect.stringMatching(/another version of almp-monitor.*almp run/) }]);
    expect(drawn).toEqual([]);
    // no file loaded since the last build, yet the models job is out of date
    const lastBuild = new Date('2026-12-03T01:30:00Z');
    expect(await dataNewerThan(tiny.db, lastBuild)).toBe(false);
    expect(await dataOrModelsNewerThan(tiny.db, lastBuild)).toBe(true);
  });

  it("the scheduler's outputs refuse marts built at a lower suppression threshold than the service's, and say which", async () => {
    // after `almp run` by hand without the service's ALMP_SUPPRESSION_THRESHOLD=10, the
    // scheduled returns went out with the 5's small cells (a review)
    await buildModels(tiny.db, { asOf: '2026-06-30', suppressionThreshold: 5 }, quietEffects());
    const write = async (): Promise<ItemResult[]> => [{ name: 'dashboards', status: 'success' }];
    const context = { db: tiny.db, effects: quietEffects(), scheduledAt: null, trigger: 'after' as const, job: 'dashboards', signal: new AbortController().signal };
    const strict = dashboardsJob({ out: '/nonexistent', threshold: { suppressionThreshold: 10, suppressionThresholdSet: true }, writeDashboards: write });
    expect(await strict(context)).toEqual([{ name: 'dashboards', status: 'error', error: expect.stringContaining('ALMP_SUPPRESSION_THRESHOLD is 10, but the last build hid counts of 1 to 4 (threshold 5)') }]);
    const same = dashboardsJob({ out: '/nonexistent', threshold: { suppressionThreshold: 5, suppressionThresholdSet: false }, writeDashboards: write });
    expect((await same(context))[0]!.status).toBe('success');
    // a stricter build by hand goes out; the default service does not say the variable is set (a review)
    await buildModels(tiny.db, { asOf: '2026-06-30', suppressionThreshold: 10 }, quietEffects());
    expect((await same(context))[0]!.status).toBe('success');
    await buildModels(tiny.db, { asOf: '2026-06-30', suppressionThreshold: 3 }, quietEffects());
    const [refused] = await same(context);
    // the fix for a service: never lowering its threshold to the hand build's (an operator's audit)
    expect(refused!.error).toMatch(/^The suppression threshold is 5 \(ALMP_SUPPRESSION_THRESHOLD not set: the default\), but the last build hid counts of 1 to 2 \(threshold 3\).*: run ALMP_SUPPRESSION_THRESHOLD=5 almp run --out <the service's output folder>, or wait for the service's next model build, which builds with 5$/);
    const [strictRefused] = await strict(context);
    expect(strictRefused!.error).not.toContain('unset the variable');
  });

  it('the same model code installed in another folder has the same fingerprint; an edited model another', () => {
    const copy = mkdtempSync(join(tmpdir(), 'almp-sql-copy-'));
    try {
      cpSync(SQL_DIR, join(copy, 'sql'), { recursive: true });
      expect(modelsVersion(discoverProject(join(copy, 'sql')))).toBe(modelsVersion());
      appendFileSync(join(copy, 'sql', 'marts', 'indicator_values.sql'), '\n-- edited\n');
      expect(modelsVersion(discoverProject(join(copy, 'sql')))).not.toBe(modelsVersion());
      // a reference list too: core.participations classifies exits by ref.exit_reasons (review)
      cpSync(SQL_DIR, join(copy, 'sql'), { recursive: true });
      expect(modelsVersion(discoverProject(join(copy, 'sql')))).toBe(modelsVersion());
      appendFileSync(join(copy, 'sql', 'reference', 'exit_reasons.csv'), '99,Test,dropout\n');
      expect(modelsVersion(discoverProject(join(copy, 'sql')))).not.toBe(modelsVersion());
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('marts of other model code are refused too; a rebuild makes them current', async () => {
    expect(await martsOutdated(tiny.db, 'a-later-version')).toMatch(/another version/);
    await buildModels(tiny.db, { asOf: '2026-06-30' }, quietEffects());
    expect(await martsOutdated(tiny.db)).toBeUndefined();
    expect(await dataOrModelsNewerThan(tiny.db, new Date('2026-12-03T01:30:00Z'))).toBe(false);
  }, 180_000);
});
