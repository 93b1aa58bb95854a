/**
 * The suite's preloaded allocator shim (test/helpers/keep-freed-memory.c): a closing database
 * keeps the memory it freed in the process, and DuckDB's other allocator controls still work.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Db } from '../../pipelines/db/database.ts';

const preloaded = (process.env.LD_PRELOAD ?? '').includes('keep-freed-memory');
const rssMb = () => process.memoryUsage().rss / 2 ** 20;

describe.skipIf(!preloaded)('the test processes with the allocator shim preloaded', () => {
  it('is loaded into this worker', () => {
    expect(readFileSync('/proc/self/maps', 'utf8')).toContain('keep-freed-memory');
  });

  it('keeps the pages a closed database freed, and passes the other allocator controls through', async () => {
    const before = rssMb();
    const db = await Db.open(':memory:');
    // a control the shim passes on to DuckDB's jemalloc (ingest sets it on every run)
    await db.run('SET allocator_background_threads = true');
    await db.run("CREATE TABLE t AS SELECT range AS i, repeat('x', 64) || range AS s FROM range(3000000)");
    const peak = rssMb();
    await db.run('SET allocator_background_threads = false');
    db.close();
    const after = rssMb();
    expect(peak - before).toBeGreaterThan(100);
    expect(after - before).toBeGreaterThan((peak - before) * 0.8);
  });
});
