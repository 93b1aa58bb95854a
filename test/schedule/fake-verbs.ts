/**
 * Stand-in verbs with the real signatures, for scheduler tests that need jobs which are
 * slow or fail on purpose. They do real work on the real DuckDB file: a "file" is lines of
 * `label;n`, loaded in one transaction per file; a file containing BAD is rejected whole.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Verbs } from '../../pipelines/schedule/jobs/verbs.ts';
import type { FileIngestResult } from '../../pipelines/ingest/file-result.ts';

export function fakeVerbs(options: { ingestDelayMs?: number; onIngest?: (file: string) => void } = {}): Verbs {
  return {
    async ingest(db, { paths, kind }) {
      const file = paths[0]!;
      options.onIngest?.(basename(file));
      const text = readFileSync(file, 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      const base = { file, kind, rowsRead: 0, rowsSuperseded: 0, rowsReplaced: 0, rowsReplacedUnchanged: 0, extraColumns: [], name: basename(file) };
      if (text.includes('BAD')) {
        return [{ ...base, status: 'error', error: `required column 'measure_id' is missing in ${basename(file)}`, rowsLoaded: 0, rowsRejected: 0, alreadyLoaded: false, firstReasons: [] } satisfies FileIngestResult];
      }
      await db.run('CREATE TABLE IF NOT EXISTS main.loaded (hash VARCHAR, kind VARCHAR, label VARCHAR, n INTEGER)');
      if ((await db.scalar('SELECT count(*) FROM main.loaded WHERE hash = ?', [hash])) > 0) {
        return [{ ...base, status: 'success', rowsLoaded: 0, rowsRejected: 0, alreadyLoaded: true, firstReasons: [] }];
      }
      const rows = text.trim().split('\n').map((line) => line.split(';'));
      await db.transaction(async () => {
        for (const [label, n] of rows) await db.run('INSERT INTO main.loaded VALUES (?, ?, ?, ?)', [hash, kind ?? '', label ?? '', Number(n)]);
        if (options.ingestDelayMs) await new Promise((resolve) => setTimeout(resolve, options.ingestDelayMs));
      });
      return [{ ...base, status: 'success', rowsRead: rows.length, rowsLoaded: rows.length, rowsRejected: 0, alreadyLoaded: false, firstReasons: [] }];
    },
    async buildModels(db) {
      await db.run('CREATE TABLE IF NOT EXISTS main.loaded (hash VARCHAR, kind VARCHAR, label VARCHAR, n INTEGER)');
      await db.run('CREATE OR REPLACE TABLE mart.totals AS SELECT count(*) AS files, coalesce(sum(n), 0) AS total FROM (SELECT DISTINCT hash, label, n FROM main.loaded)');
      return { asOf: '2026-03-10', models: [{ name: 'mart.totals', status: 'success', rows: 1 }] };
    },
    async writeDashboards(db, { outDir }) {
      const total = await db.scalar('SELECT total FROM mart.totals');
      mkdirSync(join(outDir, 'dashboards'), { recursive: true });
      const path = join(outDir, 'dashboards', 'overview.html');
      writeFileSync(path, `<p>total ${total}</p>`);
      return [{ name: 'overview', status: 'success', path }];
    },
    async writeReturns(_db, { outDir, period }) {
      mkdirSync(join(outDir, 'returns'), { recursive: true });
      const path = join(outDir, 'returns', `return-${period}.txt`);
      writeFileSync(path, String(period));
      return [{ name: `return fake-layout ${period}`, status: 'success', path }];
    },
  };
}
