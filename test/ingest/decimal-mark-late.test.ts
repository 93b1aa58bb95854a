/**
 * The decimal mark was read from the first 40 records only: 45 measures of whole euros and
 * then 1234.56 in a ';' file (decimal point throughout) was rejected as "not a number in this
 * file's format: decimal comma"; so was "1234,56" late in a ',' file. A file whose sample does
 * not tell is read on for it (an audit).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => (store = await openStore()));
afterEach(() => store.close());

const HEADER = ['Maßnahme-Nr', 'Dienststelle', 'Träger-Nr', 'Förderart', 'Vertragsbeginn', 'Vertragsende', 'Plätze', 'Dauer (Tage)', 'Kosten (EUR)'];

function measures(delimiter: string, lastCost: string): string {
  const row = (i: number, cost: string) => [`M-${i}`, '06411', '001001', '45_MAT', '01.01.2024', '31.12.2024', '10', '98', cost].join(delimiter);
  return [HEADER.join(delimiter), ...Array.from({ length: 45 }, (_, i) => row(i + 1, '5000')), row(46, lastCost)].join('\n');
}

describe('a decimal mark the first rows do not tell', () => {
  it.each([
    [';', '1234.56'],
    [',', '"1234,56"'],
  ])('separator %s, last cost %s: read as 1234.56, nothing rejected', async (delimiter, cost) => {
    const path = join(store.dir, 'massnahmen.csv');
    writeFileSync(path, measures(delimiter, cost));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 46, rowsRejected: 0 });
    expect(await store.db.scalar("SELECT cost_total_eur::DOUBLE FROM raw.measures WHERE measure_id = 'M-46'")).toBe(1234.56);
  });

  it("a thousands dot late in a ';' file reads as thousands: 1.234 is 1234", async () => {
    const path = join(store.dir, 'massnahmen.csv');
    writeFileSync(path, measures(';', '1.234'));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 46, rowsRejected: 0 });
    expect(await store.db.scalar("SELECT cost_total_eur::DOUBLE FROM raw.measures WHERE measure_id = 'M-46'")).toBe(1234);
  });

  it('goes by the majority of the amounts: one stray 99.90 before 54 written 1.234,56 does not reject them', async () => {
    // the first amount that told decided for the whole file (a review)
    const path = join(store.dir, 'massnahmen.csv');
    const row = (i: number, cost: string) => [`M-${i}`, '06411', '001001', '45_MAT', '01.01.2024', '31.12.2024', '10', '98', cost].join(';');
    const rows = [...Array.from({ length: 45 }, (_, i) => row(i + 1, '5000')), row(46, '99.90'), ...Array.from({ length: 54 }, (_, i) => row(47 + i, '1.234,56'))];
    writeFileSync(path, [HEADER.join(';'), ...rows].join('\n'));
    const [result] = await store.ingest([path], { kind: 'measures' });
    expect(result).toMatchObject({ status: 'success', rowsLoaded: 99, rowsRejected: 1 });
    expect(await store.db.scalar("SELECT count(*) FROM raw.measures WHERE cost_total_eur::DOUBLE = 1234.56")).toBe(54);
  });
});
