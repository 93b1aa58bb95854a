/**
 * Without any data the as-of date is today in Germany: the UTC date made a build at 00:30
 * Berlin time (22:30 UTC the evening before) take the previous day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../pipelines/db/bootstrap.ts';
import { Db } from '../../pipelines/db/database.ts';
import { resolveAsOf } from '../../pipelines/models/as-of.ts';

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'almp-asof-'));
  db = await Db.open(join(dir, 'almp.duckdb'));
  await bootstrap(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('as-of of a database without data', () => {
  it.each([
    ['2026-06-30T22:30:00Z', '2026-07-01'], // 00:30 summer time
    ['2026-12-31T23:15:00Z', '2027-01-01'], // 00:15 winter time, new year
    ['2026-07-01T21:59:00Z', '2026-07-01'], // 23:59
  ])('at %s is the Berlin day %s', async (now, day) => {
    expect(await resolveAsOf(db, undefined, new Date(now))).toBe(day);
  });

  it('a given as-of is taken as given', async () => {
    expect(await resolveAsOf(db, '2025-06-30', new Date('2026-06-30T22:30:00Z'))).toBe('2025-06-30');
  });
});
