/** Shared setup of the ingest tests: a fresh bootstrapped DuckDB file in a temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type { Db } from '../../pipelines/db/database.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { ingestPaths, type FileIngestResult, type IngestOptions } from '../../pipelines/ingest/ingest.ts';
import { pseudonymise } from '../../pipelines/ingest/pseudonym.ts';
import { bootstrapped } from '../helpers/fresh-database.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
export const KEY = Buffer.from('test-key-for-ingest-0123456789abcdef');
export const pid = (raw: string) => pseudonymise(raw, KEY);
export const fixture = (name: string) => join(FIXTURES, name);

export interface TestStore {
  db: Db;
  dir: string;
  dbPath: string;
  ingest(paths: string[], options?: Partial<IngestOptions>): Promise<FileIngestResult[]>;
  lines: string[];
  warnings: string[];
  close(): void;
}

export async function openStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-ingest-test-'));
  const dbPath = join(dir, 'almp.duckdb');
  const db = await bootstrapped(dbPath);
  const effects = quietEffects();
  let closed = false;
  const store: TestStore = {
    db,
    dir,
    dbPath,
    lines: effects.lines,
    warnings: effects.warnings,
    // store.db may be replaced by a reopened database (no-raw-ids test)
    ingest: (paths, options = {}) => ingestPaths(store.db, { paths, key: KEY, ...options }, effects),
    close: () => {
      if (!closed) store.db.close();
      closed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return store;
}

/** A fresh store for each test of the calling file (opened before, closed after each). */
export function storePerTest(): () => TestStore {
  let store: TestStore | undefined;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(() => store?.close());
  return () => store!;
}

/** Writes `rows` (the header first) into the first sheet of a new workbook at `path`, each value a cell as given. */
export async function writeSheet(path: string, rows: readonly (readonly unknown[])[]): Promise<void> {
  // imported here: most files of the folder write no workbook
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tabelle1');
  for (const row of rows) sheet.addRow([...row]);
  await workbook.xlsx.writeFile(path);
}
