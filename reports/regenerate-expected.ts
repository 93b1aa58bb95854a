/**
 * Regenerates the reference returns in data-samples/expected/returns/ from the bundled
 * samples (data-samples/inbox): a fresh temporary database, the project's own ingest and
 * model build at the samples' fixed as-of date, a pinned clock (load times and the
 * workbooks' creation time derive from as-of; a real run stamps its own clock) and zip entries stamped with as-of, so the files are
 * byte-identical on every run. Run: `npx tsx reports/regenerate-expected.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bootstrap } from '../pipelines/db/bootstrap.ts';
import { Db } from '../pipelines/db/database.ts';
import { consoleEffects, type Effects } from '../pipelines/effects.ts';
import { SAMPLE_AS_OF } from '../pipelines/generate/build-samples.ts';
import { ingestPaths } from '../pipelines/ingest/ingest.ts';
import { buildModels } from '../pipelines/models/build.ts';
import type { ItemResult } from '../pipelines/results.ts';
import { writeReturns } from './build.ts';

export const SAMPLE_INBOX = fileURLToPath(new URL('../data-samples/inbox/', import.meta.url));
export const EXPECTED_DIR = fileURLToPath(new URL('../data-samples/expected/', import.meta.url));

/** Not a secret: pseudonyms never reach a return, the key only has to be fixed. */
const SAMPLE_KEY = Buffer.from('almp-sample-key-not-secret-000000');

export async function regenerateExpected(effects: Effects, outDir = EXPECTED_DIR): Promise<ItemResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'almp-expected-'));
  const pinned: Effects = { ...effects, now: () => new Date(`${SAMPLE_AS_OF}T12:00:00Z`) };
  const db = await Db.open(join(work, 'samples.duckdb'));
  try {
    await bootstrap(db);
    await ingestPaths(db, { paths: [SAMPLE_INBOX], key: SAMPLE_KEY }, pinned);
    const built = await buildModels(db, { asOf: SAMPLE_AS_OF, suppressionThreshold: 5 }, pinned);
    if (built.models.some((m) => m.status === 'error')) return [{ name: 'models', status: 'error', error: 'model build failed' }];
    rmSync(join(outDir, 'returns'), { recursive: true, force: true });
    return await writeReturns(db, { outDir }, pinned);
  } finally {
    db.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const effects = consoleEffects();
  for (const r of await regenerateExpected(effects)) effects.out(`${r.status.padEnd(8)} ${r.path ?? r.name}${r.error ? ` — ${r.error}` : ''}`);
}
