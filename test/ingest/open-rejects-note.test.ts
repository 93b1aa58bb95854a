/**
 * `almp run` did not mention rows rejected or files refused at ingest, though contracts.md
 * says a run always prints what it rejected (an audit): the note names them until a delivery
 * of the same name replaces them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRejectsNote } from '../../pipelines/commands/open-rejects-note.ts';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => (store = await openStore()));
afterEach(() => store.close());

const HEADER = 'Maßnahme-Nr;Dienststelle;Träger-Nr;Förderart;Vertragsbeginn;Vertragsende;Plätze;Dauer (Tage)';
// the store's clock (quietEffects)
const AT = new Date('2026-01-01T00:00:00Z');
const GOOD = 'M-1;06411;001001;45_MAT;01.01.2024;31.12.2024;10;98';

describe('the note of open rejects after a run', () => {
  it('names rows rejected and files refused until a corrected file of the same name loads', async () => {
    const measures = join(store.dir, 'massnahmen.csv');
    writeFileSync(measures, [HEADER, GOOD, 'M-2;06411;001001;45_MAT;31.02.2024;31.12.2024;10;98'].join('\n'));
    const refused = join(store.dir, 'traeger.csv');
    writeFileSync(refused, 'Name;Ort\nBildung gGmbH;Kassel\n');
    await store.ingest([measures], { kind: 'measures' });
    await store.ingest([refused], { kind: 'providers' });
    const note = await openRejectsNote(store.db, AT);
    expect(note).toMatch(/^Not loaded, so in no figure: 1 row rejected in 1 file and 1 file refused whole at ingest in the last 7 days, not yet delivered again \(/);
    expect(note).toMatch(/measures\/massnahmen\.csv: almp rejects \d+/);
    expect(note).toMatch(/providers\/traeger\.csv: almp rejects \d+/);
    // the corrected delivery of the measures resolves their rows; 8 days on nothing is listed
    writeFileSync(measures, [HEADER, GOOD, 'M-2;06411;001001;45_MAT;28.02.2024;31.12.2024;10;98'].join('\n'));
    await store.ingest([measures], { kind: 'measures' });
    expect(await openRejectsNote(store.db, AT)).toMatch(/^Not loaded, so in no figure: 1 file refused whole at ingest/);
    expect(await openRejectsNote(store.db, new Date(AT.getTime() + 8 * 86_400_000))).toBeUndefined();
  });
});
