/**
 * One benchmark stage in its own process, so that its peak RSS (DuckDB's native memory
 * included) is its own: `node --import tsx stage.ts <stage> <workDir> <size> [kind]`.
 * Prints one JSON line: { stage, size, ms, rows, peakRssMb }.
 */
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Db } from '../db/database.ts';
import { bootstrap } from '../db/bootstrap.ts';
import { quietEffects } from '../effects.ts';
import { isKind } from '../schema/kinds.ts';
import { generate } from '../generate/generate.ts';
import { ingestPaths } from '../ingest/ingest.ts';
import { buildModels } from '../models/build.ts';
import { writeDashboards } from '../../dashboards/build.ts';
import { writeReturns } from '../../reports/build.ts';
import { publishSnapshot } from '../ops/snapshot.ts';

const BENCH_KEY = Buffer.from('benchmark-key-not-secret-0123456789abcdef');

const [stage = '', workDir = '', sizeText = '0', kindArg] = process.argv.slice(2);
const size = Number(sizeText);
// the real clock: the default as-of stops at today, and quietEffects' test clock (2026-01-01) lies
// before the generated data's last day
const effects = quietEffects(new Date());
const dataDir = join(workDir, 'data');
const dbPath = join(workDir, 'almp.duckdb');

function kindFile(kind: string): string {
  const dir = join(dataDir, kind);
  const file = readdirSync(dir).sort()[0];
  if (!file) throw new Error(`no generated file for ${kind}`);
  return join(dir, file);
}

// The bench is an entry point: it reads the memory limit the way the CLI does.
const memoryLimit = process.env['ALMP_MEMORY_LIMIT'] || undefined;
/** A line the stage adds to its row (e.g. the largest dashboard page). */
let note: string | undefined;
let largestPageBytes: number | undefined;

async function withStore<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = await Db.open(dbPath, { memoryLimit });
  try {
    await bootstrap(db);
    return await work(db);
  } finally {
    db.close();
  }
}

async function runStage(): Promise<number> {
  switch (stage) {
    case 'generate':
      await generate({ participations: size, outDir: dataDir, seed: 42 }, effects);
      return size;
    case 'read_csv': {
      // The physical reference: DuckDB's own CSV reader into a table, nothing else.
      if (!kindArg || !isKind(kindArg)) throw new Error('read_csv needs a kind');
      const refPath = join(workDir, `ref-${kindArg}.duckdb`);
      rmSync(refPath, { force: true });
      // in the storage format DuckDB writes by default (v1.0.0), as in every earlier run: in
      // almp's v1.3.0 (storage-format.ts) the same read is 13 % (participations) to 28 %
      // (attendance) faster, while almp's ingest, whose pseudonyms are 64 hex characters
      // FSST cannot shorten, gains 0–5 % (README, Benchmarks)
      (await DuckDBInstance.create(refPath)).closeSync();
      const db = await Db.open(refPath);
      try {
        await db.run(`CREATE TABLE t AS SELECT * FROM read_csv($file)`, { file: kindFile(kindArg) });
        return await db.scalar('SELECT count(*) FROM t');
      } finally {
        db.close();
        rmSync(refPath, { force: true });
      }
    }
    case 'ingest': {
      if (!kindArg || !isKind(kindArg)) throw new Error('ingest needs a kind');
      const results = await withStore((db) => ingestPaths(db, { paths: [kindFile(kindArg)], kind: kindArg, key: BENCH_KEY }, effects));
      const failed = results.find((r) => r.status === 'error');
      if (failed) throw new Error(`ingest failed: ${failed.error}`);
      return results.reduce((n, r) => n + r.rowsLoaded, 0);
    }
    case 'models': {
      const result = await withStore((db) => buildModels(db, {}, effects));
      const failed = result.models.find((m) => m.status === 'error');
      if (failed) throw new Error(`model ${failed.name} failed: ${failed.error}`);
      return size;
    }
    case 'dashboards': {
      const written = await withStore((db) => writeDashboards(db, { outDir: join(workDir, 'out') }, effects));
      const failed = written.find((r) => r.status === 'error');
      if (failed) throw new Error(`dashboards failed: ${failed.name}: ${failed.error}`);
      // The issue's second target: each page under 3 MB.
      const pages = written.filter((r) => r.path?.endsWith('.html'));
      largestPageBytes = Math.max(0, ...pages.map((r) => statSync(r.path!).size));
      note = `${pages.length} pages, largest ${(largestPageBytes / 2 ** 20).toFixed(2)} MiB`;
      return size;
    }
    case 'returns':
      await withStore((db) => writeReturns(db, { outDir: join(workDir, 'out') }, effects));
      return size;
    case 'snapshot': {
      // Checkpoint + copy of the whole database file, as after every `almp run`.
      const result = await withStore((db) => publishSnapshot(db, { dir: join(workDir, 'snapshots'), keep: 1 }, effects));
      if (result.status !== 'success') throw new Error(`snapshot failed: ${result.error}`);
      return size;
    }
    case 'refresh': {
      // A provider re-sends 1,000 final reports: one new file into the built database, then
      // everything derived is rebuilt (the build is always complete; see README).
      const file = join(workDir, 'refresh', 'final_reports_1000.csv');
      mkdirSync(join(workDir, 'refresh'), { recursive: true });
      await withStore(async (db) => {
        await db.run(
          `COPY (SELECT * FROM read_csv($src, delim = ';', header = true, all_varchar = true)
                 WHERE provider_id = (SELECT min(provider_id) FROM read_csv($src, delim = ';', header = true, all_varchar = true))
                 LIMIT 1000) TO '${file.replaceAll("'", "''")}' (HEADER, DELIMITER ';')`,
          { src: kindFile('final_reports') },
        );
        const loaded = await ingestPaths(db, { paths: [file], kind: 'final_reports', key: BENCH_KEY }, effects);
        if (loaded.some((r) => r.status === 'error')) throw new Error(`refresh ingest failed: ${loaded[0]?.error}`);
        const result = await buildModels(db, {}, effects);
        const failed = result.models.find((m) => m.status === 'error');
        if (failed) throw new Error(`model ${failed.name} failed: ${failed.error}`);
      });
      return 1000;
    }
    default:
      throw new Error(`unknown stage '${stage}'`);
  }
}

if (stage === 'ingest' && !existsSync(dataDir)) throw new Error('generate first');
const started = performance.now();
const rows = await runStage();
const ms = performance.now() - started;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ stage: kindArg ? `${stage}:${kindArg}` : stage, size, ms, rows, peakRssMb, note, largestPageBytes })}\n`);
