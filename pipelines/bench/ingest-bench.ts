/**
 * Ingest benchmark: our ingest (sniffing, validation, pseudonymisation, ledger) of a
 * participations CSV in the German dialect against DuckDB's raw `read_csv` of the same
 * file into a table, each into a fresh database file. Target: ratio ≤ 2.5 at 10^6 rows.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../db/database.ts';
import { bootstrap } from '../db/bootstrap.ts';
import type { Effects } from '../effects.ts';
import { ingestPaths } from '../ingest/ingest.ts';

export interface BenchRow {
  stage: string;
  size: number;
  ms: number;
  rowsPerSec: number;
  peakRssMb: number;
  refMs?: number;
  ratio?: number;
}

const HEADER = [
  'Kundennummer', 'Dienststelle', 'Maßnahme-Nr', 'Zuweisungsdatum', 'geplanter Beginn', 'Eintritt', 'geplantes Ende',
  'Austritt', 'Austrittsgrund', 'Geburtsjahr', 'Geschlecht', 'Staatsangehörigkeit', 'Bildung', 'LZA', 'LZB',
  'alleinerziehend', 'Schwerbehinderung', 'arbeitslos bei Eintritt',
];
const DAY_MS = 86_400_000;
const BASE = Date.UTC(2022, 0, 3);

function germanDate(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
}

/**
 * Writes `rows` participations in the German export dialect (';', DD.MM.YYYY, ja/nein),
 * deterministic, no two rows with the same key. Every 500th row has an unknown gender code
 * so the reject path is exercised too.
 */
export async function writeParticipationsCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let chunk = `${HEADER.join(';')}\n`;
  for (let i = 0; i < rows; i++) {
    const referral = BASE + ((i * 7919) % 900) * DAY_MS;
    const started = i % 9 !== 0;
    const entry = referral + (5 + (i % 20)) * DAY_MS;
    const plannedEnd = entry + 180 * DAY_MS;
    const exited = started && i % 3 !== 0;
    const exit = entry + (20 + (i % 170)) * DAY_MS;
    chunk += [
      `K${String(100000000 + i)}`,
      `0${6411 + (i % 12)}`,
      `M-${1000 + (i % 400)}`,
      germanDate(referral),
      germanDate(referral + 3 * DAY_MS),
      started ? germanDate(entry) : '',
      germanDate(plannedEnd),
      exited ? germanDate(exit) : '',
      exited ? String(1 + (i % 12)).padStart(2, '0') : '',
      String(1960 + (i % 45)),
      i % 500 === 0 ? 'q' : 'mwd'[i % 3],
      ['DE', 'EU', 'non_EU'][i % 3],
      String(i % 9),
      i % 2 ? 'ja' : 'nein',
      i % 4 ? '1' : '0',
      i % 7 ? 'nein' : 'ja',
      i % 11 ? '0' : '1',
      i % 5 ? 'ja' : 'nein',
    ].join(';');
    chunk += '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function freshDb(dir: string, name: string): Promise<Db> {
  return Db.open(join(dir, name));
}

export async function benchIngest(sizes: number[], effects: Effects): Promise<BenchRow[]> {
  const results: BenchRow[] = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `almp-ingest-bench-${size}-`));
    try {
      const file = join(dir, 'participations.csv');
      await writeParticipationsCsv(file, size);
      readFileSync(file); // both contestants start from a warm page cache

      const ref = await freshDb(dir, 'ref.duckdb');
      let started = performance.now();
      await ref.run('CREATE TABLE t AS SELECT * FROM read_csv($path)', { path: file });
      const refMs = performance.now() - started;
      ref.close();
      results.push({ stage: 'read_csv (reference)', size, ms: refMs, rowsPerSec: size / (refMs / 1000), peakRssMb: peakRssMb() });

      const db = await freshDb(dir, 'ours.duckdb');
      await bootstrap(db);
      started = performance.now();
      const [result] = await ingestPaths(db, { paths: [file], kind: 'participations', key: Buffer.from('bench-key-0123456789abcdef-0123456789') }, { ...effects, out: () => undefined });
      const ms = performance.now() - started;
      db.close();
      if (result?.status !== 'success') throw new Error(`ingest failed: ${result?.error ?? 'no result'}`);
      const row = { stage: 'ingest participations csv', size, ms, rowsPerSec: size / (ms / 1000), peakRssMb: peakRssMb(), refMs, ratio: ms / refMs };
      results.push(row);
      effects.out(`${row.stage} ${size}: ${Math.round(ms)} ms (read_csv ${Math.round(refMs)} ms, ratio ${row.ratio.toFixed(2)}x)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
