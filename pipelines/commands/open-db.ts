/** Opens the configured database, brings it to the current layout, and always closes it. */
import { Db } from '../db/database.ts';
import { bootstrap } from '../db/bootstrap.ts';
import type { Config } from '../config.ts';

export async function withDb<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await Db.open(config.dbPath, { memoryLimit: config.memoryLimit, threads: config.threads });
  try {
    await bootstrap(db);
    return await work(db);
  } finally {
    db.close();
  }
}
