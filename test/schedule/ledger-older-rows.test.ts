/**
 * A return run an older version recorded names no output folder: it counted as written into
 * every folder, so after an upgrade the scheduler skipped the due return ('written on or
 * after its due day') and status said 'written' while the schedule's out/returns was empty
 * (an upgrade audit). Only a run that names the folder counts for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lastProduced, recordEnd, recordStart } from '../../pipelines/schedule/job-ledger.ts';
import { tempProject, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('a return in the ledger of an older version', () => {
  it('does not count as written into the schedule\'s folder; one that names it does', async () => {
    project = tempProject();
    const out = join(project.dir, 'out');
    const item = { name: 'return jobcenter-controlling 2026-Q3 06411', status: 'success' as const };
    const produced = await project.withWriter(async (db) => {
      const older = await recordStart(db, { job: 'quarterly_return', scheduledAt: null, trigger: 'manual', startedAt: new Date('2026-10-20T08:00:00Z') });
      await recordEnd(db, older, { endedAt: new Date('2026-10-20T08:00:05Z'), status: 'success', items: [item] });
      const before = await lastProduced(db, 'quarterly_return', '2026-Q3', out);
      const named = await recordStart(db, { job: 'quarterly_return', scheduledAt: null, trigger: 'manual', startedAt: new Date('2026-10-21T08:00:00Z') });
      await recordEnd(db, named, { endedAt: new Date('2026-10-21T08:00:05Z'), status: 'success', items: [item], out });
      return [before, await lastProduced(db, 'quarterly_return', '2026-Q3', out), await lastProduced(db, 'quarterly_return', '2026-Q3', join(project!.dir, 'elsewhere'))];
    });
    expect(produced).toEqual([undefined, new Date('2026-10-21T08:00:00Z'), undefined]);
  });
});
