/** Shared test setup: a DuckDB file in a temp dir with bootstrap + fixture marts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../pipelines/db/database.ts';
import { createFixtureMarts } from './fixture-marts.ts';
import { readDashboards } from '../../dashboards/build.ts';
import type { Dashboard } from '../../dashboards/pages.ts';
import { sampleStore } from '../hardening/helpers.ts';
import { bootstrapped } from '../helpers/fresh-database.ts';

export interface FixtureDb {
  readonly db: Db;
  readonly dir: string;
  close(): void;
}

export async function openFixtureDb(prefix: string): Promise<FixtureDb> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = await bootstrapped(join(dir, 'almp.duckdb'));
  await createFixtureMarts(db);
  return {
    db,
    dir,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The JSON payload embedded in a dashboard page, with datasets expanded to rows. */
export function readPayload(html: string): {
  charts: { id: string; datasets: string[]; vega: Record<string, unknown>; described: string[] }[];
  datasets: Record<string, Record<string, unknown>[]>;
} {
  const match = /<script type="application\/json" id="almp-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no data block');
  const payload = JSON.parse(match[1]!);
  const datasets: Record<string, Record<string, unknown>[]> = {};
  for (const [name, ds] of Object.entries(payload.datasets as Record<string, { fields: string[]; dicts: Record<string, string[]>; rows: unknown[][] }>)) {
    datasets[name] = ds.rows.map((row) =>
      Object.fromEntries(ds.fields.map((f, i) => [f, ds.dicts[f] && row[i] !== null ? ds.dicts[f]![row[i] as number] : row[i]])),
    );
  }
  return { charts: payload.charts, datasets };
}

/** The dashboards of the bundled samples (models built as of the samples' date), as writeDashboards assembles them. */
export async function sampleDashboards(path: string): Promise<Dashboard[]> {
  const db = await sampleStore(path);
  try {
    return await readDashboards(db);
  } finally {
    db.close();
  }
}
