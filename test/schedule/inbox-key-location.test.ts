/**
 * The scheduler's inbox job named no key location: a database that kept no fingerprint took
 * the key at its first scheduled ingest with a warning saying "the key given" instead of the
 * key file (a review). The job hands the ingest where its key came from.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultJobs } from '../../pipelines/schedule/default-jobs.ts';
import { loadScheduleSettings } from '../../pipelines/schedule/schedule-config.ts';
import { Scheduler } from '../../pipelines/schedule/scheduler.ts';
import { fakeVerbs } from './fake-verbs.ts';
import { liveEffects, tempProject, type TempProject } from './helpers.ts';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('the inbox job', () => {
  it.each([
    ['the key file', false],
    ['ALMP_PSEUDONYM_KEY', true],
  ])('tells the ingest where its key came from: %s', async (_where, fromEnv) => {
    const p = (project = tempProject());
    const config = fromEnv ? { ...p.config, pseudonymKey: 'k'.repeat(32) } : { ...p.config, pseudonymKey: undefined };
    const settings = { ...loadScheduleSettings(undefined, { dataDir: join(p.dir, 'data'), cwd: p.dir }), inboxMinAgeMs: 0 };
    const locations: (string | undefined)[] = [];
    const verbs = fakeVerbs();
    const ingest: typeof verbs.ingest = (db, options, effects) => {
      locations.push(options.keyLocation);
      return verbs.ingest(db, options, effects);
    };
    const jobs = defaultJobs(settings, config, { ...verbs, ingest }, Buffer.from('test-key-0123456789abcdef'));
    const scheduler = new Scheduler({ jobs, timezone: settings.timezone, withWriter: p.withWriter, effects: liveEffects(), catchUp: false });
    await scheduler.start();
    mkdirSync(join(settings.inbox, 'providers'), { recursive: true });
    writeFileSync(join(settings.inbox, 'providers', 'traeger.csv'), 'a;1\n');
    await scheduler.trigger('ingest');
    await scheduler.idle();
    await scheduler.stop();
    expect(locations).toEqual([fromEnv ? 'ALMP_PSEUDONYM_KEY' : p.config.keyFile]);
  });
});
