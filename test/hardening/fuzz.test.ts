/**
 * Hostile and broken input: hundreds of mutated CSV/XLSX/JSON files. Each must load or be
 * rejected with a reason — no crash, no hang beyond a bounded time, no memory blow-up —
 * and the good seed file still loads afterwards.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { writeFuzzFiles, SEED_CSV } from './fuzz-inputs.ts';
import { KEY, openStore, tempDir } from './helpers.ts';
import { writeFileSync } from 'node:fs';

const FILES = 200;
const PER_FILE_MS = 20_000;

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
          expect(r.error, file.what).toMatch(/\w{4,}/);
          // a damaged workbook is refused as such, not in the unzip or XML reader's bare words
          if (file.what.startsWith('XLSX')) expect(r.error, file.what).toMatch(/refused: (the workbook is damaged \(|not a valid XLSX file|the workbook's part \S+ inflates .* \(a zip bomb)/);
        } else expect(r.rowsRead, file.what).toBe(r.rowsLoaded + r.rowsRejected + r.rowsSuperseded);
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
