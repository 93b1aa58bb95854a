/**
 * Stages that lower DuckDB's memory limit for a while give the configured one back exactly.
 * The reading stages (dashboards, returns) run under 1 GB whatever the configured limit above
 * it (at 10^7 participations the dashboards' buffer otherwise filled the 3 GB the ingest
 * needs) and keep a lower one. DuckDB reports a limit rounded down ('2.7 GiB' for 3GB), and
 * setting that report back lowered the limit a little at each build: the scheduler's went
 * from 1.4 to 1.0 GiB over four builds. A small database keeps its limit in every stage
 * (CAPPED_FROM_PARTICIPATIONS): it cannot come near a cap, and each change of it cost time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { parseBytes, READING_MEMORY, withReadingMemory } from '../../pipelines/db/memory-limit.ts';
import { buildMemoryBytes, limitResources } from '../../pipelines/models/session.ts';

const dbs: { db: Db; dir: string }[] = [];
afterEach(() => {
  for (const { db, dir } of dbs.splice(0)) {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function openWith(memoryLimit?: string): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'almp-memory-'));
  const db = await Db.open(join(dir, 'test.duckdb'), memoryLimit ? { memoryLimit } : {});
  dbs.push({ db, dir });
  return db;
}

/** The limit as DuckDB reports it ('2.7 GiB'). */
async function limitOf(db: Db): Promise<string> {
  const [row] = await db.json<{ limit: string }>(`select current_setting('memory_limit') as "limit"`);
  return row!.limit;
}

describe('memory limit of a stage', () => {
  it('reading stages: a larger limit is lowered while the work runs and restored after, also when the work fails', async () => {
    const db = await openWith('3GB');
    const configured = await limitOf(db);
    // the size is read from the table's statistics: one narrow column is as good as the real table
    await db.run('CREATE SCHEMA raw; CREATE TABLE raw.participations AS SELECT range AS participant_id FROM range(1000000)');
    expect(parseBytes(configured)).toBeGreaterThan(parseBytes(READING_MEMORY) * 2);
    for (let run = 0; run < 3; run++) {
      const during = await withReadingMemory(db, () => limitOf(db));
      // reported rounded down to a tenth of its unit ('953.6 MiB')
      expect(Math.abs(parseBytes(during) - parseBytes(READING_MEMORY))).toBeLessThan(1e6);
      expect(await limitOf(db)).toBe(configured);
    }
    await expect(withReadingMemory(db, async () => Promise.reject(new Error('broken page')))).rejects.toThrow('broken page');
    expect(await limitOf(db)).toBe(configured);
  });

  it('reading stages: a small database keeps a larger limit (it cannot come near the cap)', async () => {
    const db = await openWith('3GB');
    const configured = await limitOf(db);
    await db.run('CREATE SCHEMA raw; CREATE TABLE raw.participations AS SELECT range AS participant_id FROM range(15000)');
    expect(await withReadingMemory(db, () => limitOf(db))).toBe(configured);
  });

  it('reading stages: a lower configured limit is kept', async () => {
    const db = await openWith('512MB');
    const configured = await limitOf(db);
    expect(await withReadingMemory(db, () => limitOf(db))).toBe(configured);
  });

  it('model builds: the default limit is capped during the build and comes back unchanged after each of several builds', async () => {
    const db = await openWith();
    const configured = await limitOf(db);
    await db.run('CREATE SCHEMA raw; CREATE TABLE raw.participations AS SELECT range AS participant_id FROM range(1000000)');
    for (let build = 0; build < 4; build++) {
      const restore = await limitResources(db);
      expect(parseBytes(await limitOf(db))).toBeLessThan(parseBytes(configured));
      await restore();
      expect(await limitOf(db)).toBe(configured);
    }
  });

  it('model builds: a small database keeps the default limit (it cannot come near the cap)', async () => {
    const db = await openWith();
    const configured = await limitOf(db);
    await db.run('CREATE SCHEMA raw; CREATE TABLE raw.participations AS SELECT range AS participant_id FROM range(15000)');
    const restore = await limitResources(db);
    expect(await limitOf(db)).toBe(configured);
    await restore();
    expect(await limitOf(db)).toBe(configured);
  });

  it('model builds: the default cap grows with the participation records (10^7 ran out of 1 GB, and completed with 3 GB)', async () => {
    expect(buildMemoryBytes(0)).toBe(1e9);
    expect(buildMemoryBytes(1_000_000)).toBe(1e9);
    expect(buildMemoryBytes(10_000_000)).toBe(3e9);
    const db = await openWith();
    const configured = await limitOf(db);
    // the size is read from the table's statistics: one narrow column is as good as the real table
    await db.run('CREATE SCHEMA raw; CREATE TABLE raw.participations AS SELECT range AS participant_id FROM range(10000000)');
    const restore = await limitResources(db);
    const during = parseBytes(await limitOf(db));
    expect(during).toBeGreaterThan(parseBytes(configured));
    // reported rounded down to a tenth of its unit ('2.7 GiB' for 3 GB = 2.79 GiB)
    expect(Math.abs(during - 3e9)).toBeLessThan(0.1 * 2 ** 30);
    await restore();
    expect(await limitOf(db)).toBe(configured);
  });

  it('model builds: a limit configured with ALMP_MEMORY_LIMIT is kept whatever the data size', async () => {
    for (const memoryLimit of ['2GB', '512MB']) {
      const db = await openWith(memoryLimit);
      await db.run('CREATE SCHEMA raw; CREATE TABLE raw.participations AS SELECT range AS participant_id FROM range(10000000)');
      const configured = await limitOf(db);
      const restore = await limitResources(db);
      expect(await limitOf(db)).toBe(configured);
      await restore();
    }
  });
});
