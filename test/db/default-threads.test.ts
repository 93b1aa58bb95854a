import { afterEach, describe, expect, it } from 'vitest';
import { Db, setDefaultThreads } from '../../pipelines/db/database.ts';

describe('DuckDB threads', () => {
  afterEach(() => setDefaultThreads(1)); // the suite's own (test/helpers/one-thread.ts)

  it('a database opened without threads of its own takes the process default (ALMP_THREADS at the command line); its own wins', async () => {
    setDefaultThreads(3);
    const plain = await Db.open(':memory:');
    const own = await Db.open(':memory:', { threads: 2 });
    try {
      expect(await plain.scalar("SELECT current_setting('threads')")).toBe(3);
      expect(await own.scalar("SELECT current_setting('threads')")).toBe(2);
    } finally {
      plain.close();
      own.close();
    }
  });
});
