/**
 * A scheduled build printed the model table and the check summary, some 60 lines every time
 * new data arrived, into the console and journal; they go to the debug log now, warnings
 * (a failed model) still to the console.
 */
import { describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import type { Db } from '../../pipelines/db/database.ts';
import type { JobContext } from '../../pipelines/schedule/scheduler.ts';
import { modelsJob } from '../../pipelines/schedule/jobs/build-jobs.ts';

describe('the scheduled models job', () => {
  it('keeps the model table out of the console, not the warnings', async () => {
    const job = modelsJob({
      buildModels: async (_db, _options, effects) => {
        effects.out('model                 status   ms   rows');
        effects.warn('Model core.participations failed: out of memory');
        return { asOf: '2026-06-30', models: [{ name: 'core.participations', status: 'error', error: 'out of memory' }] };
      },
      suppressionThreshold: 5,
      snapshots: '/nonexistent',
      keepSnapshots: 1,
    });
    const effects = quietEffects();
    const context = { db: {} as Db, job: 'models', scheduledAt: null, trigger: 'after', signal: new AbortController().signal, effects } satisfies JobContext;
    const items = await job(context);
    expect(items.map((i) => [i.name, i.status])).toEqual([['core.participations', 'error'], ['snapshot', 'not_run']]);
    expect(effects.lines).toEqual([]);
    expect(effects.warnings).toEqual(['Model core.participations failed: out of memory']);
  });
});
