/**
 * `almp ingest` of a corrected file, then `almp returns` (or `dashboards`): the outputs come
 * from the marts of the last build and left the new file out without a word (a controller's
 * first week: verbleib.csv loaded, the return written and sent, the file not in it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { filesSinceBuild } from '../../pipelines/models/marts-version.ts';
import { tinyDb, type TinyDb } from './tiny-db.ts';

const file = (id: number, name: string, at: string) =>
  `INSERT INTO meta.files VALUES (${id}, 'outcomes', '${name}', '${name}', 'h${id}', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '${at}', NULL)`;

describe('files loaded after the last build', () => {
  let tiny: TinyDb;
  beforeAll(async () => {
    tiny = await tinyDb(['J1'], ['P1'], 30);
    await tiny.participation('a', 'J1', '2026-01-05', '2026-01-12', '2026-02-10');
    await tiny.db.run(file(2, 'teilnahmen.csv', '2026-03-01 08:00:00'));
  }, 180_000);
  afterAll(() => tiny?.close());

  it('are named with what to do; none after a build that took them in', async () => {
    expect(await filesSinceBuild(tiny.db)).toBeUndefined(); // never built: the outputs refuse on their own
    await buildModels(tiny.db, { asOf: '2026-06-30' }, quietEffects(new Date('2026-03-02T09:00:00Z')));
    expect(await filesSinceBuild(tiny.db)).toBeUndefined();
    await tiny.db.run(file(3, 'verbleib.csv', '2026-03-03 10:00:00'));
    expect(await filesSinceBuild(tiny.db)).toBe('1 file loaded after the last build (verbleib.csv) is not in these figures — run almp run first to include it');
    await tiny.db.run(file(4, 'berichte_123A456789.csv', '2026-03-03 11:00:00'));
    expect(await filesSinceBuild(tiny.db)).toBe('2 files loaded after the last build (verbleib.csv, berichte_….csv) are not in these figures — run almp run first to include them');
  });
});
