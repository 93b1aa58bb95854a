/**
 * A return rewritten after a corrected delivery: the state return 2025 went from 9 to 8
 * completions (a Jobcenter re-delivered one 2025 exit as a dropout) under the same name and
 * the same Datenstand, and nothing in it or on the terminal said that it differed from the
 * one already sent. Now the second version says so on its cover, lists what changed on a
 * sheet „Änderungen“, and the first version's figures stay in meta.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { writeReturns } from '../../reports/build.ts';
import { KEEP_FIGURE_VERSIONS, saveRevision, type Revision, type SheetFigures } from '../../reports/model/revision.ts';
import { revisionFact } from '../../reports/render/changes.ts';
import { readWorkbook } from './helpers/cell-dump.ts';
import { buildFixture, FIXTURE_AS_OF, SAMPLE_INBOX, type Fixture } from './helpers/fixture.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 180_000);
afterAll(() => fx?.db.close());

const STATE = 'landesprogramm-jahresmeldung-2025.xlsx';
const ESF = 'esf-plus-teilnehmende-2025.xlsx';

async function write(at = '2026-10-01T08:00:00Z'): Promise<{ warnings: string[]; cover: (book: string) => Promise<Map<string, string>>; sheets: (book: string) => Promise<string[]> }> {
  const effects = quietEffects(new Date(at));
  const results = await writeReturns(fx.db, { outDir: join(fx.dir, 'out'), period: '2025' }, effects);
  expect(results.every((r) => r.status === 'success')).toBe(true);
  const path = (book: string): string => join(fx.dir, 'out', 'returns', book);
  return {
    warnings: effects.warnings,
    async cover(book) {
      const ws = (await readWorkbook(path(book))).getWorksheet('Deckblatt')!;
      const facts = new Map<string, string>();
      ws.eachRow((row) => void facts.set(String(row.getCell(1).value), String(row.getCell(2).value)));
      return facts;
    },
    async sheets(book) {
      return (await readWorkbook(path(book))).worksheets.map((w) => w.name);
    },
  };
}

/** The samples' 2025 exit of the state programme's measure 06411-0010 on 28.09.2025, re-delivered with reason 07 (a dropout) instead of 01. */
function correctedParticipation(): string {
  const lines = readFileSync(join(SAMPLE_INBOX, 'participations', 'teilnahmen_06411.csv'), 'utf8').split(/\r?\n/);
  const row = lines.find((l) => l.includes(';06411-0010;') && l.includes(';28.09.2025;01;'));
  expect(row).toBeDefined();
  const path = join(fx.dir, 'teilnahmen_06411_korrektur.csv');
  writeFileSync(path, `${lines[0]}\r\n${row!.replace(';28.09.2025;01;', ';28.09.2025;07;')}\r\n`);
  return path;
}

describe('a return written again after a corrected delivery', () => {
  it('is marked as the next version with its changes, and the first version stays recoverable', async () => {
    const first = await write();
    expect((await first.cover(STATE)).get('Fassung')).toBe('1 (erste Fassung dieser Meldung)');
    expect(await first.sheets(STATE)).not.toContain('Änderungen');

    // the same figures written again are the same version, created when it was first written
    const createdFirst = (await first.cover(STATE)).get('Erstellt am');
    const again = await write('2026-10-01T08:05:00Z');
    expect((await again.cover(STATE)).get('Fassung')).toBe('1 (erste Fassung dieser Meldung)');
    expect((await again.cover(STATE)).get('Erstellt am')).toBe(createdFirst);
    expect(again.warnings.filter((w) => w.includes('version'))).toEqual([]);

    const effects = quietEffects(new Date('2026-10-01T07:00:00Z'));
    await ingestPaths(fx.db, { paths: [correctedParticipation()], kind: 'participations', key: Buffer.alloc(32, 7) }, effects);
    await buildModels(fx.db, { asOf: FIXTURE_AS_OF, suppressionThreshold: 5 }, effects);
    const second = await write();

    expect((await second.cover(STATE)).get('Fassung')).toMatch(/^2 – berichtigte Fassung: ersetzt Fassung 1 vom 01\.10\.2026 10:00 \(Datenstand 30\.09\.2026\); \d+ Werte geändert, aufgeführt auf dem Blatt „Änderungen“$/);
    expect(second.warnings.some((w) => /^return state-annual 2025: version 2, \d+ figures differ from version 1/.test(w))).toBe(true);
    // the ESF+ return's figures did not change: still its first version, no warning
    expect((await second.cover(ESF)).get('Fassung')).toBe('1 (erste Fassung dieser Meldung)');
    expect(second.warnings.some((w) => w.includes('esf-participants'))).toBe(false);

    const changes = (await readWorkbook(join(fx.dir, 'out', 'returns', STATE))).getWorksheet('Änderungen')!;
    expect(String(changes.getCell('A2').value)).toBe('Seither geladen: Teilnahmen (1 Datei)'); // by kind: a file name can name a person
    const rows = changes.getSheetValues().slice(5).map((r) => (r as unknown[]).slice(1, 6));
    // a count that moved by less than the threshold: its earlier value off the sheet (9 → 8
    // told every reader that one person's exit was re-classified); the first version kept it
    expect(rows).toContainEqual(['Kennzahlen', 'Insgesamt', 'Abschlüsse', '.', 8]);
    expect(rows.flat().some((v) => typeof v === 'string' && v.startsWith('„.“ unter Fassung 1 bei einer Anzahl: der Wert hat sich um 1 bis 4 geändert'))).toBe(true);
    // nor an earlier rate: 'Abschlussquote 9/n → 8/n' over an unchanged n gave 9 back
    const rates: unknown[][] = [];
    changes.eachRow((row, n) => {
      if (n > 4 && row.getCell(5).numFmt === '0.0 %' && typeof row.getCell(5).value === 'number') rates.push([row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]);
    });
    expect(rates).toContainEqual(['Insgesamt', 'Abschlussquote', '.']);
    expect(rates.filter((r) => r[2] !== '.')).toEqual([]);
    expect(rows.flat().some((v) => typeof v === 'string' && v.startsWith('„.“ unter Fassung 1 bei einer Quote oder Verhältniszahl'))).toBe(true);

    const kept = await fx.db.all<{ version: number; value: number }>(
      "select version, value from meta.return_version_figures where return_key = 'state-annual 2025' and sheet = 'Kennzahlen' and row_label = 'Insgesamt' and column_key = 'completions' order by version",
    );
    expect(kept.map((k) => [k.version, k.value])).toEqual([[1, 9], [2, 8]]);
  }, 120_000);
});

describe('versions of a return', () => {
  const revision = (asOf: string, previousAsOf: string): Revision => ({
    returnKey: 'state-annual 2025', version: 2, isNew: true, asOf, hash: 'h', sheets: [], json: '[]', builtAt: null, modelsVersion: null,
    previous: { version: 1, writtenAt: new Date('2026-10-01T08:00:00Z'), asOf: previousAsOf, builtAt: null },
    changes: [],
  });

  it('are corrections at the same Datenstand and updates at a later one (the scheduler rewrites the current period after every build)', () => {
    expect(revisionFact(revision('2026-09-30', '2026-09-30'))).toMatch(/^2 – berichtigte Fassung: ersetzt Fassung 1 vom 01\.10\.2026 10:00 \(Datenstand 30\.09\.2026\)/);
    expect(revisionFact(revision('2026-10-31', '2026-09-30'))).toMatch(/^2 – aktualisierte Fassung \(neuer Datenstand 31\.10\.2026\): ersetzt Fassung 1 vom 01\.10\.2026 10:00 \(Datenstand 30\.09\.2026\)/);
  });

  it(`keep the figures of the latest ${KEEP_FIGURE_VERSIONS} versions only, and every version's record`, async () => {
    const key = 'test-pruning 2025';
    const sheet = (v: number): SheetFigures => ({ sheet: 'S', rows: ['r'], rowLabels: ['R'], columns: ['c', 'd'], columnLabels: ['C', 'D'], formats: ['count', 'count'], shown: [[1, v]] });
    for (let v = 1; v <= KEEP_FIGURE_VERSIONS + 2; v++) {
      await saveRevision(fx.db.connection, { ...revision('2026-09-30', '2026-09-30'), returnKey: key, version: v, hash: `h${v}`, sheets: [sheet(v)], json: JSON.stringify([sheet(v)]) }, new Date(), 'x.xlsx');
    }
    const kept = await fx.db.all<{ version: number; value: number }>("select version, value from meta.return_version_figures where return_key = $k and column_key = 'd' order by version", { k: key });
    expect(kept.map((k) => [k.version, k.value])).toEqual([[3, 3], [4, 4], [5, 5]]);
    expect(await fx.db.scalar('select count(*) from meta.return_versions where return_key = $k', { k: key })).toBe(KEEP_FIGURE_VERSIONS + 2);
  });
});
