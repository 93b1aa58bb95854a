/**
 * A folder handed to `almp ingest` holds what a provider sent: the reports saved in
 * LibreOffice as .ods, a cover letter as PDF. Folder ingest passed over both without a word
 * (only .csv/.txt/.xlsx/.json… were listed) and closed with "Nothing new" or the counts of
 * the other files; an .ods given by name was read as a CSV ("a zip archive … saved with a
 * .csv name?").
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore } from './helpers.ts';

let store: TestStore;
beforeEach(async () => {
  store = await openStore();
});
afterEach(() => store.close());

describe('files in an ingested folder that are not CSV, XLSX or JSON', () => {
  it('refuses a spreadsheet of another format by name and names every other file it did not read', async () => {
    const folder = join(store.dir, 'von-traeger', 'providers');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'traeger.csv'), 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\n');
    // an .ods is a zip archive like an .xlsx: any xlsx bytes stand in for it
    copyFileSync(new URL('../../data-samples/inbox/final_reports/abschlussberichte_001001.xlsx', import.meta.url), join(folder, 'traeger-neu.ods'));
    writeFileSync(join(folder, 'anschreiben.pdf'), '%PDF-1.4\n');
    writeFileSync(join(folder, 'Thumbs.db'), 'x');

    const results = await store.ingest([join(store.dir, 'von-traeger')]);
    // a name before its additions, as a file manager lists them (load-order.ts)
    expect(results.map((r) => [r.file.split(/[/\\]/).pop(), r.status])).toEqual([
      ['traeger.csv', 'success'],
      ['traeger-neu.ods', 'error'],
    ]);
    expect(results[1]!.error).toBe('LibreOffice/OpenDocument .ods files are not supported. Save the sheet as .xlsx or CSV and ingest that.');
    expect(store.warnings.join('\n')).toContain('anschreiben.pdf — not a CSV, XLSX, JSON or NDJSON file');
    expect(store.warnings.join('\n')).not.toContain('Thumbs.db');
  });

  it('names ten of many (the out folder holds 26 SVG and 26 PNG charts) and counts the rest', async () => {
    const folder = join(store.dir, 'out', 'dashboards');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(join(folder, `chart-${String(i).padStart(2, '0')}.png`), 'x');
    expect(await store.ingest([join(store.dir, 'out')])).toEqual([]);
    expect(store.warnings.at(-1)).toMatch(/^Not read in .*out: chart-00\.png, .*, chart-09\.png and 2 more — /);
  });

  it('passes over the reasons files the scheduler keeps beside archived files: the archive loads again as it is', async () => {
    // almp restore names files to 'ingest again (from the archive)'; a key rotation re-ingests it all
    const folder = join(store.dir, 'archive', '2026-12-03', 'providers');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'traeger.csv'), 'provider_id;name;provider_type\nP1;Bildung gGmbH;independent\nP2;;selbst\n');
    writeFileSync(join(folder, 'traeger.csv.reasons.txt'), 'row 3, provider_type: unknown code\n');
    const results = await store.ingest([join(store.dir, 'archive')]);
    expect(results.map((r) => [r.file.split(/[/\\]/).pop(), r.status])).toEqual([['traeger.csv', 'success']]);
    expect(store.warnings.join('\n')).not.toContain('reasons.txt');
  });
});

