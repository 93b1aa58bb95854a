/**
 * An as-of given after the latest event in the data is said on the outputs, not only on the
 * terminal: people without an exit count as active up to it, windows close unobserved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { cutoffNote } from '../../pipelines/publish/cutoff-note.ts';
import { loadCoverData } from '../../reports/model/cover-data.ts';
import { type TinyDb, tinyDb } from '../models/tiny-db.ts';

let tiny: TinyDb | undefined;
afterEach(() => tiny?.close());

describe('as-of after the data', () => {
  it('is said on the returns\' cover (and the pages) with both dates; the data\'s own as-of says nothing', async () => {
    tiny = await tinyDb(['J1'], ['P1'], 90);
    await tiny.participation('p1', 'J1', '2025-01-06', '2025-02-03', '2025-05-30');
    await tiny.participation('p2', 'J1', '2025-03-03', '2025-03-10', null);
    await buildModels(tiny.db, {}, quietEffects());
    expect(await cutoffNote(tiny.db)).toBeUndefined();
    await buildModels(tiny.db, { asOf: '2025-10-31' }, quietEffects());
    const note = await cutoffNote(tiny.db);
    expect(note).toContain('Der Datenstand 31.10.2025 liegt nach dem letzten Ereignis in den Daten (30.05.2025)');
    expect((await loadCoverData(tiny.db)).cutoff).toBe(note);
  });
});
