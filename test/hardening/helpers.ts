/** Shared set-up for the hardening tests: a store built from the bundled samples. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths } from '../../pipelines/ingest/ingest.ts';
import { buildModels } from '../../pipelines/models/build.ts';
import { closedDatabase, openFromTemplate } from '../helpers/template-db.ts';
import { bootstrapped } from '../helpers/fresh-database.ts';
import { MANIFEST_FILE, type Manifest } from '../../pipelines/federation/manifest.ts';
import { fileDigest, signManifest } from '../../pipelines/federation/signature.ts';

export const SAMPLES = fileURLToPath(new URL('../../data-samples/inbox/', import.meta.url));
export const KEY = Buffer.from('hardening-test-key-0123456789abcdef');
export const AS_OF = '2026-09-30';

/** The largest sample file of final reports in this format: the names follow the provider ids the generator draws, so tests do not name one. */
export function sampleReports(ext: 'json' | 'xlsx'): string {
  const dir = join(SAMPLES, 'final_reports');
  const files = readdirSync(dir).filter((name) => name.endsWith(`.${ext}`)).map((name) => join(dir, name));
  const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!largest) throw new Error(`no .${ext} file in ${dir}`);
  return largest;
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openStore(path: string): Promise<Db> {
  return bootstrapped(path);
}

/** The samples ingested and the models built, in a new database file (one build per test run, copied). */
export async function sampleStore(path: string): Promise<Db> {
  return openFromTemplate('hardening-samples', path, (at) =>
    closedDatabase(at, async (db) => {
      await bootstrap(db);
      const results = await ingestPaths(db, { paths: [SAMPLES], key: KEY }, quietEffects());
      const failed = results.filter((r) => r.status === 'error');
      if (failed.length > 0) throw new Error(`samples did not load: ${failed.map((f) => f.error).join('; ')}`);
      await buildModels(db, { asOf: AS_OF }, quietEffects());
    }),
  );
}

/**
 * mart.indicator_values as sorted text lines (as_of included), for comparing two builds.
 * Figures are rounded to 9 decimals: floating-point sums may differ in the last bit when
 * the rows arrive in another order, which is not a different figure.
 */
export async function indicatorLines(db: Db): Promise<string[]> {
  const rows = await db.json<Record<string, unknown>>(
    `SELECT * REPLACE (round(numerator, 9) AS numerator, round(value, 9) AS value, round(ci_low, 9) AS ci_low,
                       round(ci_high, 9) AS ci_high, round(denominator, 9) AS denominator)
     FROM mart.indicator_values ORDER BY ALL`,
  );
  return rows.map((r) => JSON.stringify(r));
}

/**
 * Signs an export again after a test changed its files or manifest (`change`), as an
 * instance holding the key would have written it: the scenarios beyond the signature (an
 * older export, a record two instances deliver, values an ingest refuses) still need one.
 */
export async function resignExport(dir: string, change: (manifest: Manifest) => Manifest = (m) => m, key: Buffer = KEY): Promise<void> {
  const path = join(dir, MANIFEST_FILE);
  const manifest = change(JSON.parse(readFileSync(path, 'utf8')) as Manifest);
  const tables = await Promise.all(
    manifest.tables.map(async (t) => (t.name.startsWith('raw.') && existsSync(join(dir, t.path)) ? { ...t, sha256: await fileDigest(join(dir, t.path)) } : t)),
  );
  writeFileSync(path, JSON.stringify(signManifest({ ...manifest, tables }, key)));
}

/** Reduces a copy of the union store to what one Jobcenter instance would hold. */
export async function keepOnlyJobcenter(db: Db, jobcenterId: string): Promise<void> {
  const params = { jc: jobcenterId };
  const otherMeasures = `SELECT measure_id FROM raw.measures WHERE jobcenter_id <> $jc`;
  await db.run(`DELETE FROM raw.final_reports WHERE measure_id IN (${otherMeasures})`, params);
  await db.run(`DELETE FROM raw.attendance WHERE measure_id IN (${otherMeasures})`, params);
  await db.run(`DELETE FROM raw.participations WHERE jobcenter_id <> $jc`, params);
  await db.run(`DELETE FROM raw.measures WHERE jobcenter_id <> $jc`, params);
  await db.run(`DELETE FROM raw.jobcenter_stocks WHERE jobcenter_id <> $jc`, params);
  await db.run(`DELETE FROM raw.outcomes WHERE jobcenter_id <> $jc`, params);
  await db.run(`DELETE FROM raw.jobcenters WHERE jobcenter_id <> $jc`, params);
}
