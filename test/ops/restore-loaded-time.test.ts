/**
 * `almp restore` names the files loaded after the snapshot with the time they were loaded, in
 * the schedule's time zone (Europe/Berlin) like `almp status` and the returns' cover. The
 * ledger keeps loaded_at in UTC; restore printed it as it was stored, so a file loaded at
 * 00:30 in Berlin on 01.07.2026 read "loaded 30.06.2026 22:30": another day.
 *
 * | loaded_at in meta.files (UTC) | Berlin offset | shown                    |
 * |-------------------------------|---------------|--------------------------|
 * | 2026-06-30 22:30:00           | +2 (CEST)     | loaded 01.07.2026 00:30  |
 * | 2026-01-03 09:15:00           | +1 (CET)      | loaded 03.01.2026 10:15  |
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Db } from '../../pipelines/db/database.ts';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { quietEffects } from '../../pipelines/effects.ts';
import { publishSnapshot } from '../../pipelines/ops/snapshot.ts';
import { restoreSnapshot } from '../../pipelines/ops/restore.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('restore: files loaded after the snapshot', () => {
  it('shows when they were loaded in Berlin time, not in UTC', async () => {
    dir = mkdtempSync(join(tmpdir(), 'almp-restore-time-'));
    const dbPath = join(dir, 'almp.duckdb');
    const snapshots = join(dir, 'snapshots');
    const db = await Db.open(dbPath);
    await bootstrap(db);
    const snapshot = await publishSnapshot(db, { dir: snapshots, keep: 5 }, quietEffects(new Date('2026-01-01T10:00:00Z')));
    await db.run(`INSERT INTO meta.files VALUES
      (1, 'providers', 'traeger_juli.csv', '/inbox/providers/traeger_juli.csv', 'h1', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '2026-06-30 22:30:00', NULL),
      (2, 'providers', 'traeger_januar.csv', '/inbox/providers/traeger_januar.csv', 'h2', 'csv', NULL, 1, 1, 0, 0, 0, NULL, TIMESTAMP '2026-01-03 09:15:00', NULL)`);
    db.close();

    const effects = quietEffects();
    await restoreSnapshot({ dbPath, snapshotDir: snapshots, snapshot: snapshot.path!.split('/').at(-1)!, waitMs: 1000, timezone: 'Europe/Berlin' }, effects);
    const warnings = effects.warnings.join('\n');
    expect(warnings).toContain('providers/traeger_juli.csv (loaded 01.07.2026 00:30 from');
    expect(warnings).toContain('providers/traeger_januar.csv (loaded 03.01.2026 10:15 from');
  });
});
