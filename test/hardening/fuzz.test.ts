/**
 * Hostile and broken input: hundreds of mutated CSV/XLSX/JSON files. Each must load or be
 * rejected with a reason — no crash, no hang beyond a bounded time, no memory blow-up —
 * and the good seed file still loads afterwards. A reason is one a clerk can act on: a
 * refused file says what is wrong with it and what to do; a rejected row is named by its
 * row and, unless the whole record is broken, its column.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import type { FileIngestResult } from '../../pipelines/ingest/file-result.ts';
import { KIND_SPECS } from '../../pipelines/schema/kinds.ts';
import { writeFuzzFiles, SEED_CSV, type FuzzFile } from './fuzz-inputs.ts';
import { KEY, openStore, tempDir } from './helpers.ts';

const FILES = 200;
const PER_FILE_MS = 20_000;

/**
 * What is wrong, per mutation refused as a whole file (for this seed; another mutation that
 * refuses a file needs its line here). 'sniffCsv needs a non-empty sample' (10^6 columns, BOM
 * only) and a zip bomb's text without a file name or advice passed the check this replaced.
 */
const REFUSED: Record<string, RegExp> = {
  'truncated at a random byte': /^Required columns? .* (is|are) missing/,
  'random bytes flipped': /^Required columns? .* (is|are) missing/,
  'random bytes with .csv name': /: the file holds binary data \(NUL bytes\), not text\./,
  '10^6 columns': /^wide-\d+\.csv refused: .* columns, over the limit of 500 /,
  'BOM only': /^Cannot read bom-only-\d+\.csv: it holds no header and no rows/,
  'deeply nested JSON': /^nested-\d+\.json refused: JSON nested deeper than 64 levels /,
  'XLSX declaring an enormous sheet (zip bomb)': /^zipbomb-\d+\.xlsx refused: the workbook's part \S+ inflates \d+-fold to \d+ MB, as no real workbook does \(a zip bomb\)\./,
  'XLSX truncated at a random byte': /^trunc-\d+\.xlsx refused: (the workbook is damaged \(|not a valid XLSX file \(|the workbook's part \S+ does not match the checksum)/,
  'XLSX with random bytes flipped': /^flip-\d+\.xlsx refused: (the workbook is damaged \(|not a valid XLSX file \(|the workbook's part \S+ (inflates to more than|does not match the checksum))/,
  'JSON truncated or with bytes flipped': /^The file is not valid JSON/,
  // the rest of the file would be read as the one value (ingest/unclosed-quote.ts)
  'unterminated quote': /^quotes-\d+\.csv refused: in row \d+, column \S+, a quote opens that is never closed, so the \d+ lines? after it would be read as that one value/,
};
/** What to do, as the refusals write it: a limit to raise, or the hint after the reason. */
const WHAT_TO_DO = /\(raise ALMP_[A-Z_]+ if it is genuine\)\.$|\. (Add the column|Check that this is|Open it in Excel|Do not open it|Export it again|Close or remove the quote|Ask the sender|Have the file sent again)\b/;
/** Reasons of a whole record, where no column is to blame (csv-source.ts, load-file.ts, read-json.ts). */
const RECORD_REASON = /^(record (ends early|longer than the limit|cannot be read)|line is not valid JSON|not a JSON object|object has )/;
const COLUMNS = new Set(KIND_SPECS.participations.columns.map((c) => c.name));

async function expectRejectsNamed(db: Db, file: FuzzFile, r: FileIngestResult): Promise<void> {
  const rejects = await db.json<{ row: number | null; column: string | null; reason: string }>('SELECT "row", "column", reason FROM meta.rejects WHERE file_id = $id ORDER BY "row", "column"', { id: r.fileId! });
  expect(new Set(rejects.map((x) => x.row)).size, file.what).toBe(r.rowsRejected);
  // a row of the file: a line of a CSV or NDJSON, a record of a JSON array (a header read as a row was 'row 2' of a one-line file)
  const text = readFileSync(file.path, 'utf8');
  const last = file.path.endsWith('.json') ? r.rowsRead : text.split(/\r\n|\r|\n/).length;
  for (const [i, x] of rejects.entries()) {
    const where = `${file.what} (${file.path}): ${JSON.stringify(x)}`;
    expect(x.row, where).toBeGreaterThanOrEqual(1);
    expect(x.row, where).toBeLessThanOrEqual(last);
    if (x.column === null) expect(x.reason, where).toMatch(RECORD_REASON);
    else expect(COLUMNS.has(x.column), where).toBe(true);
    if (i < r.firstReasons.length) expect(r.firstReasons[i], where).toMatch(new RegExp(`^row ${x.row}${x.column ? `, ${x.column}` : ''}[ :]`));
  }
}

describe('fuzzed input', () => {
  const tmp = tempDir('almp-fuzz-');
  afterAll(() => tmp.cleanup());

  it(`${FILES} mutated files each load or are rejected with a reason, within bounded time and memory`, async () => {
    const files = await writeFuzzFiles(tmp.dir, FILES);
    const db = await openStore(join(tmp.dir, 'fuzz.duckdb'));
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const outcomes: Record<string, number> = {};
    try {
      for (const file of files) {
        const started = performance.now();
        const results = await ingestPaths(db, { paths: [file.path], kind: 'participations', key: KEY }, quietEffects());
        const ms = performance.now() - started;
        expect(ms, `${file.what} (${file.path}) took ${Math.round(ms)} ms`).toBeLessThan(PER_FILE_MS);
        expect(results).toHaveLength(1);
        const r = results[0]!;
        if (r.status === 'error') {
          expect(REFUSED[file.what], `${file.what} refused: ${r.error}`).toBeDefined();
          expect(r.error, file.what).toMatch(REFUSED[file.what]!);
          expect(r.error, file.what).toMatch(WHAT_TO_DO);
        } else {
          expect(r.rowsRead, file.what).toBe(r.rowsLoaded + r.rowsRejected + r.rowsSuperseded);
          if (r.status !== 'skipped' && r.rowsRejected > 0) await expectRejectsNamed(db, file, r);
        }
        outcomes[`${file.what}: ${r.status}`] = (outcomes[`${file.what}: ${r.status}`] ?? 0) + 1;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      // The zip bomb inflates to ~100 MB and the wide file has 10^6 columns: neither may be read whole.
      expect((peakRss - rssBefore) / 2 ** 20).toBeLessThan(1024);
      expect(outcomes['XLSX declaring an enormous sheet (zip bomb): error']).toBeGreaterThan(0);
      expect(outcomes['10^6 columns: error']).toBeGreaterThan(0);
      // After all that, the store still works and a good file loads.
      const good = join(tmp.dir, 'good.csv');
      writeFileSync(good, SEED_CSV.replaceAll('M-00', 'M-10'));
      const [ok] = await ingestPaths(db, { paths: [good], kind: 'participations', key: KEY }, quietEffects());
      expect(ok?.status).toBe('success');
      expect(ok?.rowsLoaded).toBe(3);
    } finally {
      db.close();
    }
  }, 300_000);
});
